//go:build !linux && !windows

package main

import "github.com/usersession/usersession/internal/session"

// platformBackend returns the backend of this operating system: none yet.
func platformBackend() (session.Backend, error) {
	return session.Unsupported{BackendName: "none"}, nil
}
