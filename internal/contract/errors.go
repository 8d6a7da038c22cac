package contract

import (
	"errors"
	"runtime"
	"syscall"

	"github.com/usersession/usersession/internal/session"
)

// The error codes of the wire contract: the JSON-RPC 2.0 codes the helper
// answers with, and its own from -32001 on.
const (
	CodeParseError     = -32700
	CodeInvalidRequest = -32600
	CodeMethodNotFound = -32601
	CodeInvalidParams  = -32602
	CodeInternal       = -32603
	CodeAccessDenied   = -32001
	CodeNoSession      = -32002
	CodeRefused        = -32003
	CodeNotSupported   = -32004
	CodeUnreachable    = -32005
	CodeTimeout        = -32006
	CodeAuditFailed    = -32007
)

// The kinds of failure of the protocol itself; the domain's kinds are the
// session.Err* sentinels.
var (
	// ErrParse is a line that is not JSON.
	ErrParse = errors.New("parse error")
	// ErrInvalidRequest is JSON that is not a valid request object.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrUnknownMethod is a call of a method not in the table.
	ErrUnknownMethod = errors.New("unknown method")
	// ErrInternal is a failure of the helper itself.
	ErrInternal = errors.New("internal error")
)

// ErrorKind is one row of the table of errors.
type ErrorKind struct {
	// Kind is the sentinel errors.Is finds in an error of this kind.
	Kind error
	// Code is the JSON-RPC error.code.
	Code int64
	// Name names the kind in code and documents ("accessDenied").
	Name string
	// Message says what the code means, as the OpenRPC document lists it.
	Message string
}

// Errors is the one table that maps the kinds of failure to JSON-RPC
// codes, names and messages. An error of no kind in it is -32603.
var Errors = []ErrorKind{
	{session.ErrAccessDenied, CodeAccessDenied, "accessDenied", "access denied"},
	{session.ErrNoSession, CodeNoSession, "noSession", "no such session"},
	{session.ErrRefused, CodeRefused, "refused", "refused for safety without force"},
	{session.ErrNotSupported, CodeNotSupported, "notSupported", "not supported on this platform or backend"},
	{session.ErrUnreachable, CodeUnreachable, "unreachable", "host unreachable"},
	{session.ErrTimeout, CodeTimeout, "timeout", "timed out"},
	{session.ErrAuditFailed, CodeAuditFailed, "auditFailed", "the audit record could not be written; nothing was done"},
	{session.ErrInvalid, CodeInvalidParams, "invalidParams", "invalid params"},
	{ErrUnknownMethod, CodeMethodNotFound, "methodNotFound", "method not found"},
	{ErrInvalidRequest, CodeInvalidRequest, "invalidRequest", "invalid request"},
	{ErrParse, CodeParseError, "parseError", "parse error"},
	{ErrInternal, CodeInternal, "internal", "internal error"},
}

// KindOf returns the row of the table that err is of, or the internal
// error's row.
func KindOf(err error) ErrorKind {
	for _, k := range Errors {
		if errors.Is(err, k.Kind) {
			return k
		}
	}
	return Errors[len(Errors)-1]
}

// Code returns the JSON-RPC code of err: the code of the first kind in the
// table that err is, else -32603.
func Code(err error) int64 { return KindOf(err).Code }

// Error is the error object of a response.
type Error struct {
	// Code is the kind of failure, from the table.
	Code int64 `json:"code"`
	// Message describes the failure in one line.
	Message string `json:"message"`
	// Data holds the facts of the failure; absent when there are none.
	Data *ErrorData `json:"data,omitempty"`
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// ErrorOf turns any error into the error object of a response.
func ErrorOf(err error) *Error {
	return &Error{Code: Code(err), Message: err.Error(), Data: DataOf(err)}
}

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

// DataOf collects the facts of err, or nil when it has none.
func DataOf(err error) *ErrorData {
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
	var pe *ParamsError
	if errors.As(err, &pe) {
		d.Field = pe.Field
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

// ParamsError is params that do not decode or validate: -32602, "invalid
// params: Msg", with data.field naming the member at fault.
type ParamsError struct {
	// Field is the member at fault, "" for params as a whole.
	Field string
	// Msg says what is wrong.
	Msg string
}

func (e *ParamsError) Error() string { return "invalid params: " + e.Msg }

// Unwrap makes a ParamsError of the kind session.ErrInvalid.
func (e *ParamsError) Unwrap() error { return session.ErrInvalid }

// Invalid returns a *ParamsError.
func Invalid(field, msg string) error { return &ParamsError{Field: field, Msg: msg} }

// FailureOf is the failure of host in a session.list result.
func FailureOf(host string, err error) Failure {
	return Failure{ComputerName: host, Code: Code(err), Message: err.Error(), Data: DataOf(err)}
}

// EventErrorOf is why a watched host is unreachable, as a session.event
// carries it.
func EventErrorOf(err error) *EventError {
	return &EventError{Code: Code(err), Message: err.Error(), Data: DataOf(err)}
}
