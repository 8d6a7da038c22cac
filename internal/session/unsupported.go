package session

import (
	"context"
	"os"
)

// Unsupported is the backend of a platform that has no real one yet: it
// describes the host and answers ErrNotSupported to everything else.
type Unsupported struct {
	// BackendName is reported by Name and in every error.
	BackendName string
}

// Name returns the backend's name.
func (u Unsupported) Name() string { return u.BackendName }

func (u Unsupported) err(op string) error {
	return &Error{Kind: ErrNotSupported, Op: op, Backend: u.BackendName,
		Hint: "this platform has no session backend; use --simulate FILE to try the tool"}
}

// Info reports the host name and no capabilities.
func (u Unsupported) Info(context.Context) (HostInfo, error) {
	name, _ := os.Hostname()
	return HostInfo{ComputerName: name}, nil
}

// Sessions answers ErrNotSupported.
func (u Unsupported) Sessions(context.Context, string) ([]Session, error) {
	return nil, u.err("list")
}

// Session answers ErrNotSupported.
func (u Unsupported) Session(context.Context, string, uint32) (Session, error) {
	return Session{}, u.err("list")
}

// Logoff answers ErrNotSupported.
func (u Unsupported) Logoff(context.Context, string, uint32, bool) (bool, error) {
	return false, u.err("logoff")
}

// Disconnect answers ErrNotSupported.
func (u Unsupported) Disconnect(context.Context, string, uint32, bool) (bool, error) {
	return false, u.err("disconnect")
}

// Message answers ErrNotSupported.
func (u Unsupported) Message(context.Context, string, uint32, Message) (Response, error) {
	return "", u.err("message")
}

// Processes answers ErrNotSupported.
func (u Unsupported) Processes(context.Context, string) ([]Process, error) {
	return nil, u.err("processes")
}
