//go:build windows

package wts

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/windows"

	"github.com/usersession/usersession/internal/session"
)

// requireTestDLL skips tests that need the test wtsapi32.dll: they run
// under Wine, started by wine_process_test.go, which sets WTSTEST_WINE=1, makes
// WTSLogoffSession fail with ERROR_ACCESS_DENIED and names the trigger
// file of WTSWaitSystemEvent in WTSTEST_TRIGGER.
func requireTestDLL(t *testing.T) {
	t.Helper()
	if os.Getenv("WTSTEST_WINE") != "1" {
		t.Skip("runs against the test wtsapi32.dll under Wine (see wine_process_test.go)")
	}
}

func TestErrorsKeepTheWin32Code(t *testing.T) {
	requireTestDLL(t)
	ctx := context.Background()
	b := New()

	_, err := b.Logoff(ctx, "", 2, true)
	var e *session.Error
	if !errors.As(err, &e) {
		t.Fatalf("Logoff error %T %v, want *session.Error", err, err)
	}
	if !errors.Is(err, windows.ERROR_ACCESS_DENIED) || !errors.Is(err, session.ErrAccessDenied) {
		t.Errorf("errors.Is fails on %v", err)
	}
	if e.Hint == "" || e.SessionID == nil || *e.SessionID != 2 || e.Op != "logoff" {
		t.Errorf("error lacks its facts: %+v", e)
	}

	_, err = b.Sessions(ctx, "DEAD01")
	if !errors.Is(err, windows.Errno(1722)) || !errors.Is(err, session.ErrUnreachable) {
		t.Errorf("Sessions(DEAD01) = %v, want ErrUnreachable with RPC_S_SERVER_UNAVAILABLE", err)
	}
	if !errors.As(err, &e) || e.ComputerName != "DEAD01" {
		t.Errorf("Sessions(DEAD01) error names %q", e.ComputerName)
	}

	_, err = b.Message(ctx, "", 42, session.Message{Title: "t", Text: "x"})
	if !errors.Is(err, windows.Errno(7022)) || !errors.Is(err, session.ErrNoSession) {
		t.Errorf("Message to 42 = %v, want ErrNoSession with ERROR_CTX_WINSTATION_NOT_FOUND", err)
	}

	_, err = b.Session(ctx, "", 7)
	if !errors.Is(err, session.ErrNoSession) {
		t.Errorf("Session(7), a session of a virtual machine only, = %v, want ErrNoSession", err)
	}
}

func TestBackendAgainstTheTestDLL(t *testing.T) {
	requireTestDLL(t)
	ctx := context.Background()
	b := New()
	if b.Name() != "wts" {
		t.Errorf("Name = %q", b.Name())
	}
	info, err := b.Info(ctx)
	if err != nil || info.ComputerName == "" || info.CurrentSessionID == nil || !info.Capabilities.Remote {
		t.Errorf("Info = %+v, %v", info, err)
	}
	ss, err := b.Sessions(ctx, "SRV02")
	if err != nil || len(ss) != 4 || ss[2].UserName != "alice" || ss[2].ComputerName != "SRV02" {
		t.Fatalf("Sessions(SRV02) = %+v, %v", ss, err)
	}
	// SRV02 is a Windows Server 2008 R2, which swaps the lock flags: alice
	// is unlocked, dave locked.
	if ss[2].Locked == nil || *ss[2].Locked || ss[3].Locked == nil || !*ss[3].Locked {
		t.Errorf("SRV02 lock states: alice %v, dave %v", ss[2].Locked, ss[3].Locked)
	}
	// dave's IPv6 client address from a 6.1 host is unknown (KB951422);
	// SRV03 (10.0) reports it.
	one, err := b.Session(ctx, "SRV02", 3)
	if err != nil || one.UserName != "dave" || one.ClientAddress != "" || one.Locked == nil || !*one.Locked {
		t.Errorf("Session(SRV02, 3) = %+v, %v", one, err)
	}
	one, err = b.Session(ctx, "SRV03", 3)
	if err != nil || one.UserName != "dave" || one.ClientAddress != "2001:db8::d" || one.Locked == nil || !*one.Locked {
		t.Errorf("Session(SRV03, 3) = %+v, %v", one, err)
	}
	ps, err := b.Processes(ctx, "")
	if err != nil || len(ps) != 9 {
		t.Fatalf("Processes = %d, %v; want the 9 of the scenario", len(ps), err)
	}
	if ps[1].UserName != "SYSTEM" || ps[1].Domain != "NT AUTHORITY" || ps[0].UserName != "" {
		t.Errorf("owners: %+v, %+v", ps[0], ps[1])
	}
	if ps[1].SID == nil || *ps[1].SID != "S-1-5-18" || ps[0].SID != nil {
		t.Errorf("owner SIDs: %v, %v", ps[0].SID, ps[1].SID)
	}
	own := ps[8]
	if own.ProcessID != windows.GetCurrentProcessId() || own.WorkingSetBytes == nil || *own.WorkingSetBytes != 6<<30 {
		t.Errorf("the test's own process: %+v, want its whole working set of 6 GiB", own)
	}
	done, err := b.Disconnect(ctx, "", 4, false)
	if err != nil || done {
		t.Errorf("Disconnect without wait = %v, %v; want not completed, no error", done, err)
	}
	r, err := b.Message(ctx, "", 2, session.Message{Title: "t", Text: "x", Buttons: session.ButtonsYesNo, Wait: true})
	if err != nil || r != session.ResponseYes {
		t.Errorf("Message = %q, %v; want yes (the DLL's default for MB_YESNO)", r, err)
	}
	if _, err := b.Message(ctx, "", 2, session.Message{Buttons: "abortRetryIgnore"}); err == nil {
		t.Error("unknown buttons accepted")
	}
}

// trigger makes the test DLL's WTSWaitSystemEvent return with an event.
func trigger(t *testing.T) {
	t.Helper()
	if err := os.WriteFile(os.Getenv("WTSTEST_TRIGGER"), []byte("event"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// receive waits for one change or the end of the watch.
func receive(t *testing.T, w session.HostWatch, what string) (ok bool) {
	t.Helper()
	select {
	case _, ok = <-w.Changed():
		return ok
	case <-time.After(20 * time.Second):
		t.Fatalf("no change and no end after %s", what)
		return false
	}
}

func TestWatcher(t *testing.T) {
	requireTestDLL(t)
	if os.Getenv("WTSTEST_TRIGGER") == "" {
		t.Fatal("WTSTEST_TRIGGER is not set")
	}
	b := New()
	for _, host := range []string{"", "SRV02"} {
		t.Run("host "+host, func(t *testing.T) {
			w, err := b.WatchHost(context.Background(), host)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 2; i++ {
				trigger(t)
				if !receive(t, w, "a trigger") {
					t.Fatalf("the watch ended: %v", w.Err())
				}
			}
			if err := w.Close(); err != nil {
				t.Errorf("Close = %v", err)
			}
			if receive(t, w, "Close") {
				t.Error("a change after Close, want Changed closed")
			}
			if w.Err() != nil {
				t.Errorf("Err after Close = %v, want nil", w.Err())
			}
			if err := w.Close(); err != nil {
				t.Errorf("a second Close = %v", err)
			}
		})
	}
	t.Run("an unreachable host ends the watch with its error", func(t *testing.T) {
		w, err := b.WatchHost(context.Background(), "DEAD01")
		if err != nil {
			t.Fatal(err)
		}
		if receive(t, w, "a failing wait") {
			t.Error("a change from a dead host")
		}
		if !errors.Is(w.Err(), session.ErrUnreachable) || !errors.Is(w.Err(), windows.Errno(1722)) {
			t.Errorf("Err = %v, want ErrUnreachable with 1722", w.Err())
		}
		_ = w.Close()
	})
}
