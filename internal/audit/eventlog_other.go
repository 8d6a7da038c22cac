//go:build !windows

package audit

import (
	"errors"
	"runtime"
)

// NewEventLog is for Windows only: elsewhere it returns an error.
func NewEventLog() (Sink, error) {
	return nil, errors.New("the Windows event log does not exist on " + runtime.GOOS)
}
