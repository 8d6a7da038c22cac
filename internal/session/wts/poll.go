package wts

import (
	"syscall"

	"github.com/usersession/usersession/internal/session"
)

// The Win32 codes a look at a session during a sign-out or a disconnect
// is judged by (winerror.h).
const (
	errCtxClosePending     syscall.Errno = 7007 // ERROR_CTX_CLOSE_PENDING
	errCtxWinStationName   syscall.Errno = 7001 // ERROR_CTX_WINSTATION_NAME_INVALID
	errCtxWinStationAbsent syscall.Errno = 7022 // ERROR_CTX_WINSTATION_NOT_FOUND
)

// look is the verdict on one look at a session that an action waits for.
type look int

const (
	lookAgain  look = iota // not yet: look again later
	lookDone               // the action is seen complete
	lookGiveUp             // it will not be seen: stop, not completed
)

// notFound reports whether err is 7022 or 7001: the session does not
// exist, or the caller may not query it (MS-TSTS 3.7.4.1.10).
func notFound(err error) bool {
	code, ok := errorCode(err)
	return ok && (code == errCtxWinStationAbsent || code == errCtxWinStationName)
}

// closing reports whether err is 7007: a close is pending on the session.
func closing(err error) bool {
	code, ok := errorCode(err)
	return ok && code == errCtxClosePending
}

// signOutSeen judges a look (now, or the failure err) at a session whose
// sign-out was sent; before is the session as read just before, nil when
// that read failed.
//
//   - 7007 (close pending): the sign-out is under way (Cassia issue #60);
//     look again.
//   - 7022 (or 7001): the session is gone, but only if it could be read
//     before: 7022 also means "no right to query it" (MS-TSTS
//     3.7.4.1.10), and a caller without that right gets it for a session
//     that exists. Without a read before, look again (until the wait ends,
//     not completed).
//   - an answer: done when nobody is signed in any more (the console
//     stays, showing the logon screen), or, when before is known, someone
//     else or a later logon is.
//   - an unreachable host or a timeout: give up.
func signOutSeen(err error, before, now *rawSession) look {
	switch {
	case err == nil:
		if now.UserName == "" || (before != nil && signedOut(before, now)) {
			return lookDone
		}
		return lookAgain
	case closing(err):
		return lookAgain
	case notFound(err):
		if before != nil {
			return lookDone
		}
		return lookAgain
	case terminal(err):
		return lookGiveUp
	}
	return lookAgain
}

// signedOut reports whether the user of before is no longer signed in to
// the session now shows: nobody is, or someone else, or a later logon.
func signedOut(before, now *rawSession) bool {
	switch {
	case now.UserName == "":
		return true
	case now.UserName != before.UserName || now.Domain != before.Domain:
		return true
	case before.Times != nil && now.Times != nil && now.Times.Logon != before.Times.Logon:
		return true
	}
	return false
}

// disconnectSeen judges a look at a session whose disconnect was sent:
// done when it reads Disconnected (WTS_CONNECTSTATE_CLASS WTSDisconnected);
// 7007 is a close under way, look again; a session gone or a host out of
// reach will not show it: give up, not completed.
func disconnectSeen(err error, now *rawSession) look {
	switch {
	case err == nil:
		if stateOf(now.State) == session.StateDisconnected {
			return lookDone
		}
		return lookAgain
	case closing(err):
		return lookAgain
	case notFound(err), terminal(err):
		return lookGiveUp
	}
	return lookAgain
}
