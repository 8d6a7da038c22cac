package utmp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/sshdtest"
)

// TestSSHDScreen: GNU screen, as Debian ships it (/etc/screenrc sets
// deflogin on; libutempter writes each window into utmp), in a real SSH
// login with two windows. The list has the login and each window, as who
// does; a window's id signs out that window only; and a helper run in a
// window of that screen counts the login the screen is attached from as
// the caller's own, also with deflogin off, and also for a screen started
// detached and attached later.
func TestSSHDScreen(t *testing.T) {
	sshdtest.Require(t, "go", "screen")
	// Debian's screen keeps its sockets here (tmpfiles.d creates it at boot).
	if err := os.MkdirAll("/run/screen", 0o777); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	srv := sshdtest.Start(t)
	name := srv.User
	svc := session.NewService(New(""))
	ours := func() []session.Session {
		ss, failures, err := svc.List(ctx, session.Query{UserNames: []string{name}})
		if err != nil || len(failures) > 0 {
			t.Fatalf("session.list: %v %v", err, failures)
		}
		return ss
	}
	rc := filepath.Join(srv.Home, "screenrc")
	if err := os.WriteFile(rc, []byte("screen sleep 721\nscreen sleep 722\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The login: a screen client attached to a new screen with two windows.
	login := srv.Open(t, "TERM=xterm screen -S ustest -c "+rc)
	sshdtest.WaitFor(t, 15*time.Second, "the login and two windows in utmp", func() bool {
		if ss := ours(); len(ss) != 3 {
			t.Logf("sessions %q, who %q", sessionLines(ss), sshdtest.WhoLines(t, name))
			return false
		}
		return true
	})
	ss := ours()
	t.Logf("who: %q", sshdtest.WhoLines(t, name))
	if d := diffLines(sshdtest.WhoLines(t, name), sessionLines(ss)); d != "" {
		t.Errorf("who vs session.list %s", d)
	}
	window := map[string]uint32{} // "721" -> the id of the window that runs sleep 721
	var loginID uint32
	for _, s := range ss {
		switch argv := strings.Join(cmdline(int(s.ID)), " "); {
		case argv == "sleep 721":
			window["721"] = s.ID
		case argv == "sleep 722":
			window["722"] = s.ID
		case s.Protocol == ProtocolSSH:
			loginID = s.ID
		default:
			t.Errorf("session %d (%s, %q) runs %q: neither the login nor a window's command", s.ID, s.SessionName, s.ClientName, argv)
		}
	}
	if len(window) != 2 || loginID == 0 || window["721"] == window["722"] {
		t.Fatalf("sessions %+v: want the login and one session per window, whose id is the window's sleep", ss)
	}

	t.Run("inside a window: the login it is attached from is the caller's own", func(t *testing.T) {
		helperInWindow(t, srv, login, "ustest", loginID, window["721"], window["722"])
	})

	t.Run("deflogin off: no window in utmp, the login still the caller's own", func(t *testing.T) {
		// A screen configured not to write its windows: nothing of it in
		// utmp; the helper's ancestors (the screen server, a child of the
		// client it was started from) lead to the login.
		rc := filepath.Join(srv.Home, "screenrc-nologin")
		if err := os.WriteFile(rc, []byte("deflogin off\nscreen sleep 731\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		before := len(ours())
		login2 := srv.Open(t, "TERM=xterm screen -S ustest2 -c "+rc)
		var login2ID uint32
		sshdtest.WaitFor(t, 15*time.Second, "the second login and its window's command", func() bool {
			for _, s := range ours() {
				if s.Protocol == ProtocolSSH && s.ID != loginID {
					login2ID = s.ID
				}
			}
			return login2ID != 0 && running(t, "sleep 731")
		})
		if n := len(ours()); n != before+1 {
			t.Errorf("with deflogin off, %d sessions more, want 1 (the login): %q, who %q", n-before, sessionLines(ours()), sshdtest.WhoLines(t, name))
		}
		helperInWindow(t, srv, login2, "ustest2", login2ID)
	})

	t.Run("started detached, attached from a login, deflogin off: the login still the caller's own", func(t *testing.T) {
		// A screen started detached is no login's child (its server
		// outlives the ssh session that started it), and with deflogin
		// off no window is in utmp: neither the helper's ancestors nor a
		// window's entry lead to a login. Only the clients of the screen
		// server among the helper's ancestors do: the screen -r of the
		// login it is attached from.
		rc := filepath.Join(srv.Home, "screenrc-detached")
		if err := os.WriteFile(rc, []byte("deflogin off\nscreen sleep 741\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		known := map[uint32]bool{}
		for _, s := range ours() {
			known[s.ID] = true
		}
		// Started as the user outside any ssh session (one that ended
		// right after starting it could hang it up before it left the
		// session's terminal), so that its server is the child of init;
		// resumed once its window runs.
		start := exec.Command("runuser", "-u", srv.User, "--", "screen", "-dmS", "ustest3", "-c", rc)
		start.Dir = srv.Home
		start.Env = []string{"HOME=" + srv.Home, "USER=" + srv.User, "LOGNAME=" + srv.User, "SHELL=/bin/sh", "TERM=xterm", "PATH=/usr/local/bin:/usr/bin:/bin"}
		if out, err := start.CombinedOutput(); err != nil {
			t.Fatalf("screen -dmS as %s: %v: %s", srv.User, err, out)
		}
		sshdtest.WaitFor(t, 15*time.Second, "the detached screen's window", func() bool {
			return running(t, "sleep 741")
		})
		login3 := srv.Open(t, "TERM=xterm screen -r ustest3")
		var login3ID uint32
		sshdtest.WaitFor(t, 15*time.Second, "the login attached to the detached screen", func() bool {
			for _, s := range ours() {
				if s.Protocol == ProtocolSSH && !known[s.ID] {
					login3ID = s.ID
				}
			}
			return login3ID != 0 && running(t, "screen -r ustest3")
		})
		helperInWindow(t, srv, login3, "ustest3", login3ID)
	})

	t.Run("a window's id signs out that window only", func(t *testing.T) {
		res, err := svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ID: window["722"], Wait: true})
		if err != nil || !res.Completed {
			t.Fatalf("logoff of window %d = %+v, %v", window["722"], res, err)
		}
		if alive2(window["722"]) || !alive2(window["721"]) {
			t.Errorf("after logoff of window %d: it runs %v, the other window %d runs %v", window["722"], alive2(window["722"]), window["721"], alive2(window["721"]))
		}
		if login.Exited(0) {
			t.Errorf("the login ended with the window: %s", login.Output())
		}
		sshdtest.WaitFor(t, 10*time.Second, "the window's utmp entry to go", func() bool {
			var ids []uint32
			for _, s := range ours() {
				ids = append(ids, s.ID)
			}
			return !slices.Contains(ids, window["722"]) && slices.Contains(ids, loginID) && slices.Contains(ids, window["721"])
		})
		if d := diffLines(sshdtest.WhoLines(t, name), sessionLines(ours())); d != "" {
			t.Errorf("after logoff, who vs session.list %s", d)
		}
	})
}

// helperInWindow runs the helper as the user in a new window of the
// screen named session, lists and asks to sign out login, and checks that
// the login is listed as the caller's own (and none of others), that the
// sign-out is refused and that the login still runs.
func helperInWindow(t *testing.T, srv *sshdtest.Server, login *sshdtest.Client, screenName string, loginID uint32, others ...uint32) {
	t.Helper()
	exe := srv.Install(t, helperBinary(t), "usersession")
	list, refused, done := filepath.Join(srv.Home, screenName+"-list.json"), filepath.Join(srv.Home, screenName+"-logoff.txt"), filepath.Join(srv.Home, screenName+"-done")
	script := fmt.Sprintf(`%s call session.list > %s; %s call session.logoff '{"id":%d}' > %s 2>&1; touch %s; sleep 723`,
		exe, list, exe, loginID, refused, done)
	srv.Run(t, fmt.Sprintf(`screen -S %s -X screen sh -c %q`, screenName, script))
	// Done, or the login ended: signed out by the helper it ran.
	sshdtest.WaitFor(t, 20*time.Second, "the helper to run in a new window", func() bool {
		_, err := os.Stat(done)
		return err == nil || login.Exited(0)
	})
	current, data := currentIDs(t, list, srv.User)
	wrong := slices.ContainsFunc(others, func(id uint32) bool { return slices.Contains(current, id) })
	if !slices.Contains(current, loginID) || wrong {
		ps, _ := exec.Command("ps", "-eo", "pid,ppid,sid,user,tty,args").Output()
		t.Errorf("isCurrent on %v; want the login %d the screen is attached from, none of %v\n%s\n%s", current, loginID, others, data, ps)
	}
	if msg, ok := refusedAsOwn(refused); !ok {
		t.Errorf("logoff of the login %d from inside a window: %s; want -32003, the caller's own session", loginID, msg)
	}
	if login.Exited(0) {
		t.Fatalf("the login ended: %s", login.Output())
	}
}
