package main

import (
	"os"

	"golang.org/x/sys/windows"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/wts"
)

// platformBackend returns the backend of this operating system: the WTS API.
func platformBackend() (session.Backend, error) {
	return wts.New(), nil
}

// isTerminal reports whether f is a console.
func isTerminal(f *os.File) bool {
	var mode uint32
	return windows.GetConsoleMode(windows.Handle(f.Fd()), &mode) == nil
}
