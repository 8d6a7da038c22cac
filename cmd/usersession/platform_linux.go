package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/utmp"
)

// utmpEnv names the environment variable that replaces the utmp file the
// Linux backend reads (/var/run/utmp), for tests and for reading a copy.
const utmpEnv = "USERSESSION_UTMP"

// platformBackend returns the backend of this operating system: utmp and
// /proc. A USERSESSION_UTMP that is set must name a file that can be
// read: an empty value or a typo is an error, not a machine without
// sessions.
func platformBackend() (session.Backend, error) {
	path, set := os.LookupEnv(utmpEnv)
	if !set {
		return utmp.New(""), nil
	}
	if strings.TrimSpace(path) == "" {
		return nil, fmt.Errorf("%s is set but empty; unset it to read %s", utmpEnv, utmp.DefaultPath)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", utmpEnv, err)
	}
	f.Close()
	return utmp.New(path), nil
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
