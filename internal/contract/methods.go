package contract

import (
	"encoding/json"

	"github.com/usersession/usersession/internal/session"
)

// Method is one method of the wire contract: its name, what it does, the
// types of its params and result, and the kinds of error it can answer
// besides the protocol's own.
type Method struct {
	Name    string
	Summary string
	// Params is the zero value of the params type, Result of the result
	// type; Result is nil for a notification.
	Params, Result any
	// Errors are the kinds, from the table Errors, the method can answer.
	Errors []error
	// Acts marks a method that acts on a session: it is carried out only
	// when the request has an id to answer.
	Acts bool
	// Notification marks a message the helper sends: it is described,
	// never called.
	Notification bool
}

// The methods, in the order of the contract.
var (
	Discover = &Method{Name: "rpc.discover", Summary: "Describe every method in an OpenRPC 1.3 document.",
		Params: NoParams{}, Result: json.RawMessage{}}
	ServerInfo = &Method{Name: "server.info", Summary: "Describe the helper, its backend and the local host.",
		Params: NoParams{}, Result: InfoResult{}}
	SessionList = &Method{Name: "session.list", Summary: "List the sessions of one or more hosts, asked all at once, each with its own timeout.",
		Params: ListParams{}, Result: ListResult{},
		Errors: []error{session.ErrAccessDenied, session.ErrNotSupported, session.ErrUnreachable, session.ErrTimeout, session.ErrInvalid}}
	SessionLogoff = &Method{Name: "session.logoff", Summary: "Sign a session out; its unsaved work is lost.",
		Params: ActionParams{}, Result: ActionResult{}, Acts: true,
		Errors: []error{session.ErrAccessDenied, session.ErrNoSession, session.ErrRefused, session.ErrNotSupported, session.ErrUnreachable, session.ErrTimeout, session.ErrInvalid}}
	SessionDisconnect = &Method{Name: "session.disconnect", Summary: "Disconnect the client of a session; the session keeps running.",
		Params: ActionParams{}, Result: ActionResult{}, Acts: true,
		Errors: []error{session.ErrAccessDenied, session.ErrNoSession, session.ErrRefused, session.ErrNotSupported, session.ErrUnreachable, session.ErrTimeout, session.ErrInvalid}}
	SessionMessage = &Method{Name: "session.message", Summary: "Show a message box in a session and, if asked, wait for the answer.",
		Params: MessageParams{}, Result: MessageResult{}, Acts: true,
		Errors: []error{session.ErrAccessDenied, session.ErrNoSession, session.ErrNotSupported, session.ErrUnreachable, session.ErrTimeout, session.ErrInvalid}}
	SessionProcesses = &Method{Name: "session.processes", Summary: "List the processes of a host's sessions.",
		Params: ProcessesParams{}, Result: ProcessesResult{},
		Errors: []error{session.ErrAccessDenied, session.ErrNotSupported, session.ErrUnreachable, session.ErrTimeout, session.ErrInvalid}}
	SessionResolve = &Method{Name: "session.resolve", Summary: "Group computer names by the host they mean (the local machine under any of its names, one server under two), as session.list would ask them.",
		Params: ResolveParams{}, Result: ResolveResult{}, Errors: []error{session.ErrInvalid}}
	SessionReclaim = &Method{Name: "session.reclaim", Summary: "Take back idle sessions by a policy in one bounded run: decide for each session with its reason in numbers, warn, wait, check again that it is the same logon and still idle, act, and report; never two runs at once.",
		Params: ReclaimParams{}, Result: ReclaimResult{}, Acts: true,
		Errors: []error{session.ErrAccessDenied, session.ErrRefused, session.ErrNotSupported, session.ErrUnreachable, session.ErrTimeout, session.ErrInvalid}}
	SessionWatch = &Method{Name: "session.watch", Summary: "Watch hosts for session changes: answers a watchId once each host has been listed (within timeoutSeconds) or has failed to be, then sends a session.event notification for each change after that listing until session.unwatch or the end of input.",
		Params: WatchParams{}, Result: WatchResult{}, Errors: []error{session.ErrInvalid}}
	SessionUnwatch = &Method{Name: "session.unwatch", Summary: "Stop a watch.",
		Params: UnwatchParams{}, Result: UnwatchResult{}, Errors: []error{session.ErrInvalid}}
	SessionEvent = &Method{Name: "session.event", Summary: "Sent by the helper, never by a client: one change a watch saw (logon, logoff, connect, disconnect, lock, unlock, stateChange, unreachable).",
		Params: EventParams{}, Notification: true}
)

// Methods returns every method of the contract in its order.
func Methods() []*Method {
	return []*Method{Discover, ServerInfo, SessionList, SessionLogoff, SessionDisconnect, SessionMessage,
		SessionProcesses, SessionResolve, SessionReclaim, SessionWatch, SessionUnwatch, SessionEvent}
}

// ErrorKinds returns the rows of the table for the kinds m can answer.
func (m *Method) ErrorKinds() []ErrorKind {
	var out []ErrorKind
	for _, e := range m.Errors {
		out = append(out, KindOf(e))
	}
	return out
}
