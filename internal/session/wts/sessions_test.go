package wts

import (
	"testing"
	"time"
	"unicode/utf16"

	"github.com/usersession/usersession/internal/session"
)

// ft converts a UTC time to a FILETIME value.
func ft(t time.Time) int64 { return t.UnixNano()/100 + fileTimeUnixOffset }

func field[T ~[]uint16](dst T, s string) { copy(dst, utf16.Encode([]rune(s))) }

func TestToSession(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	times := func(lastInput, disconnect time.Time) *sessionTimes {
		st := &sessionTimes{Current: ft(now), Logon: ft(now.Add(-2 * time.Hour))}
		if !lastInput.IsZero() {
			st.LastInput = ft(lastInput)
		}
		if !disconnect.IsZero() {
			st.Disconnect = ft(disconnect)
		}
		return st
	}
	lock, unlock := int32(sessionStateLock), int32(sessionStateUnlock)
	rdp, console := uint16(2), uint16(0)
	one := uint32(1)
	ownIdle := 42 * time.Second
	localClock := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	local := hostFacts{ComputerName: "PC1", Version: Version{10, 0}, Local: true, CurrentID: &one, ConsoleID: 1,
		OwnIdle: &ownIdle, Now: localClock}
	remote := hostFacts{ComputerName: "SRV02", Version: Version{6, 1}}
	unknownRemote := hostFacts{ComputerName: "SRV09"}
	i64 := func(v int64) *int64 { return &v }
	b := func(v bool) *bool { return &v }
	client := &clientInfo{Name: "LAPTOP-7", Family: afInet, Build: 22621, HRes: 1920, VRes: 1080, ColorDepth: 8}

	tests := []struct {
		name          string
		raw           rawSession
		host          hostFacts
		wantIdle      *int64
		wantLastInput *time.Time // checked when wantIdle is set
		wantLocked    *bool
		wantCurrent   bool
		wantConsole   bool
		wantRemote    *bool
		wantAccount   string
	}{
		{
			name:     "active: idle since last input",
			raw:      rawSession{ID: 2, State: 0, UserName: "bob", Domain: "CONTOSO", Times: times(now.Add(-90*time.Second), time.Time{}), Flags: &lock, Protocol: &rdp, Client: client},
			host:     local,
			wantIdle: i64(90), wantLocked: b(true), wantRemote: b(true), wantAccount: `CONTOSO\bob`,
		},
		{
			name:     "disconnected: idle since the disconnect, not the last input",
			raw:      rawSession{ID: 3, State: 4, UserName: "zoë", Times: times(now.Add(-time.Hour), now.Add(-10*time.Minute)), Flags: &unlock, Protocol: &rdp},
			host:     local,
			wantIdle: i64(600), wantLocked: b(false), wantRemote: b(true), wantAccount: "zoë",
		},
		{
			name:     "last input 0 is unknown, so is idle",
			raw:      rawSession{ID: 4, State: 0, UserName: "carol", Times: times(time.Time{}, time.Time{})},
			host:     local,
			wantIdle: nil, wantAccount: "carol",
		},
		{
			name:     "own console session: idle from GetLastInputInfo, by the local clock",
			raw:      rawSession{ID: 1, State: 0, SessionName: "Console", UserName: "admin", Domain: "PC1", Times: times(now.Add(-5*time.Hour), time.Time{}), Flags: &unlock, Protocol: &console},
			host:     local,
			wantIdle: i64(42), wantLastInput: func() *time.Time { t := localClock.Add(-42 * time.Second); return &t }(),
			wantLocked: b(false), wantCurrent: true, wantConsole: true, wantRemote: b(false), wantAccount: `PC1\admin`,
		},
		{
			name:        "own console without GetLastInputInfo: no idle time",
			raw:         rawSession{ID: 1, State: 0, SessionName: "Console", UserName: "admin", Times: times(now.Add(-time.Minute), time.Time{}), Protocol: &console},
			host:        hostFacts{ComputerName: "PC1", Local: true, CurrentID: &one, ConsoleID: 1},
			wantCurrent: true, wantConsole: true, wantRemote: b(false), wantAccount: "admin",
		},
		{
			name:        "another session at the console: WTS's idle time is not trusted",
			raw:         rawSession{ID: 5, State: 0, SessionName: "Console", UserName: "kiosk", Times: times(now.Add(-9*time.Hour), time.Time{}), Protocol: &console},
			host:        hostFacts{ComputerName: "PC1", Local: true, CurrentID: &one, ConsoleID: 5, OwnIdle: &ownIdle},
			wantConsole: true, wantRemote: b(false), wantAccount: "kiosk",
		},
		{
			name:        "remote console: no idle time either",
			raw:         rawSession{ID: 1, State: 0, SessionName: "Console", UserName: "operator", Times: times(now.Add(-9*time.Hour), time.Time{}), Flags: &lock, Protocol: &console},
			host:        remote,
			wantLocked:  b(false), // 6.1 swaps the flags
			wantConsole: true, wantRemote: b(false), wantAccount: "operator",
		},
		{
			name:     "a disconnected console: idle since the disconnect is reliable",
			raw:      rawSession{ID: 1, State: 4, SessionName: "Console", UserName: "admin", Times: times(now.Add(-2*time.Hour), now.Add(-time.Hour))},
			host:     remote,
			wantIdle: i64(3600), wantConsole: true, wantAccount: "admin",
		},
		{
			name:       "no user: no lock state even with flags; a listener is neither remote nor local",
			raw:        rawSession{ID: 65536, State: 6, SessionName: "RDP-Tcp", Flags: &lock, Protocol: &rdp},
			host:       local,
			wantRemote: nil,
		},
		{
			name:       "session 0 is not remote",
			raw:        rawSession{ID: 0, State: 4, SessionName: "Services", Protocol: &console},
			host:       local,
			wantRemote: b(false),
		},
		{
			name:        "remote host of an unknown version: lock state unsure, never current",
			raw:         rawSession{ID: 2, State: 0, SessionName: "RDP-Tcp#1", UserName: "alice", Flags: &lock},
			host:        unknownRemote,
			wantAccount: "alice",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.raw.toSession(tt.host)
			if s.ComputerName != tt.host.ComputerName || s.ID != tt.raw.ID {
				t.Errorf("identity = %s/%d", s.ComputerName, s.ID)
			}
			if !eqPtr(s.IdleSeconds, tt.wantIdle) {
				t.Errorf("IdleSeconds = %v, want %v", deref(s.IdleSeconds), deref(tt.wantIdle))
			}
			if tt.wantIdle == nil && s.IsConsole && s.State != session.StateDisconnected && s.LastInputTime != nil {
				t.Errorf("LastInputTime = %v for a console without a reliable idle time", *s.LastInputTime)
			}
			if tt.wantLastInput != nil && (s.LastInputTime == nil || !s.LastInputTime.Equal(*tt.wantLastInput)) {
				t.Errorf("LastInputTime = %v, want %v", deref(s.LastInputTime), *tt.wantLastInput)
			}
			if !eqPtr(s.Locked, tt.wantLocked) {
				t.Errorf("Locked = %v, want %v", deref(s.Locked), deref(tt.wantLocked))
			}
			if s.IsCurrent != tt.wantCurrent || s.IsConsole != tt.wantConsole {
				t.Errorf("IsCurrent, IsConsole = %v, %v; want %v, %v", s.IsCurrent, s.IsConsole, tt.wantCurrent, tt.wantConsole)
			}
			if !eqPtr(s.IsRemote, tt.wantRemote) {
				t.Errorf("IsRemote = %v, want %v", deref(s.IsRemote), deref(tt.wantRemote))
			}
			if got := deref(s.AccountName); (tt.wantAccount == "" && s.AccountName != nil) || (tt.wantAccount != "" && got != tt.wantAccount) {
				t.Errorf("AccountName = %v, want %q", got, tt.wantAccount)
			}
			if tt.raw.Times != nil && (s.LogonTime == nil || !s.LogonTime.Equal(now.Add(-2*time.Hour))) {
				t.Errorf("LogonTime = %v", s.LogonTime)
			}
			if tt.raw.Times == nil && (s.LogonTime != nil || s.LastInputTime != nil || s.IdleSeconds != nil) {
				t.Errorf("times known without WTSSessionInfoEx: %+v", s)
			}
			if s.State != session.States[tt.raw.State] {
				t.Errorf("State = %q", s.State)
			}
		})
	}
}

func TestToSessionClientFields(t *testing.T) {
	r := rawSession{ID: 2, UserName: "bob", SID: "S-1-5-21-1-2-3-1002",
		Client:  &clientInfo{Name: "LAPTOP-7", Family: afInet, Build: 22621, HRes: 1920, VRes: 1080, ColorDepth: 8},
		Address: &clientAddressRaw{AddressFamily: afInet, Address: [20]byte{2: 10, 5: 7}}}
	s := r.toSession(hostFacts{ComputerName: "SRV02"})
	if s.ClientName != "LAPTOP-7" || s.ClientAddress != "10.0.0.7" {
		t.Errorf("client = %q %q", s.ClientName, s.ClientAddress)
	}
	if s.ClientBuild == nil || *s.ClientBuild != 22621 {
		t.Errorf("ClientBuild = %v", deref(s.ClientBuild))
	}
	if s.ClientDisplay == nil || *s.ClientDisplay != (session.Display{Width: 1920, Height: 1080, ColorDepth: 24}) {
		t.Errorf("ClientDisplay = %v", deref(s.ClientDisplay))
	}
	if s.SID == nil || *s.SID != "S-1-5-21-1-2-3-1002" {
		t.Errorf("SID = %v", deref(s.SID))
	}
	// Without a client (the console, a listener): no build, no display.
	s = rawSession{ID: 1, Client: &clientInfo{}}.toSession(hostFacts{})
	if s.ClientBuild != nil || s.ClientDisplay != nil || s.SID != nil || s.AccountName != nil || s.IsRemote != nil {
		t.Errorf("a session without client or user: %+v", s)
	}
}

func TestFromInfoKeepsTheEnumerationsNames(t *testing.T) {
	var l wtsInfoExLevel1
	field(l.WinStationName[:], "RDP-Tcp#1")
	field(l.UserName[:], "truncated")
	field(l.DomainName[:], "CONTOSO")
	l.SessionState = 4
	l.LogonTime = largeIntegerOf(12345)
	l.SessionFlags = sessionStateLock
	r := rawSession{ID: 5, UserName: "a-name-longer-than-twenty"}
	r.fromInfoEx(&l)
	if r.UserName != "a-name-longer-than-twenty" || r.Domain != "CONTOSO" || r.SessionName != "RDP-Tcp#1" || r.State != 4 {
		t.Errorf("fromInfoEx = %+v", r)
	}
	if r.Times == nil || r.Times.Logon != 12345 || r.Flags == nil || *r.Flags != sessionStateLock {
		t.Errorf("times, flags = %+v, %v", r.Times, r.Flags)
	}
	var in wtsInfo
	field(in.UserName[:], "bob")
	in.State = 0
	r = rawSession{ID: 6}
	r.fromInfo(&in)
	if r.UserName != "bob" || r.Times == nil || r.Flags != nil {
		t.Errorf("fromInfo = %+v", r)
	}
}

func eqPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
