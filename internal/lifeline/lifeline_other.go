//go:build !linux && !windows

package lifeline

import (
	"errors"
	"runtime"
)

// WatchProcess is not available here: it returns an error.
func WatchProcess(pid int) (<-chan struct{}, error) {
	return nil, errors.New("watching a process is not supported on " + runtime.GOOS)
}
