// Package simulate is a Backend fed by a fixture file: a host, its
// sessions and processes, and remote hosts with latency or none at all. It
// serves demos, the PowerShell module's tests, benchmarks, and is the fake
// behind every test of the layers above the backends.
//
// Logoff removes a session and its processes; disconnect sets it
// Disconnected with a disconnectTime; a message answers with the session's
// messageResponse. The state lives in memory: the file is never written.
package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/usersession/usersession/internal/explanation"
	"github.com/usersession/usersession/internal/session"
)

// Fixture is the content of a fixture file. Session fields use the wire
// names of session.list.
type Fixture struct {
	// ComputerName is the local host's name (default "SIM01").
	ComputerName string `json:"computerName"`
	// Aliases are the local host's other names and addresses (its DNS
	// name, its FQDN, its own IP addresses): each of them means the local
	// host, as computerName, ".", "localhost" and loopback addresses do.
	Aliases []string `json:"aliases"`
	// CurrentSessionID is the session the helper pretends to run in.
	CurrentSessionID *uint32 `json:"currentSessionId"`
	// Elevated pretends the helper runs elevated. Without it, signing out
	// or disconnecting another user's session is access denied, as on Windows.
	Elevated bool `json:"elevated"`
	// AccessDenied makes every call to the local host fail with
	// ErrAccessDenied (as an unreadable utmp file or a locked-down WTS does).
	AccessDenied bool `json:"accessDenied"`
	// Now fixes the clock, so idle times are reproducible.
	Now *time.Time `json:"now"`
	// LastWakeTime is when the local host last woke from sleep (RFC
	// 3339); absent, it has not slept.
	LastWakeTime *time.Time `json:"lastWakeTime"`
	// Sessions are the local host's sessions.
	Sessions []Session `json:"sessions"`
	// Hosts are remote hosts by name.
	Hosts map[string]*Host `json:"hosts"`
	// Timeline are changes the simulator plays while it is watched, at
	// their offsets from the start of the first watch.
	Timeline []TimelineEntry `json:"timeline"`
}

// Host is a remote host of the fixture.
type Host struct {
	// LatencyMs delays every call to the host.
	LatencyMs int `json:"latencyMs"`
	// Unreachable makes every call fail with ErrUnreachable (after the latency).
	Unreachable bool `json:"unreachable"`
	// AccessDenied makes every call fail with ErrAccessDenied.
	AccessDenied bool `json:"accessDenied"`
	// HangMs makes every call to the host block that long whatever its
	// caller's deadline, as a system call to an unresponsive host does.
	HangMs int `json:"hangMs"`
	// Aliases are the host's other names and addresses: each of them
	// reaches this host.
	Aliases []string `json:"aliases"`
	// LastWakeTime is when the host last woke from sleep; absent, it has
	// not slept.
	LastWakeTime *time.Time `json:"lastWakeTime"`
	// Sessions are the host's sessions.
	Sessions []Session `json:"sessions"`
}

// Session is a session of the fixture: the wire fields plus what the
// simulator needs to play it.
type Session struct {
	session.Session
	// Processes run in the session; computerName and sessionId are filled in.
	Processes []session.Process `json:"processes"`
	// MessageResponse is the button a message in this session gets.
	MessageResponse session.Response `json:"messageResponse"`
	// MessageDelayMs is how long the user takes to answer a message.
	MessageDelayMs int `json:"messageDelayMs"`
	// InputOnMessage plays a user who comes back when a message is shown:
	// the session's lastInputTime becomes now, as if they typed.
	InputOnMessage bool `json:"inputOnMessage"`
}

// Backend plays a Fixture.
type Backend struct {
	mu  sync.Mutex
	fix Fixture

	watchMu  sync.Mutex
	watchers map[string]map[*hostWatch]bool // host key ("" local): its watches
	timeline sync.Once
}

// Load reads a fixture file. A fixture that does not parse or validate is
// a *FixtureError that names the file, the line and column, and the field.
func Load(path string) (*Backend, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read fixture: %w", err)
	}
	be, err := Parse(b)
	var fe *FixtureError
	if errors.As(err, &fe) {
		fe.File = path
	}
	return be, err
}

// Parse reads a fixture from its JSON text. Unknown fields are errors, so
// a misspelt field is not silently ignored. Errors are *FixtureError.
func Parse(b []byte) (*Backend, error) {
	var f Fixture
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(&f)
	if err == nil {
		if _, end := dec.Token(); end != io.EOF {
			err = errors.New("data after the fixture's object")
		}
	}
	if err != nil {
		return nil, parseError(b, err)
	}
	be, err := New(f)
	var fe *FixtureError
	if errors.As(err, &fe) {
		fe.locate(b)
	}
	return be, err
}

// New returns a Backend that plays f.
func New(f Fixture) (*Backend, error) {
	if f.ComputerName == "" {
		f.ComputerName = "SIM01"
	}
	if err := checkSessions("sessions", f.Sessions); err != nil {
		return nil, err
	}
	if err := checkTimeline(f); err != nil {
		return nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(f.Hosts)) {
		path := explanation.Key("hosts", name)
		if f.Hosts[name] == nil {
			return nil, &FixtureError{Path: path, Msg: fmt.Sprintf("%s is null; a host is an object ({} for a host with no sessions)", path)}
		}
		if err := checkSessions(explanation.Key(path, "sessions"), f.Hosts[name].Sessions); err != nil {
			return nil, err
		}
	}
	return &Backend{fix: f}, nil
}

// PromptLocal reports that calls to the simulated local host return at
// once or honour their context (a user's delay in answering a message).
func (b *Backend) PromptLocal() bool { return true }

// Name returns "simulate".
func (b *Backend) Name() string { return "simulate" }

// Info describes the simulated local host.
func (b *Backend) Info(context.Context) (session.HostInfo, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return session.HostInfo{
		ComputerName:     b.fix.ComputerName,
		Elevated:         b.fix.Elevated,
		CurrentSessionID: b.fix.CurrentSessionID,
		Capabilities:     session.Capabilities{Remote: true, Disconnect: true, Message: true, Processes: true},
		ListenerIDs:      true,
	}, nil
}

func (b *Backend) now() time.Time {
	if b.fix.Now != nil {
		return *b.fix.Now
	}
	return time.Now()
}

// host waits out the host's latency and returns its sessions (under b.mu,
// which the caller must release) and its name.
func (b *Backend) host(ctx context.Context, op, name string) (*[]Session, string, error) {
	b.mu.Lock()
	if name == "" {
		if b.fix.AccessDenied {
			b.mu.Unlock()
			return nil, b.fix.ComputerName, &session.Error{Kind: session.ErrAccessDenied, Op: op, ComputerName: b.fix.ComputerName,
				Hint: "the local host denies access in the fixture"}
		}
		return &b.fix.Sessions, b.fix.ComputerName, nil
	}
	key, h := b.lookup(name)
	if h != nil {
		name = key
	}
	b.mu.Unlock()
	if h == nil {
		return nil, name, &session.Error{Kind: session.ErrUnreachable, Op: op, ComputerName: name,
			Hint: "the fixture has no host of that name"}
	}
	if h.HangMs > 0 {
		time.Sleep(time.Duration(h.HangMs) * time.Millisecond)
	}
	if h.LatencyMs > 0 {
		t := time.NewTimer(time.Duration(h.LatencyMs) * time.Millisecond)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, name, &session.Error{Kind: session.ErrTimeout, Op: op, ComputerName: name, Err: ctx.Err()}
		}
	}
	switch {
	case h.Unreachable:
		return nil, name, &session.Error{Kind: session.ErrUnreachable, Op: op, ComputerName: name,
			Hint: "the host is unreachable in the fixture"}
	case h.AccessDenied:
		return nil, name, &session.Error{Kind: session.ErrAccessDenied, Op: op, ComputerName: name,
			Hint: "run elevated; for a remote host, enable AllowRemoteRPC and open port 445"}
	}
	b.mu.Lock()
	return &h.Sessions, name, nil
}

// lookup finds the remote host that name (its key or an alias) means, with
// b.mu held.
func (b *Backend) lookup(name string) (string, *Host) {
	for k, v := range b.fix.Hosts {
		if strings.EqualFold(k, name) {
			return k, v
		}
	}
	for k, v := range b.fix.Hosts {
		for _, a := range v.Aliases {
			if strings.EqualFold(a, name) {
				return k, v
			}
		}
	}
	return "", nil
}

// LocalNames returns the local host's name and its aliases.
func (b *Backend) LocalNames(context.Context) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string{b.fix.ComputerName}, b.fix.Aliases...)
}

// IdentifyHost tells the Service which names are the local host (its
// aliases) and which are one remote host (its key and its aliases).
func (b *Backend) IdentifyHost(_ context.Context, name string) (bool, string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, a := range b.fix.Aliases {
		if strings.EqualFold(a, name) {
			return true, ""
		}
	}
	if key, h := b.lookup(name); h != nil {
		return false, "simulate:" + strings.ToLower(key)
	}
	return false, ""
}

// Sessions lists the sessions of host as the wire shows them.
func (b *Backend) Sessions(ctx context.Context, host string) ([]session.Session, error) {
	ss, name, err := b.host(ctx, "list", host)
	if err != nil {
		return nil, err
	}
	defer b.mu.Unlock()
	now := b.now()
	out := make([]session.Session, 0, len(*ss))
	for _, s := range *ss {
		w := s.Session
		w.ComputerName = name
		if w.State == "" {
			w.State = session.StateActive
		}
		if w.IdleSeconds == nil {
			w.IdleSeconds = session.IdleSeconds(now, w.State, w.LastInputTime, w.DisconnectTime)
		}
		w.IsCurrent = host == "" && b.fix.CurrentSessionID != nil && *b.fix.CurrentSessionID == w.ID
		w.IsConsole = w.IsConsole || strings.EqualFold(w.SessionName, "Console")
		if w.AccountName == nil {
			w.AccountName = session.Account(w.Domain, w.UserName)
		}
		if w.IsRemote == nil {
			switch {
			case w.IsConsole || strings.EqualFold(w.Protocol, "Console"):
				w.IsRemote = session.BoolPtr(false)
			case w.Protocol != "":
				w.IsRemote = session.BoolPtr(true)
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// Session returns session id of host as Sessions lists it.
func (b *Backend) Session(ctx context.Context, host string, id uint32) (session.Session, error) {
	ss, err := b.Sessions(ctx, host)
	if err != nil {
		return session.Session{}, err
	}
	name := host
	if len(ss) > 0 {
		name = ss[0].ComputerName
	}
	return session.Find(ss, "list", name, id)
}

// find returns the index of session id in ss, or an ErrNoSession error.
func find(ss []Session, op, host string, id uint32) (int, error) {
	for i := range ss {
		if ss[i].ID == id {
			return i, nil
		}
	}
	return -1, &session.Error{Kind: session.ErrNoSession, Op: op, ComputerName: host, SessionID: session.IDPtr(id)}
}

// allowed plays Windows' rule that only an elevated caller may act on
// another user's session.
func (b *Backend) allowed(op, host string, ss []Session, i int) error {
	if b.fix.Elevated || host != "" {
		return nil
	}
	for _, s := range ss {
		if b.fix.CurrentSessionID != nil && s.ID == *b.fix.CurrentSessionID && strings.EqualFold(s.UserName, ss[i].UserName) {
			return nil
		}
	}
	return &session.Error{Kind: session.ErrAccessDenied, Op: op, SessionID: session.IDPtr(ss[i].ID),
		Hint: "run elevated to act on another user's session"}
}

// act finds session id of host, checks that the caller may act on it, and
// applies change to the host's sessions under the lock.
func (b *Backend) act(ctx context.Context, op, host string, id uint32, change func(ss *[]Session, i int)) (bool, error) {
	ss, name, err := b.host(ctx, op, host)
	if err != nil {
		return false, err
	}
	defer b.mu.Unlock()
	i, err := find(*ss, op, name, id)
	if err != nil {
		return false, err
	}
	if err := b.allowed(op, host, *ss, i); err != nil {
		return false, err
	}
	change(ss, i)
	key := ""
	if host != "" {
		key = name
	}
	go b.notify(key)
	return true, nil
}

// Logoff removes the session and its processes.
func (b *Backend) Logoff(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	return b.act(ctx, "logoff", host, id, func(ss *[]Session, i int) {
		*ss = append((*ss)[:i:i], (*ss)[i+1:]...)
	})
}

// Disconnect marks the session Disconnected as of now.
func (b *Backend) Disconnect(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	return b.act(ctx, "disconnect", host, id, func(ss *[]Session, i int) {
		s := &(*ss)[i]
		s.State = session.StateDisconnected
		s.DisconnectTime = session.TimePtr(b.now())
		s.ClientName, s.ClientAddress = "", ""
	})
}

// Message answers with the session's messageResponse after its
// messageDelayMs. Without one it answers "timeout" when a timeout is
// given, else the first button: "ok", or "yes" for yesNo. A delay longer
// than the message's timeout answers "timeout" at the timeout. It answers
// "async" when the caller does not wait.
func (b *Backend) Message(ctx context.Context, host string, id uint32, m session.Message) (session.Response, error) {
	ss, name, err := b.host(ctx, "message", host)
	if err != nil {
		return "", err
	}
	i, err := find(*ss, "message", name, id)
	if err != nil {
		b.mu.Unlock()
		return "", err
	}
	if (*ss)[i].InputOnMessage {
		(*ss)[i].LastInputTime = session.TimePtr(b.now())
		(*ss)[i].IdleSeconds = nil
	}
	s := (*ss)[i]
	b.mu.Unlock()
	if !m.Wait {
		return session.ResponseAsync, nil
	}
	// A user slower than the message's timeout never answers it: the box
	// closes at the timeout, as on Windows.
	delay := time.Duration(s.MessageDelayMs) * time.Millisecond
	tooSlow := m.Timeout > 0 && delay > m.Timeout
	if tooSlow {
		delay = m.Timeout
	}
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return "", &session.Error{Kind: session.ErrTimeout, Op: "message", Err: ctx.Err()}
		}
	}
	switch {
	case tooSlow:
		return session.ResponseTimeout, nil
	case s.MessageResponse != "":
		return s.MessageResponse, nil
	case m.Timeout > 0:
		return session.ResponseTimeout, nil
	case m.Buttons == session.ButtonsYesNo:
		return session.ResponseYes, nil
	}
	return session.ResponseOK, nil
}

// Processes lists the processes of every session of host.
func (b *Backend) Processes(ctx context.Context, host string) ([]session.Process, error) {
	ss, name, err := b.host(ctx, "processes", host)
	if err != nil {
		return nil, err
	}
	defer b.mu.Unlock()
	var out []session.Process
	for _, s := range *ss {
		for _, p := range s.Processes {
			p.ComputerName = name
			p.SessionID = s.ID
			out = append(out, p)
		}
	}
	return out, nil
}
