//go:build !windows

package main

import (
	"context"
	"errors"
)

// platformDiagnose reports that diagnose reads the Windows Terminal
// Services API, which this system lacks.
func platformDiagnose(context.Context, string) (any, error) {
	return nil, errors.New("diagnose reads the Windows Terminal Services API: not supported on this system")
}
