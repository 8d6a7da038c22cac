package main

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/utmp"
)

// utmpEnv names the environment variable that replaces the utmp file the
// Linux backend reads (/var/run/utmp), for tests and for reading a copy.
const utmpEnv = "USERSESSION_UTMP"

// platformBackend returns the backend of this operating system: utmp and
// /proc.
func platformBackend() (session.Backend, error) {
	return utmp.New(os.Getenv(utmpEnv)), nil
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
