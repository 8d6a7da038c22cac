package contract

import (
	"fmt"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// InfoResult is the result of server.info.
type InfoResult struct {
	// Name is always "usersession".
	Name string `json:"name"`
	// Version is the helper's release; the PowerShell module checks it
	// against its own.
	Version string `json:"version"`
	// ProtocolVersion is the version of the wire contract.
	ProtocolVersion string `json:"protocolVersion"`
	// OS is the operating system the helper was built for (GOOS).
	OS string `json:"os"`
	// Arch is the processor architecture the helper was built for (GOARCH).
	Arch string `json:"arch"`
	// Backend is "wts", "utmp" or "simulate".
	Backend string `json:"backend"`
	// ComputerName is the name of the local host.
	ComputerName string `json:"computerName"`
	// LocalNames are every name and address the helper takes for the local
	// host, besides ".", "localhost" and loopback addresses: its NetBIOS,
	// DNS and fully qualified names, its own addresses.
	LocalNames []string `json:"localNames"`
	// Elevated is true when the helper runs elevated (Windows) or as root.
	Elevated bool `json:"elevated"`
	// CurrentSessionID is the session the helper runs in, null in none.
	CurrentSessionID *uint32 `json:"currentSessionId" jsonschema:"nullable"`
	// Capabilities says which operations the backend can perform.
	Capabilities session.Capabilities `json:"capabilities"`
	// Audit says where the audit trail goes and how many records could not
	// be written; null when the helper keeps none.
	Audit *AuditStatus `json:"audit" jsonschema:"nullable"`
}

// ListParams are the params of session.list. Every filter is optional;
// together they narrow the list (and), within one filter any value matches
// (or). A filter given as an empty array is an error, never "all": omit
// it to select all.
type ListParams struct {
	// ComputerNames are the hosts to ask, all at once, each once however
	// it is named; none means the local host. ".", "localhost", the local
	// machine's names, loopback and its own addresses mean the local host.
	ComputerNames []string `json:"computerNames,omitempty" jsonschema:"minItems=1" wire:"target"`
	// IDs keeps the sessions with these ids.
	IDs []uint32 `json:"ids,omitempty" jsonschema:"minItems=1" wire:"target"`
	// UserNames keeps the sessions whose user name, or DOMAIN\user, matches
	// one of these patterns; * and ? are wildcards, case is ignored.
	UserNames []string `json:"userNames,omitempty" jsonschema:"minItems=1" wire:"target"`
	// States keeps the sessions in one of these states.
	States []session.State `json:"states,omitempty" jsonschema:"minItems=1" wire:"target"`
	// TimeoutSeconds is the time each host gets to answer (default 10).
	TimeoutSeconds *float64 `json:"timeoutSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
	// IncludeResources adds processCount, workingSetBytes and cpuSeconds to
	// each session, summed over its processes (one process list per host).
	IncludeResources bool `json:"includeResources,omitempty"`
	// ThrottleLimit is how many of the hosts are asked at once (default
	// 64); the others wait for a free place, each with its own timeout
	// from when it is asked.
	ThrottleLimit *int `json:"throttleLimit,omitempty" jsonschema:"minimum=1,maximum=1024"`
}

func (p *ListParams) Validate() error {
	if p.ThrottleLimit != nil && (*p.ThrottleLimit < 1 || *p.ThrottleLimit > session.ParallelLimit) {
		return &ParamsError{"throttleLimit", fmt.Sprintf("throttleLimit must be from 1 to %d; omit it for the default of %d", session.ParallelLimit, session.DefaultMaxParallel)}
	}
	for i, st := range p.States {
		norm, ok := session.ParseState(string(st))
		if !ok {
			return &ParamsError{"states", fmt.Sprintf("states[%d]: %q is not a state; states are %v", i, st, session.States)}
		}
		p.States[i] = norm
	}
	return nil
}

// Timeout converts a timeoutSeconds or intervalSeconds param for the
// Service, which alone decides what is valid (session.CheckTimeout): absent
// is 0, the default; a value that is not more than 0 becomes -1 ns and a
// value past session.MaxTimeout one past it, so that the Service refuses
// them as it refuses them from any caller.
func Timeout(t *float64) time.Duration {
	switch {
	case t == nil:
		return 0
	case !(*t > 0):
		return -1
	case *t > session.MaxTimeout.Seconds():
		return session.MaxTimeout + 1
	}
	return time.Duration(*t * float64(time.Second))
}

// ListResult is the result of session.list.
type ListResult struct {
	// Sessions are the sessions that pass the filters, host by host.
	Sessions []session.Session `json:"sessions"`
	// Failures has one entry for each host that could not be read.
	Failures []Failure `json:"failures"`
}

// Failure is a host session.list could not read.
type Failure struct {
	// ComputerName is the host that failed.
	ComputerName string `json:"computerName"`
	// Code is the JSON-RPC error code of the failure, as in error.code.
	Code int64 `json:"code"`
	// Message describes the failure.
	Message string `json:"message"`
	// Data holds the facts of the failure, as in error.data.
	Data *ErrorData `json:"data,omitempty"`
}

// ActionParams are the params of session.logoff and session.disconnect.
type ActionParams struct {
	// ID is the session to act on.
	ID uint32 `json:"id" wire:"target"`
	// ComputerName is the host of the session; none means the local host.
	ComputerName string `json:"computerName,omitempty" wire:"target"`
	// Wait makes the call return only once the action has finished.
	Wait bool `json:"wait,omitempty"`
	// Force acts even on the caller's own session, session 0 or a
	// listener: it is the one explicit override of the safety policy. The
	// session must exist all the same.
	Force bool `json:"force,omitempty"`
	// Reason says why, for the audit trail.
	Reason string `json:"reason,omitempty"`
	// TimeoutSeconds bounds the lookup of the session and the action each
	// (with wait, until the action has finished); default 10.
	TimeoutSeconds *float64 `json:"timeoutSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
	// ExpectedUserName, when given (never empty), is the user (user or DOMAIN\user) the
	// caller saw in the session: the action is refused (-32003), force or
	// not, when the session is now someone else's, as after a sign-out
	// whose id went to a later logon.
	ExpectedUserName string `json:"expectedUserName,omitempty" wire:"target"`
	// ExpectedLogonTime, when given, is the session's logonTime as the
	// caller saw it: a later logon with the same id is refused likewise.
	ExpectedLogonTime *time.Time `json:"expectedLogonTime,omitempty" wire:"target"`
	// Caller is who asks, as the caller's side claims it (through
	// PowerShell remoting, the helper runs as the remoting account). It may
	// only add protection: the caller's own session, when it is on this
	// host, is refused as the helper's own is. The audit record names it,
	// marked as claimed.
	Caller *Caller `json:"caller,omitempty" wire:"target"`
}

func (p *ActionParams) Validate() error { return p.Caller.validate() }

// ActionResult is the result of session.logoff and session.disconnect.
type ActionResult struct {
	// ComputerName is the host acted on.
	ComputerName string `json:"computerName"`
	// ID is the session acted on.
	ID uint32 `json:"id"`
	// Action is "logoff" or "disconnect".
	Action string `json:"action" jsonschema:"enum=logoff,enum=disconnect"`
	// Completed is true when the action is known to have finished.
	Completed bool `json:"completed"`
	// AuditFailures names, one line each, the audit sinks that could not
	// record the action: the system's log, which is best effort (the
	// action went ahead), or the audit file after the action (its record
	// of intent was written). Absent when every sink recorded it.
	AuditFailures []string `json:"auditFailures,omitempty"`
}

// MessageParams are the params of session.message.
type MessageParams struct {
	// ID is the session to show the message in.
	ID uint32 `json:"id" wire:"target"`
	// ComputerName is the host of the session; none means the local host.
	ComputerName string `json:"computerName,omitempty" wire:"target"`
	// Title is the title of the message box.
	Title string `json:"title"`
	// Text is the message.
	Text string `json:"text"`
	// Buttons are "ok" (the default), "okCancel" or "yesNo".
	Buttons session.Buttons `json:"buttons,omitempty"`
	// TimeoutSeconds is how long the box stays: it closes unanswered after
	// this many seconds (the answer is then "timeout"); none means it stays
	// until answered. Unlike the timeoutSeconds of the other methods it
	// does not bound the call, which gets 10 s to reach the host, plus this
	// time (or a day without it) when it waits for the answer.
	TimeoutSeconds uint32 `json:"timeoutSeconds,omitempty"`
	// Wait makes the call return the button pressed; without it the answer
	// is "async". A call that waits without timeoutSeconds returns -32006
	// after a day, leaving the box on screen.
	Wait bool `json:"wait,omitempty"`
	// Reason says why, for the audit trail.
	Reason string `json:"reason,omitempty"`
	// Caller is who asks, as in session.logoff; the audit record names it.
	Caller *Caller `json:"caller,omitempty" wire:"target"`
}

func (p *MessageParams) Validate() error {
	if err := p.Caller.validate(); err != nil {
		return err
	}
	switch p.Buttons {
	case "":
		p.Buttons = session.ButtonsOK
	case session.ButtonsOK, session.ButtonsOKCancel, session.ButtonsYesNo:
	default:
		return &ParamsError{"buttons", fmt.Sprintf("buttons %q is not one of ok, okCancel, yesNo", p.Buttons)}
	}
	if p.Text == "" {
		return &ParamsError{"text", "text is empty"}
	}
	return nil
}

// MessageResult is the result of session.message.
type MessageResult struct {
	// ComputerName is the host of the session.
	ComputerName string `json:"computerName"`
	// ID is the session the message was shown in.
	ID uint32 `json:"id"`
	// Response is the button pressed ("ok", "cancel", "yes", "no"),
	// "timeout", or "async" when the call did not wait.
	Response session.Response `json:"response"`
	// AuditFailures is as in the result of session.logoff.
	AuditFailures []string `json:"auditFailures,omitempty"`
}

// ProcessesParams are the params of session.processes.
type ProcessesParams struct {
	// ComputerName is the host; none means the local host.
	ComputerName string `json:"computerName,omitempty" wire:"target"`
	// IDs keeps the processes of these sessions; none keeps all.
	IDs []uint32 `json:"ids,omitempty" jsonschema:"minItems=1" wire:"target"`
	// TimeoutSeconds is the time the host gets to answer (default 10).
	TimeoutSeconds *float64 `json:"timeoutSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
}

// ProcessesResult is the result of session.processes.
type ProcessesResult struct {
	// Processes are the processes, session by session.
	Processes []session.Process `json:"processes"`
}

// ResolveParams are the params of session.resolve.
type ResolveParams struct {
	// ComputerNames are the names to group.
	ComputerNames []string `json:"computerNames" jsonschema:"minItems=1" wire:"target"`
}

// ResolveResult is the result of session.resolve.
type ResolveResult struct {
	// Hosts are the hosts the names mean, each once, in the order of their
	// first name.
	Hosts []ResolvedHost `json:"hosts"`
}

// ResolvedHost is one host of session.resolve.
type ResolvedHost struct {
	// ComputerName is the first name given for the host: the one to ask it by.
	ComputerName string `json:"computerName"`
	// Names are every name given that means this host.
	Names []string `json:"names"`
	// Local is true for the local machine.
	Local bool `json:"local"`
}

// WatchParams are the params of session.watch.
type WatchParams struct {
	// ComputerNames are the hosts to watch, each once however it is named;
	// none means the local host.
	ComputerNames []string `json:"computerNames,omitempty" jsonschema:"minItems=1" wire:"target"`
	// Events keeps only these events; none keeps all. unreachable is always
	// sent, so that silence never hides a host that is gone.
	Events []session.EventKind `json:"events,omitempty" jsonschema:"minItems=1" wire:"target"`
	// TimeoutSeconds is the time each listing of a host gets (default 10).
	TimeoutSeconds *float64 `json:"timeoutSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
	// IntervalSeconds is how often a host is listed where the backend
	// cannot tell when its sessions change (default 2).
	IntervalSeconds *float64 `json:"intervalSeconds,omitempty" jsonschema:"minimum=0.05,maximum=3600"`
}

func (p *WatchParams) Validate() error {
	if i := p.IntervalSeconds; i != nil && !(*i >= 0.05 && *i <= 3600) {
		return &ParamsError{"intervalSeconds", "intervalSeconds must be from 0.05 to 3600; omit it for the default of 2"}
	}
	return nil
}

// WatchResult is the result of session.watch.
type WatchResult struct {
	// WatchID names the watch in its session.event notifications and in
	// session.unwatch.
	WatchID string `json:"watchId"`
}

// UnwatchParams are the params of session.unwatch.
type UnwatchParams struct {
	// WatchID is the watch to stop.
	WatchID string `json:"watchId" wire:"target"`
}

// UnwatchResult is the result of session.unwatch.
type UnwatchResult struct {
	// WatchID is the watch that was stopped.
	WatchID string `json:"watchId"`
}

// EventParams are the params of the session.event notification, which
// the helper sends for each change a watch sees.
type EventParams struct {
	// WatchID is the watch that saw the change.
	WatchID string `json:"watchId"`
	// ComputerName is the host of the session.
	ComputerName string `json:"computerName"`
	// ID is the session (0 for unreachable).
	ID uint32 `json:"id"`
	// UserName is the session's user (before a logoff, the one who left).
	UserName string `json:"userName"`
	// Domain is the user's domain.
	Domain string `json:"domain"`
	// Event is what happened: logon, logoff, connect, disconnect, lock,
	// unlock, stateChange, or unreachable (the host stopped answering; it
	// is retried, and what changed meanwhile is sent when it answers).
	Event session.EventKind `json:"event"`
	// Time is when the helper saw the change.
	Time time.Time `json:"time"`
	// Session is the session as session.list gives it, null when it is
	// gone (and for unreachable).
	Session *session.Session `json:"session" jsonschema:"nullable"`
	// Error says why the host is unreachable, for unreachable only.
	Error *EventError `json:"error,omitempty"`
}

// EventError is why a watched host is unreachable, as in error objects.
type EventError struct {
	// Code is the JSON-RPC error code of the failure.
	Code int64 `json:"code"`
	// Message describes the failure.
	Message string `json:"message"`
	// Data holds its facts.
	Data *ErrorData `json:"data,omitempty"`
}

// AuditStatus is what server.info says of the audit trail.
type AuditStatus struct {
	// Sinks names where records go.
	Sinks []string `json:"sinks"`
	// Records is how many records were made since the helper started.
	Records int `json:"records"`
	// Failures is how many of them could not be written to every sink.
	Failures int `json:"failures"`
	// LastError is the last failure, empty when there was none.
	LastError string `json:"lastError,omitempty"`
}

// NoParams are the params of methods that take none.
type NoParams struct{}
