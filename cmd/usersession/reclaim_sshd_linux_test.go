package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/sshdtest"
)

// TestSSHDReclaim runs a short idle policy against two real OpenSSH
// logins: one idle (its terminal's idle time is real: nothing reads from
// it), one in use (a line typed every 200 ms, read by cat). The idle one
// is warned on its terminal and signed out; the one in use stays. The
// run's plan names the two logins only, so no other session of this
// machine can be chosen.
func TestSSHDReclaim(t *testing.T) {
	srv := sshdtest.Start(t)
	t.Setenv(reclaimLockEnv, filepath.Join(t.TempDir(), "reclaim.lock"))
	t.Setenv("USERSESSION_WAKE_STATE", filepath.Join(t.TempDir(), "wake.json"))
	idle := srv.Open(t, "sleep 607")
	busy := srv.Open(t, "cat >/dev/null")
	stop := make(chan struct{})
	typed := make(chan struct{})
	go func() {
		defer close(typed)
		for {
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
				busy.Type("x\n")
			}
		}
	}()
	defer func() { close(stop); <-typed }()

	mine := func() []session.Session {
		var out, errb bytes.Buffer
		if code := run([]string{"list", "--json", "--user", srv.User}, nil, &out, &errb); code != 0 {
			t.Fatalf("list: exit %d: %s", code, errb.String())
		}
		var res contract.ListResult
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		return res.Sessions
	}
	// Both logins are there, and the idle one has been idle past the limit.
	// Linux moves a terminal's access time in steps of 8 s (tty_update_time
	// in drivers/tty/tty_io.c), so the one in use reads as idle for up to
	// 8 s: the limit is above that.
	const limit = 12
	var ss []session.Session
	sshdtest.WaitFor(t, 60*time.Second, "two sessions, one idle for more than 13 s", func() bool {
		ss = mine()
		if len(ss) != 2 {
			return false
		}
		for _, s := range ss {
			if s.IdleSeconds != nil && *s.IdleSeconds > limit+1 {
				return true
			}
		}
		return false
	})
	var idleID, busyID uint32
	for _, s := range ss {
		if s.IdleSeconds != nil && *s.IdleSeconds > limit+1 {
			idleID = s.ID
		} else {
			busyID = s.ID
		}
	}
	if busyID == 0 {
		t.Fatalf("both sessions are idle: %+v", ss)
	}

	host, _ := os.Hostname()
	params := contract.ReclaimParams{IdleForSeconds: floatPtr(float64(limit)), IdleAction: "logoff", WarnSeconds: floatPtr(1),
		Reason: "sshd test", Plan: []contract.ReclaimPlanEntry{}}
	for _, s := range ss {
		params.Plan = append(params.Plan, contract.ReclaimPlanEntry{ComputerName: host, ID: s.ID, UserName: srv.User, LogonTime: s.LogonTime})
	}
	raw, _ := json.Marshal(params)
	var out, errb bytes.Buffer
	if code := run([]string{"call", "session.reclaim", string(raw)}, nil, &out, &errb); code != 0 {
		t.Fatalf("reclaim: exit %d: %s", code, errb.String())
	}
	var res contract.ReclaimResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Decisions {
		switch d.ID {
		case idleID:
			if d.Decision != "logoff" || d.Warning != "sent" || d.Result == nil || d.Result.Error != nil {
				t.Errorf("idle session %d: %+v, want warned and signed out", d.ID, d)
			}
		case busyID:
			if d.Decision != "skip" || !strings.Contains(d.Reason, "under the limit") || d.Result != nil {
				t.Errorf("session in use %d: %+v, want skipped under the limit", d.ID, d)
			}
		default:
			if d.Result != nil {
				t.Errorf("session %d of %s was acted on: it is not in the plan", d.ID, d.UserName)
			}
		}
	}
	if !idle.Exited(10 * time.Second) {
		t.Error("the idle session's client still runs after its sign-out")
	}
	if !strings.Contains(idle.Output(), "Unless it is used within 1s it will be signed out") {
		t.Errorf("the idle session's terminal did not show the warning:\n%s", idle.Output())
	}
	if busy.Exited(0) {
		t.Error("the session in use was ended")
	}
	if left := mine(); len(left) != 1 || left[0].ID != busyID {
		t.Errorf("sessions left %s, want only %d", fmt.Sprint(left), busyID)
	}
}

func floatPtr(f float64) *float64 { return &f }
