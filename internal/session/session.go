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
	ComputerName   string     `json:"computerName"`
	ID             uint32     `json:"id"`
	SessionName    string     `json:"sessionName"`
	UserName       string     `json:"userName"`
	Domain         string     `json:"domain"`
	State          State      `json:"state"`
	ClientName     string     `json:"clientName"`
	ClientAddress  string     `json:"clientAddress"`
	Protocol       string     `json:"protocol"`
	LogonTime      *time.Time `json:"logonTime"`
	ConnectTime    *time.Time `json:"connectTime"`
	DisconnectTime *time.Time `json:"disconnectTime"`
	LastInputTime  *time.Time `json:"lastInputTime"`
	IdleSeconds    *int64     `json:"idleSeconds"`
	Locked         *bool      `json:"locked"`
	IsCurrent      bool       `json:"isCurrent"`
	IsConsole      bool       `json:"isConsole"`
}

// Process is one process of a session.
type Process struct {
	ComputerName    string   `json:"computerName"`
	SessionID       uint32   `json:"sessionId"`
	ProcessID       uint32   `json:"processId"`
	Name            string   `json:"name"`
	UserName        string   `json:"userName"`
	Domain          string   `json:"domain"`
	WorkingSetBytes *uint64  `json:"workingSetBytes"`
	CPUSeconds      *float64 `json:"cpuSeconds"`
	ThreadCount     *uint32  `json:"threadCount"`
	HandleCount     *uint32  `json:"handleCount"`
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
	Remote     bool `json:"remote"`
	Disconnect bool `json:"disconnect"`
	Message    bool `json:"message"`
	Processes  bool `json:"processes"`
}

// HostInfo describes the local host as a backend sees it.
type HostInfo struct {
	ComputerName string
	Elevated     bool
	// CurrentSessionID is the session the helper runs in, nil when it runs
	// in none (a service, a cron job).
	CurrentSessionID *uint32
	Capabilities     Capabilities
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
