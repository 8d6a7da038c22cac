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
	info := func(lastInput, disconnect time.Time) *wtsInfo {
		in := &wtsInfo{CurrentTime: largeIntegerOf(ft(now)), LogonTime: largeIntegerOf(ft(now.Add(-2 * time.Hour)))}
		if !lastInput.IsZero() {
			in.LastInputTime = largeIntegerOf(ft(lastInput))
		}
		if !disconnect.IsZero() {
			in.DisconnectTime = largeIntegerOf(ft(disconnect))
		}
		field(in.WinStationName[:], "RDP-Tcp#1")
		field(in.UserName[:], "truncated")
		field(in.Domain[:], "CONTOSO")
		return in
	}
	lock, unlock := int32(sessionStateLock), int32(sessionStateUnlock)
	rdp := uint16(2)
	one := uint32(1)
	local := hostFacts{ComputerName: "PC1", Version: Version{10, 0}, Local: true, CurrentID: &one, ConsoleID: 1}
	remote := hostFacts{ComputerName: "SRV02"}
	i64 := func(v int64) *int64 { return &v }
	b := func(v bool) *bool { return &v }

	tests := []struct {
		name        string
		raw         rawSession
		host        hostFacts
		wantIdle    *int64
		wantLocked  *bool
		wantCurrent bool
		wantConsole bool
		wantUser    string
		wantStation string
	}{
		{
			name:     "active: idle since last input",
			raw:      rawSession{ID: 2, State: 0, UserName: "bob", Info: info(now.Add(-90*time.Second), time.Time{}), Flags: &lock, Protocol: &rdp},
			host:     local,
			wantIdle: i64(90), wantLocked: b(true), wantUser: "bob", wantStation: "RDP-Tcp#1",
		},
		{
			name:     "disconnected: idle since the disconnect, not the last input",
			raw:      rawSession{ID: 3, State: 4, UserName: "zoë", Info: info(now.Add(-time.Hour), now.Add(-10*time.Minute)), Flags: &unlock},
			host:     local,
			wantIdle: i64(600), wantLocked: b(false), wantUser: "zoë", wantStation: "RDP-Tcp#1",
		},
		{
			name:     "last input 0 is unknown, so is idle",
			raw:      rawSession{ID: 4, State: 0, UserName: "carol", Info: info(time.Time{}, time.Time{})},
			host:     local,
			wantIdle: nil, wantUser: "carol", wantStation: "RDP-Tcp#1",
		},
		{
			name:     "own session and console",
			raw:      rawSession{ID: 1, State: 0, SessionName: "Console", UserName: "admin", Info: info(now, time.Time{}), Flags: &unlock},
			host:     local,
			wantIdle: i64(0), wantLocked: b(false), wantCurrent: true, wantConsole: true, wantUser: "admin", wantStation: "Console",
		},
		{
			name:     "no user: no lock state even with flags",
			raw:      rawSession{ID: 65536, State: 6, SessionName: "RDP-Tcp", Flags: &lock},
			host:     local,
			wantUser: "", wantStation: "RDP-Tcp",
		},
		{
			name:     "fallback enumeration: names from WTSINFOW",
			raw:      rawSession{ID: 5, State: 0, Info: info(now.Add(-time.Second), time.Time{})},
			host:     local,
			wantIdle: i64(1), wantUser: "truncated", wantStation: "RDP-Tcp#1",
		},
		{
			name:        "remote: lock state unsure, console by name, never current",
			raw:         rawSession{ID: 1, State: 0, SessionName: "Console", UserName: "admin", Flags: &lock},
			host:        remote,
			wantConsole: true, wantUser: "admin", wantStation: "Console",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.raw.toSession(tt.host)
			if s.ComputerName != tt.host.ComputerName || s.ID != tt.raw.ID {
				t.Errorf("identity = %s/%d", s.ComputerName, s.ID)
			}
			if s.UserName != tt.wantUser || s.SessionName != tt.wantStation {
				t.Errorf("user, station = %q, %q; want %q, %q", s.UserName, s.SessionName, tt.wantUser, tt.wantStation)
			}
			if !eqPtr(s.IdleSeconds, tt.wantIdle) {
				t.Errorf("IdleSeconds = %v, want %v", deref(s.IdleSeconds), deref(tt.wantIdle))
			}
			if !eqPtr(s.Locked, tt.wantLocked) {
				t.Errorf("Locked = %v, want %v", deref(s.Locked), deref(tt.wantLocked))
			}
			if s.IsCurrent != tt.wantCurrent || s.IsConsole != tt.wantConsole {
				t.Errorf("IsCurrent, IsConsole = %v, %v; want %v, %v", s.IsCurrent, s.IsConsole, tt.wantCurrent, tt.wantConsole)
			}
			if tt.raw.Info != nil && (s.LogonTime == nil || !s.LogonTime.Equal(now.Add(-2*time.Hour))) {
				t.Errorf("LogonTime = %v", s.LogonTime)
			}
			if tt.raw.Info == nil && (s.LogonTime != nil || s.LastInputTime != nil || s.IdleSeconds != nil) {
				t.Errorf("times known without WTSSessionInfo: %+v", s)
			}
			if tt.raw.Protocol != nil && s.Protocol != "RDP" {
				t.Errorf("Protocol = %q", s.Protocol)
			}
			if s.State != session.States[tt.raw.State] {
				t.Errorf("State = %q", s.State)
			}
		})
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
