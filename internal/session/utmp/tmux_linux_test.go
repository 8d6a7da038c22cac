package utmp

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/sshdtest"
)

// TestSSHDTmux: Debian's tmux writes each pane into utmp with the tmux
// server's pid. In a real SSH login that runs tmux with two panes, the
// list has the login and each pane, as who does; a pane's id signs out
// that pane only; and a helper run inside a pane of that server counts
// the pane and the login the server is attached from as the caller's own.
func TestSSHDTmux(t *testing.T) {
	sshdtest.Require(t, "go", "tmux")
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
	// The login: a tmux client attached to a new server with two panes.
	login := srv.Open(t, `TERM=xterm tmux -L ustest new-session -s main 'sleep 711' \; split-window 'sleep 712'`)
	sshdtest.WaitFor(t, 15*time.Second, "the login and two panes in utmp", func() bool {
		if ss := ours(); len(ss) != 3 {
			t.Logf("sessions %q, who %q", sessionLines(ss), sshdtest.WhoLines(t, name))
			return false
		}
		return true
	})
	ss := ours()
	if d := diffLines(sshdtest.WhoLines(t, name), sessionLines(ss)); d != "" {
		t.Errorf("who vs session.list %s", d)
	}
	pane := map[string]uint32{} // "711" -> the id of the pane that runs sleep 711
	var loginID uint32
	for _, s := range ss {
		// A pane's process is its command, as sh -c runs it (dash does
		// not exec the last command).
		argv := strings.Join(cmdline(int(s.ID)), " ")
		switch {
		case argv == "sleep 711" || argv == "sh -c sleep 711":
			pane["711"] = s.ID
		case argv == "sleep 712" || argv == "sh -c sleep 712":
			pane["712"] = s.ID
		case strings.HasPrefix(s.ClientName, "tmux("):
			t.Errorf("session %d (%s, %q) is a pane whose id is not its process (%q)", s.ID, s.SessionName, s.ClientName, argv)
		default:
			loginID = s.ID
		}
	}
	if len(pane) != 2 || loginID == 0 || pane["711"] == pane["712"] {
		t.Fatalf("sessions %+v: want the login and one session per pane, whose id is the pane's sleep", ss)
	}

	t.Run("inside a pane: the pane and the login it is attached from are the caller's own", func(t *testing.T) {
		srv.Install(t, helperBinary(t), "usersession")
		list, refused := filepath.Join(srv.Home, "list.json"), filepath.Join(srv.Home, "logoff.txt")
		script := fmt.Sprintf(`cd ~ && ./usersession call session.list > %s; ./usersession call session.logoff '{"id":%d}' > %s 2>&1; tmux -L ustest wait-for -S listed`,
			list, loginID, refused)
		srv.Run(t, fmt.Sprintf(`TERM=xterm tmux -L ustest new-window -d %q \; wait-for listed`, script))
		current, data := currentIDs(t, list, name)
		if !slices.Contains(current, loginID) || slices.Contains(current, pane["711"]) || slices.Contains(current, pane["712"]) {
			t.Errorf("isCurrent on %v; want the login %d the server is attached from and the helper's own pane, not the panes %d and %d\n%s",
				current, loginID, pane["711"], pane["712"], data)
		}
		if out, ok := refusedAsOwn(refused); !ok {
			t.Errorf("logoff of the login %d from inside the pane: %s; want -32003, the caller's own session", loginID, out)
		}
		if login.Exited(0) {
			t.Fatalf("the login ended: %s", login.Output())
		}
	})

	t.Run("a pane's id signs out that pane only", func(t *testing.T) {
		res, err := svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ID: pane["712"], Wait: true})
		if err != nil || !res.Completed {
			t.Fatalf("logoff of pane %d = %+v, %v", pane["712"], res, err)
		}
		if alive2(pane["712"]) || !alive2(pane["711"]) {
			t.Errorf("after logoff of pane %d: it runs %v, the other pane %d runs %v", pane["712"], alive2(pane["712"]), pane["711"], alive2(pane["711"]))
		}
		if login.Exited(time.Second) {
			t.Errorf("the login ended with the pane: %s", login.Output())
		}
		sshdtest.WaitFor(t, 10*time.Second, "the pane's utmp entry to go", func() bool {
			ids := []uint32{}
			for _, s := range ours() {
				ids = append(ids, s.ID)
			}
			return len(ids) == 2 && slices.Contains(ids, loginID) && slices.Contains(ids, pane["711"])
		})
		if d := diffLines(sshdtest.WhoLines(t, name), sessionLines(ours())); d != "" {
			t.Errorf("after logoff, who vs session.list %s", d)
		}
	})
}
