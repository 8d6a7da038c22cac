//go:build !linux && !windows

package main

import (
	"os"

	"github.com/usersession/usersession/internal/session"
)

// platformBackend returns the backend of this operating system: none yet.
func platformBackend() (session.Backend, error) {
	return session.Unsupported{BackendName: "none"}, nil
}

// isTerminal reports whether f is a character device, as terminals are.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
