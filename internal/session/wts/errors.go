package wts

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/usersession/usersession/internal/session"
)

// BackendName is the backend's name on the wire.
const BackendName = "wts"

// The hints of errorKinds: what the caller can do about a failure.
const (
	// accessHint is for a refusal of the caller's rights.
	accessHint = "run elevated; for a remote host, enable AllowRemoteRPC " +
		`(HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server) and open port 445`
	// credentialHint is for a refusal of the caller's credentials or of the
	// way they reached the host, which admins meet on remote hosts.
	credentialHint = "the host did not accept the caller's credentials: the account must be an administrator " +
		"of the host; name the host by its name in DNS (Kerberos finds no account for an alias or an address " +
		"unless it is registered as a service principal name); the two clocks must be within 5 minutes " +
		"of each other; a domain controller must be reachable; and no other connection to the host " +
		"(net use) may use other credentials"
	// rpcHint is for a host that does not answer the Terminal Services RPC,
	// which is how AllowRemoteRPC=0 and a firewall usually show.
	rpcHint = "the host did not answer: check that it is up, that AllowRemoteRPC is 1 under " +
		`HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server (client editions have it 0), and that no ` +
		"firewall blocks port 445 (File and Printer Sharing) between the two machines"
)

// The kinds of package session that the WTS codes refine: each is that
// kind (errors.Is), with the message the code calls for.
var (
	errNoSessionOrNoRight = fmt.Errorf("%w, or no right to query it", session.ErrNoSession)
	errClosing            = fmt.Errorf("%w: a close operation is pending on it (a sign-out is under way)", session.ErrNoSession)
)

// errorKind is what a Win32 code means to a caller: a kind of package
// session, and a hint when one helps.
type errorKind struct {
	kind error
	hint string
}

// errorKinds is the one table from Win32 error codes to the kinds of
// package session. A code that is not listed keeps no kind.
var errorKinds = map[syscall.Errno]errorKind{
	5:    {session.ErrAccessDenied, accessHint},     // ERROR_ACCESS_DENIED
	7045: {session.ErrAccessDenied, accessHint},     // ERROR_CTX_WINSTATION_ACCESS_DENIED
	1326: {session.ErrAccessDenied, credentialHint}, // ERROR_LOGON_FAILURE
	1219: {session.ErrAccessDenied, credentialHint}, // ERROR_SESSION_CREDENTIAL_CONFLICT
	1311: {session.ErrAccessDenied, credentialHint}, // ERROR_NO_LOGON_SERVERS
	1385: {session.ErrAccessDenied, credentialHint}, // ERROR_LOGON_TYPE_NOT_GRANTED
	1396: {session.ErrAccessDenied, credentialHint}, // ERROR_WRONG_TARGET_NAME (Kerberos: no such service principal)
	1825: {session.ErrAccessDenied, credentialHint}, // RPC_S_SEC_PKG_ERROR (Kerberos: clock skew, a name it cannot map)

	// ERROR_CTX_WINSTATION_NAME_INVALID, ERROR_CTX_WINSTATION_NOT_FOUND:
	// MS-TSTS 3.7.4.1.10 (RpcWinStationNameFromLogonId) gives 7022's
	// HRESULT 0x80071B6E as "the session does not exist or the caller does
	// not have WINSTATION_QUERY permission": the two cannot be told apart,
	// so the message says both and the hint is the access one.
	7001: {errNoSessionOrNoRight, accessHint},
	7022: {errNoSessionOrNoRight, accessHint},
	// ERROR_CTX_CLOSE_PENDING: the session is being closed, it is not gone.
	// Cassia's issues #60 and #36 (danports/cassia) report it from queries
	// right after a sign-out and for sessions in the Down state. A logoff
	// that waits keeps looking while it is answered (see signOutSeen).
	7007: {kind: errClosing},

	53:   {session.ErrUnreachable, rpcHint}, // ERROR_BAD_NETPATH
	1722: {session.ErrUnreachable, rpcHint}, // RPC_S_SERVER_UNAVAILABLE
	64:   {kind: session.ErrUnreachable},    // ERROR_NETNAME_DELETED
	67:   {kind: session.ErrUnreachable},    // ERROR_BAD_NET_NAME
	1231: {kind: session.ErrUnreachable},    // ERROR_NETWORK_UNREACHABLE
	1232: {kind: session.ErrUnreachable},    // ERROR_HOST_UNREACHABLE
	1702: {kind: session.ErrUnreachable},    // RPC_S_INVALID_BINDING
	1717: {kind: session.ErrUnreachable},    // RPC_S_UNKNOWN_IF
	1723: {kind: session.ErrUnreachable},    // RPC_S_SERVER_TOO_BUSY
	1726: {kind: session.ErrUnreachable},    // RPC_S_CALL_FAILED
	1727: {kind: session.ErrUnreachable},    // RPC_S_CALL_FAILED_DNE
	1753: {kind: session.ErrUnreachable},    // EPT_S_NOT_REGISTERED

	258:  {kind: session.ErrTimeout}, // WAIT_TIMEOUT
	1460: {kind: session.ErrTimeout}, // ERROR_TIMEOUT

	50:   {kind: session.ErrNotSupported}, // ERROR_NOT_SUPPORTED
	120:  {kind: session.ErrNotSupported}, // ERROR_CALL_NOT_IMPLEMENTED
	127:  {kind: session.ErrNotSupported}, // ERROR_PROC_NOT_FOUND
	1745: {kind: session.ErrNotSupported}, // RPC_S_PROCNUM_OUT_OF_RANGE: the host's RPC server lacks the call
}

// errorCode finds the Win32 error code in err, if there is one.
func errorCode(err error) (syscall.Errno, bool) {
	var code syscall.Errno
	if errors.As(err, &code) {
		return code, true
	}
	return 0, false
}

// win32Kind returns the kind of package session that err's Win32 code has,
// or nil.
func win32Kind(err error) error {
	if code, ok := errorCode(err); ok {
		return errorKinds[code].kind
	}
	return nil
}

// wrap turns the failure of a Windows call into an *session.Error whose
// Kind and Hint come from errorKinds and whose Err is the cause, so that
// errors.Is finds both the kind and the Win32 code. host is "" for the
// local machine. A nil err stays nil.
func wrap(err error, op, host string, id *uint32) error {
	if err == nil {
		return nil
	}
	e := &session.Error{Op: op, ComputerName: host, SessionID: id, Err: err}
	if code, ok := errorCode(err); ok {
		k := errorKinds[code]
		e.Kind, e.Hint = k.kind, k.hint
	}
	if e.Kind == session.ErrNotSupported {
		e.Backend = BackendName
	}
	return e
}

// terminal reports whether err says the host cannot be reached or did not
// answer in time: no further call is sent to it in the same request.
func terminal(err error) bool {
	k := win32Kind(err)
	return k == session.ErrUnreachable || k == session.ErrTimeout
}

// gone reports whether err says the session does not exist (any more),
// or may not be queried: 7022 or 7001 (see notFound). 7007, a close under
// way, is not gone.
func gone(err error) bool { return notFound(err) }

// final reports whether err ends what is asked of a session: the host is
// out of reach (terminal) or the session is gone.
func final(err error) bool { return terminal(err) || gone(err) }
