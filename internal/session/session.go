package session

import (
	"strings"
	"time"
)

// State is the connection state of a session. On the wire it is the WTS
// name of the state (WTS_CONNECTSTATE_CLASS without the prefix).
type State string

// The states, in the order of WTS_CONNECTSTATE_CLASS.
const (
	StateActive       State = "Active"
	StateConnected    State = "Connected"
	StateConnectQuery State = "ConnectQuery"
	StateShadow       State = "Shadow"
	StateDisconnected State = "Disconnected"
	StateIdle         State = "Idle"
	StateListen       State = "Listen"
	StateReset        State = "Reset"
	StateDown         State = "Down"
	StateInit         State = "Init"
)

// States lists every State in the order of WTS_CONNECTSTATE_CLASS, so that
// States[n] is the state whose Windows value is n.
var States = []State{
	StateActive, StateConnected, StateConnectQuery, StateShadow, StateDisconnected,
	StateIdle, StateListen, StateReset, StateDown, StateInit,
}

// ParseState returns the State whose name matches s, ignoring case.
func ParseState(s string) (State, bool) {
	for _, st := range States {
		if strings.EqualFold(string(st), s) {
			return st, true
		}
	}
	return "", false
}

// Session is one logon session of a host, as it travels on the wire.
//
// Strings are empty when there is nothing to report (no user in session 0,
// no client on the console). Times, IdleSeconds and Locked are nil when the
// value is not known: never 0 and never a 1601 date.
type Session struct {
	// ComputerName is the host the session runs on.
	ComputerName string `json:"computerName"`
	// ID is the session id (on Linux, the process id of the login process).
	ID uint32 `json:"id"`
	// SessionName is the WinStation name (Console, RDP-Tcp#7) or the terminal (pts/0).
	SessionName string `json:"sessionName"`
	// UserName is the signed-in user, empty when nobody is.
	UserName string `json:"userName"`
	// Domain is the user's domain or computer, empty when none.
	Domain string `json:"domain"`
	// State is the connection state.
	State State `json:"state"`
	// ClientName is the name of the remote client, empty when none.
	ClientName string `json:"clientName"`
	// ClientAddress is the IPv4 or IPv6 address of the remote client, empty when none.
	ClientAddress string `json:"clientAddress"`
	// Protocol is "Console", "RDP", "ICA" or "SSH", empty when unknown.
	Protocol string `json:"protocol"`
	// LogonTime is when the user signed in.
	LogonTime *time.Time `json:"logonTime" jsonschema:"nullable"`
	// ConnectTime is when the client last connected.
	ConnectTime *time.Time `json:"connectTime" jsonschema:"nullable"`
	// DisconnectTime is when the client last disconnected.
	DisconnectTime *time.Time `json:"disconnectTime" jsonschema:"nullable"`
	// LastInputTime is when the user last typed or moved the mouse.
	LastInputTime *time.Time `json:"lastInputTime" jsonschema:"nullable"`
	// IdleSeconds is the time since the last input (since the disconnect
	// when disconnected), by the host's clock.
	IdleSeconds *int64 `json:"idleSeconds" jsonschema:"nullable"`
	// Locked is true when the session's desktop is locked.
	Locked *bool `json:"locked" jsonschema:"nullable"`
	// IsCurrent is true for the session the helper runs in: the caller's own.
	IsCurrent bool `json:"isCurrent"`
	// IsConsole is true for the session attached to the physical console.
	IsConsole bool `json:"isConsole"`
	// SID is the security identifier of the signed-in user (S-1-5-21-...),
	// null when there is no user or the host does not say (Linux).
	SID *string `json:"sid" jsonschema:"nullable"`
	// AccountName is the user's account as DOMAIN\user (on Linux the user
	// name), null when nobody is signed in.
	AccountName *string `json:"accountName" jsonschema:"nullable"`
	// IsRemote is true when the client is attached over the network (RDP,
	// SSH), false on the console, null when not known.
	IsRemote *bool `json:"isRemote" jsonschema:"nullable"`
	// ClientBuild is the build number of the remote client, null when
	// there is none or the host does not say.
	ClientBuild *uint32 `json:"clientBuild" jsonschema:"nullable"`
	// ClientDisplay is the remote client's display, null when there is
	// none or the host does not say.
	ClientDisplay *Display `json:"clientDisplay" jsonschema:"nullable"`
	// ProcessCount is the number of processes of the session; only with
	// includeResources.
	ProcessCount *uint32 `json:"processCount,omitempty"`
	// WorkingSetBytes is the memory the session's processes hold, summed;
	// only with includeResources.
	WorkingSetBytes *uint64 `json:"workingSetBytes,omitempty"`
	// CPUSeconds is the processor time the session's processes have used,
	// summed; only with includeResources.
	CPUSeconds *float64 `json:"cpuSeconds,omitempty"`
}

// Display is the display of a remote client.
type Display struct {
	// Width is the horizontal resolution in pixels.
	Width uint32 `json:"width"`
	// Height is the vertical resolution in pixels.
	Height uint32 `json:"height"`
	// ColorDepth is the number of bits per pixel.
	ColorDepth uint32 `json:"colorDepth"`
}

// StringPtr returns a pointer to s, or nil when s is empty.
func StringPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// BoolPtr returns a pointer to b.
func BoolPtr(b bool) *bool { return &b }

// Account returns DOMAIN\user, or user without a domain, or nil when user
// is empty: the AccountName of a session.
func Account(domain, user string) *string {
	switch {
	case user == "":
		return nil
	case domain == "":
		return &user
	}
	a := domain + `\` + user
	return &a
}

// Process is one process of a session.
type Process struct {
	// ComputerName is the host the process runs on.
	ComputerName string `json:"computerName"`
	// SessionID is the session the process belongs to.
	SessionID uint32 `json:"sessionId"`
	// ProcessID is the process id.
	ProcessID uint32 `json:"processId"`
	// Name is the image or command name (explorer.exe, bash).
	Name string `json:"name"`
	// UserName is the account the process runs as.
	UserName string `json:"userName"`
	// Domain is the domain of that account, empty when none.
	Domain string `json:"domain"`
	// WorkingSetBytes is the memory the process holds (working set, RSS).
	WorkingSetBytes *uint64 `json:"workingSetBytes" jsonschema:"nullable"`
	// CPUSeconds is the processor time the process has used, user and kernel.
	CPUSeconds *float64 `json:"cpuSeconds" jsonschema:"nullable"`
	// ThreadCount is the number of threads.
	ThreadCount *uint32 `json:"threadCount" jsonschema:"nullable"`
	// HandleCount is the number of open handles (file descriptors on Linux).
	HandleCount *uint32 `json:"handleCount" jsonschema:"nullable"`
	// SID is the security identifier of the process's owner, null when the
	// host does not say (Linux, or not readable).
	SID *string `json:"sid" jsonschema:"nullable"`
}

// Buttons selects the buttons of a message box.
type Buttons string

// The button sets of session.message.
const (
	ButtonsOK       Buttons = "ok"
	ButtonsOKCancel Buttons = "okCancel"
	ButtonsYesNo    Buttons = "yesNo"
)

// Response is what became of a message: the button the user pressed, or
// "timeout" when nobody answered in time, or "async" when the caller did
// not wait.
type Response string

// The responses of session.message.
const (
	ResponseOK      Response = "ok"
	ResponseCancel  Response = "cancel"
	ResponseYes     Response = "yes"
	ResponseNo      Response = "no"
	ResponseTimeout Response = "timeout"
	ResponseAsync   Response = "async"
)

// Message is a message box to show in a session.
type Message struct {
	Title   string
	Text    string
	Buttons Buttons
	// Timeout closes the box after this long; 0 means never.
	Timeout time.Duration
	// Wait makes the call return only when the box was answered or timed out.
	Wait bool
}

// Capabilities says which operations a backend can perform.
type Capabilities struct {
	// Remote is true when other hosts can be asked by computer name.
	Remote bool `json:"remote"`
	// Disconnect is true when sessions can be disconnected.
	Disconnect bool `json:"disconnect"`
	// Message is true when messages can be shown in sessions.
	Message bool `json:"message"`
	// Processes is true when the processes of sessions can be listed.
	Processes bool `json:"processes"`
}

// HostInfo describes the local host as a backend sees it.
type HostInfo struct {
	ComputerName string
	Elevated     bool
	// CurrentSessionID is the session the helper runs in, nil when it runs
	// in none (a service, a cron job).
	CurrentSessionID *uint32
	Capabilities     Capabilities
	// ListenerIDs is true where session ids are Windows': session 0 holds
	// the services and ids from FirstListenerID on are listeners. Linux
	// ids are process ids, to which neither rule applies.
	ListenerIDs bool
	// TerminalSessions is true where sessions are terminals (Linux ttys),
	// which have no lock screen: a message reaches every attached one, so
	// a lock state that is not reported is not an unknown one.
	TerminalSessions bool
}

// TimePtr returns t in UTC, or nil when t is the zero time.
func TimePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// IdleSeconds measures how long a session has been idle at now, the host's
// own clock: since the last input while a client is attached, since the
// disconnect once it is disconnected. It is nil when the reference time is
// not known.
func IdleSeconds(now time.Time, state State, lastInput, disconnect *time.Time) *int64 {
	ref := lastInput
	if state == StateDisconnected {
		ref = disconnect
	}
	if ref == nil || now.IsZero() {
		return nil
	}
	d := int64(now.Sub(*ref) / time.Second)
	if d < 0 {
		d = 0
	}
	return &d
}
