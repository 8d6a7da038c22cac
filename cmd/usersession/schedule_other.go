//go:build !linux && !windows

package main

import (
	"fmt"
	"runtime"

	"github.com/usersession/usersession/internal/schedule"
)

func installSchedule(schedule.Job, string) error {
	return fmt.Errorf("scheduling is for Windows and Linux, not %s", runtime.GOOS)
}

func removeSchedule(string) error {
	return fmt.Errorf("scheduling is for Windows and Linux, not %s", runtime.GOOS)
}
