package main

import (
	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/wts"
)

// platformBackend returns the backend of this operating system: the WTS API.
func platformBackend() (session.Backend, error) {
	return wts.New(), nil
}
