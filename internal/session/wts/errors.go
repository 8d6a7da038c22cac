package wts

import (
	"errors"
	"syscall"

	"github.com/usersession/usersession/internal/session"
)

// BackendName is the backend's name on the wire.
const BackendName = "wts"

// accessHint tells the caller what to do about an access denied.
const accessHint = "run elevated; for a remote host, enable AllowRemoteRPC " +
	`(HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server) and open port 445`

// errorKinds is the one table from Win32 error codes to the kinds of
// package session. A code that is not listed keeps no kind.
var errorKinds = map[syscall.Errno]error{
	5:    session.ErrAccessDenied, // ERROR_ACCESS_DENIED
	1326: session.ErrAccessDenied, // ERROR_LOGON_FAILURE
	7045: session.ErrAccessDenied, // ERROR_CTX_WINSTATION_ACCESS_DENIED

	7001: session.ErrNoSession, // ERROR_CTX_WINSTATION_NAME_INVALID
	7007: session.ErrNoSession, // ERROR_CTX_CLOSE_PENDING
	7022: session.ErrNoSession, // ERROR_CTX_WINSTATION_NOT_FOUND

	53:   session.ErrUnreachable, // ERROR_BAD_NETPATH
	64:   session.ErrUnreachable, // ERROR_NETNAME_DELETED
	67:   session.ErrUnreachable, // ERROR_BAD_NET_NAME
	1231: session.ErrUnreachable, // ERROR_NETWORK_UNREACHABLE
	1232: session.ErrUnreachable, // ERROR_HOST_UNREACHABLE
	1702: session.ErrUnreachable, // RPC_S_INVALID_BINDING
	1717: session.ErrUnreachable, // RPC_S_UNKNOWN_IF
	1722: session.ErrUnreachable, // RPC_S_SERVER_UNAVAILABLE
	1723: session.ErrUnreachable, // RPC_S_SERVER_TOO_BUSY
	1726: session.ErrUnreachable, // RPC_S_CALL_FAILED
	1727: session.ErrUnreachable, // RPC_S_CALL_FAILED_DNE
	1753: session.ErrUnreachable, // EPT_S_NOT_REGISTERED

	258:  session.ErrTimeout, // WAIT_TIMEOUT
	1460: session.ErrTimeout, // ERROR_TIMEOUT

	50:  session.ErrNotSupported, // ERROR_NOT_SUPPORTED
	120: session.ErrNotSupported, // ERROR_CALL_NOT_IMPLEMENTED
	127: session.ErrNotSupported, // ERROR_PROC_NOT_FOUND
}

// errorCode finds the Win32 error code in err, if there is one.
func errorCode(err error) (syscall.Errno, bool) {
	var code syscall.Errno
	if errors.As(err, &code) {
		return code, true
	}
	return 0, false
}

// wrap turns the failure of a WTS call into an *session.Error whose Kind
// comes from errorKinds and whose Err is the cause, so that errors.Is finds
// both the kind and the Win32 code. host is "" for the local machine. A
// nil err stays nil.
func wrap(err error, op, host string, id *uint32) error {
	if err == nil {
		return nil
	}
	e := &session.Error{Op: op, ComputerName: host, SessionID: id, Err: err}
	if code, ok := errorCode(err); ok {
		e.Kind = errorKinds[code]
	}
	switch e.Kind {
	case session.ErrAccessDenied:
		e.Hint = accessHint
	case session.ErrNotSupported:
		e.Backend = BackendName
	}
	return e
}
