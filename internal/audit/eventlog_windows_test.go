//go:build windows

package audit

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows/registry"

	"github.com/usersession/usersession/internal/session"
)

// requireWine skips tests that change the machine's registry: the Wine
// suite (internal/session/wts/wine_process_test.go) runs them in its own prefix,
// with WTSTEST_WINE=1, and reads what ReportEventW received from Wine's
// debug output.
func requireWine(t *testing.T) {
	t.Helper()
	if os.Getenv("WTSTEST_WINE") != "1" {
		t.Skip("changes HKLM; runs in the Wine suite's prefix (see internal/session/wts/wine_process_test.go)")
	}
}

// removeSource deletes the event source's registration.
func removeSource(t *testing.T) {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\EventLog\Application`, registry.ALL_ACCESS)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if err := registry.DeleteKey(k, EventSource); err != nil && !errors.Is(err, registry.ErrNotExist) {
		t.Fatal(err)
	}
}

// records are one of each result, for each action.
func records() []Record {
	var out []Record
	for _, action := range []string{"logoff", "disconnect", "message"} {
		for _, result := range []string{session.AuditCompleted, session.AuditRequested, session.AuditRefused, session.AuditFailed} {
			r := Record{Time: time.Now().UTC(), Action: action, ComputerName: "RDS01", SessionID: 2, UserName: "bob",
				Domain: "CONTOSO", Result: result, Actor: session.CurrentActor()}
			if result == session.AuditFailed || result == session.AuditRefused {
				code := int64(-32001)
				r.Code, r.Error = &code, "access denied"
			}
			out = append(out, r)
		}
	}
	return out
}

// writeAll writes records to s and prints, for the Wine suite, the event
// id and type each must reach ReportEventW with.
func writeAll(t *testing.T, s Sink) {
	t.Helper()
	for _, r := range records() {
		if err := s.Write(r); err != nil {
			t.Errorf("Write %s %s: %v", r.Action, r.Result, err)
		}
		fmt.Printf("wrote event id=%d type=%#04x action=%s result=%s\n", EventID(r.Action, r.Result), eventType(r.Result), r.Action, r.Result)
	}
}

func TestEventLogRegistersItsSourceAndWrites(t *testing.T) {
	requireWine(t)
	removeSource(t)
	s, err := NewEventLog()
	if err != nil {
		t.Fatalf("NewEventLog() as an elevated process: %v", err)
	}
	defer s.(*EventLog).Close()
	// Nothing is registered or opened before the first record.
	if registered() || s.(*EventLog).log != nil {
		t.Fatal("NewEventLog registered the source or opened the log before the first record")
	}
	if !strings.Contains(s.Name(), "not registered; the first record registers it") {
		t.Errorf("Name before the first record = %q, want that the first record registers the source", s.Name())
	}
	writeAll(t, s)
	if strings.Contains(s.Name(), "not registered") {
		t.Errorf("Name = %q", s.Name())
	}
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, eventLogKey, registry.QUERY_VALUE)
	if err != nil {
		t.Fatalf("the source was not registered: %v", err)
	}
	defer k.Close()
	file, typ, err := k.GetStringValue("EventMessageFile")
	if err != nil || typ != registry.EXPAND_SZ || (file != eventCreateMessageFile && file != dotNetMessageFile) {
		t.Errorf("EventMessageFile = %q (type %d), %v", file, typ, err)
	}
	if v, _, err := k.GetIntegerValue("TypesSupported"); err != nil || v != 7 {
		t.Errorf("TypesSupported = %d, %v; want 7", v, err)
	}
	t.Logf("registered with EventMessageFile %s", file)

	// Registered already: named without a word.
	s2, err := NewEventLog()
	if err != nil {
		t.Errorf("NewEventLog() with the source registered: %v", err)
	} else if strings.Contains(s2.Name(), "not registered") {
		t.Errorf("Name with the source registered = %q", s2.Name())
	}
}

func TestEventLogWritesWhenItCannotRegister(t *testing.T) {
	requireWine(t)
	removeSource(t)
	saved := elevated
	elevated = func() bool { return false }
	defer func() { elevated = saved }()
	s, err := NewEventLog()
	if s == nil || err != nil {
		t.Fatalf("NewEventLog() without rights = %v, %v; want a sink and no error", s, err)
	}
	defer s.(*EventLog).Close()
	// The reason shows before the first record, and after it.
	if !strings.Contains(s.Name(), "not registered") || !strings.Contains(s.Name(), "elevated") {
		t.Errorf("Name before the first record = %q, want the reason", s.Name())
	}
	writeAll(t, s)
	if reg := s.(*EventLog).reg; !errors.Is(reg, ErrSourceNotRegistered) || !strings.Contains(reg.Error(), "elevated") {
		t.Errorf("the registration's error = %v, want ErrSourceNotRegistered saying why", reg)
	}
	if !strings.Contains(s.Name(), "not registered") || !strings.Contains(s.Name(), "elevated") {
		t.Errorf("Name = %q, want the reason", s.Name())
	}
	if registered() {
		t.Error("the source was registered without rights")
	}
}
