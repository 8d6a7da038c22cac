package rpc

import (
	"encoding/json"
	"errors"
	"runtime"
	"syscall"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/usersession/usersession/internal/session"
)

// The application error codes of the wire contract.
const (
	CodeAccessDenied  = -32001
	CodeNoSession     = -32002
	CodeRefused       = -32003
	CodeNotSupported  = -32004
	CodeUnreachable   = -32005
	CodeTimeout       = -32006
	CodeInvalidParams = jsonrpc2.CodeInvalidParams
	// CodeInternal is what an error outside the table maps to.
	CodeInternal = jsonrpc2.CodeInternalError
)

// codes is the one table that maps the domain's kinds of failure to
// JSON-RPC codes. Everything else is an internal error.
var codes = []struct {
	kind error
	code int64
}{
	{session.ErrAccessDenied, CodeAccessDenied},
	{session.ErrNoSession, CodeNoSession},
	{session.ErrRefused, CodeRefused},
	{session.ErrNotSupported, CodeNotSupported},
	{session.ErrUnreachable, CodeUnreachable},
	{session.ErrTimeout, CodeTimeout},
	{session.ErrInvalid, CodeInvalidParams},
	{errUnknownMethod, jsonrpc2.CodeMethodNotFound},
}

var errUnknownMethod = errors.New("unknown method")

// ErrorData is error.data: the facts behind an error, each present only
// when known.
type ErrorData struct {
	// ComputerName is the host the error concerns.
	ComputerName string `json:"computerName,omitempty"`
	// SessionID is the session the error concerns.
	SessionID *uint32 `json:"sessionId,omitempty"`
	// Operation is what was attempted: list, logoff, disconnect, message, processes.
	Operation string `json:"operation,omitempty"`
	// Reason says why a request was refused.
	Reason string `json:"reason,omitempty"`
	// Hint says what the caller can do about it.
	Hint string `json:"hint,omitempty"`
	// Backend names the backend that cannot do the operation.
	Backend string `json:"backend,omitempty"`
	// TimeoutSeconds is the timeout that ran out.
	TimeoutSeconds float64 `json:"timeoutSeconds,omitempty"`
	// Win32Code is the Windows error code behind the error.
	Win32Code *uint32 `json:"win32Code,omitempty"`
	// Errno is the Unix error number behind the error.
	Errno *int `json:"errno,omitempty"`
	// SystemMessage is the operating system's text for Win32Code or Errno.
	SystemMessage string `json:"systemMessage,omitempty"`
	// Field names the parameter that is wrong.
	Field string `json:"field,omitempty"`
}

// paramsError is a request whose params do not decode or validate.
type paramsError struct {
	field string
	msg   string
}

func (e *paramsError) Error() string { return "invalid params: " + e.msg }
func (e *paramsError) Unwrap() error { return session.ErrInvalid }

// Code returns the JSON-RPC code of err: the code of the first kind in the
// table that err is, else -32603.
func Code(err error) int64 {
	for _, c := range codes {
		if errors.Is(err, c.kind) {
			return c.code
		}
	}
	return CodeInternal
}

// toError turns any error into the error object of a response.
func toError(err error) *jsonrpc2.Error {
	e := &jsonrpc2.Error{Code: Code(err), Message: err.Error()}
	if d := errorData(err); d != nil {
		raw, _ := json.Marshal(d)
		e.Data = (*json.RawMessage)(&raw)
	}
	return e
}

// errorData collects the facts of err, or nil when it has none.
func errorData(err error) *ErrorData {
	var d ErrorData
	var se *session.Error
	if errors.As(err, &se) {
		d.ComputerName = se.ComputerName
		d.SessionID = se.SessionID
		d.Operation = se.Op
		d.Reason = se.Reason
		d.Hint = se.Hint
		d.Backend = se.Backend
		d.TimeoutSeconds = se.Timeout
		d.Field = se.Field
	}
	var pe *paramsError
	if errors.As(err, &pe) {
		d.Field = pe.field
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		code := uint32(errno)
		if runtime.GOOS == "windows" {
			d.Win32Code = &code
		} else {
			n := int(errno)
			d.Errno = &n
		}
		d.SystemMessage = errno.Error()
	}
	if d == (ErrorData{}) {
		return nil
	}
	return &d
}
