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
// under Wine, started by wine_test.go, which sets WTSTEST_WINE=1 and makes
// WTSLogoffSession fail with ERROR_ACCESS_DENIED.
func requireTestDLL(t *testing.T) {
	t.Helper()
	if os.Getenv("WTSTEST_WINE") != "1" {
		t.Skip("runs against the test wtsapi32.dll under Wine (see wine_test.go)")
	}
}

func TestWithServerAbandonsABlockedCall(t *testing.T) {
	release := make(chan struct{})
	finished := make(chan struct{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := withServer(ctx, "list", "", nil, func(*server) (int, error) {
		<-release
		close(finished)
		return 1, nil
	})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("withServer returned after %v, want about 100ms", took)
	}
	if !errors.Is(err, session.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want ErrTimeout wrapping the deadline", err)
	}
	close(release)
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		t.Error("the abandoned call never finished")
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
	if err != nil || len(ss) != 3 || ss[2].UserName != "alice" || ss[2].ComputerName != "SRV02" || ss[2].Locked != nil {
		t.Errorf("Sessions(SRV02) = %+v, %v", ss, err)
	}
	ps, err := b.Processes(ctx, "")
	if err != nil || len(ps) != 8 {
		t.Fatalf("Processes = %d, %v; want the 8 of the scenario", len(ps), err)
	}
	if ps[1].UserName != "SYSTEM" || ps[1].Domain != "NT AUTHORITY" || ps[0].UserName != "" {
		t.Errorf("owners: %+v, %+v", ps[0], ps[1])
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
