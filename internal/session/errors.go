package session

import (
	"errors"
	"fmt"
	"strings"
)

// The kinds of failure a caller can act on. Each maps to one JSON-RPC code
// (see package rpc); errors.Is finds them through any wrapping.
var (
	ErrAccessDenied = errors.New("access denied")
	ErrNoSession    = errors.New("no such session")
	ErrRefused      = errors.New("refused for safety")
	ErrNotSupported = errors.New("not supported")
	ErrUnreachable  = errors.New("host unreachable")
	ErrTimeout      = errors.New("timed out")
	// ErrAuditFailed is an action refused because an audit sink that must
	// record (a file the caller asked for) could not write the record of
	// intent: nothing was sent.
	ErrAuditFailed = errors.New("audit record not written")
	// ErrInvalid is a request that cannot mean what it asks (an empty
	// selection, a timeout out of range); Field names the parameter.
	ErrInvalid = errors.New("invalid params")
)

// Error is a failure with the facts a caller needs: which host, which
// session, why. Kind is one of the Err* sentinels; Err is the underlying
// cause (a windows.Errno, a syscall.Errno) and stays reachable through
// errors.Is and errors.As.
type Error struct {
	Kind         error
	Op           string // the operation: "list", "logoff", "disconnect", "message", "processes"
	ComputerName string
	SessionID    *uint32
	Reason       string  // why a refusal was made
	Hint         string  // what the caller can do about it
	Backend      string  // set for ErrNotSupported
	Timeout      float64 // seconds, set for ErrTimeout
	Field        string  // the parameter at fault, set for ErrInvalid
	Err          error
}

// Error describes the failure in one line.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Kind != nil {
		b.WriteString(e.Kind.Error())
	} else {
		b.WriteString("failed")
	}
	if e.SessionID != nil {
		fmt.Fprintf(&b, " (session %d", *e.SessionID)
		if e.ComputerName != "" {
			fmt.Fprintf(&b, " on %s", e.ComputerName)
		}
		b.WriteString(")")
	} else if e.ComputerName != "" {
		fmt.Fprintf(&b, " (%s)", e.ComputerName)
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the kind and the cause, so errors.Is matches both.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// IDPtr returns a pointer to id, for Error.SessionID.
func IDPtr(id uint32) *uint32 { return &id }
