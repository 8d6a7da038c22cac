package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/sshdtest"
)

// TestSSHDListAndLogoff lists a real OpenSSH login with list, checks which
// process its id is (docs/linux.md: the connection's "sshd: user [priv]"
// monitor, whose child "sshd: user@pts/N" runs as the user), and signs it
// out with logoff. It needs root and openssh-server (see package sshdtest,
// which runs sshd with UsePAM no).
func TestSSHDListAndLogoff(t *testing.T) {
	t.Parallel()
	srv := sshdtest.Start(t)
	client := srv.Open(t, "sleep 603")

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
	sshdtest.WaitFor(t, 15*time.Second, "the ssh session in utmp", func() bool { return len(mine()) == 1 })
	s := mine()[0]

	// The id is the monitor, owned by root; its child is the user's.
	if got, want := cmdline(t, int(s.ID)), fmt.Sprintf("sshd: %s [priv]", srv.User); got != want {
		t.Errorf("session %d is %q, want %q", s.ID, got, want)
	}
	// The monitor writes utmp when it hands out the pty, and the child
	// names itself after the pty only then: it may not have done so yet.
	want := fmt.Sprintf("sshd: %s@%s", srv.User, s.SessionName)
	sshdtest.WaitFor(t, 10*time.Second, fmt.Sprintf("a child %q of session %d", want, s.ID), func() bool {
		for _, pid := range childrenOf(t, int(s.ID)) {
			if cmdline(t, pid) == want {
				return true
			}
		}
		return false
	})

	// The table shows it as who does.
	var out, errb bytes.Buffer
	if code := run([]string{"list", "--user", srv.User}, nil, &out, &errb); code != 0 {
		t.Fatalf("list: exit %d: %s", code, errb.String())
	}
	row := regexp.MustCompile(fmt.Sprintf(`(?m)^ %s +%s +%d +Active +\. +\d{4}-\d\d-\d\d \d\d:\d\d$`, srv.User, regexp.QuoteMeta(s.SessionName), s.ID))
	if !row.MatchString(out.String()) {
		t.Errorf("list printed\n%s\nwant a row matching %s", out.String(), row)
	}

	// logoff ends it, and its client with it.
	out.Reset()
	errb.Reset()
	if code := run([]string{"logoff", strconv.Itoa(int(s.ID)), "--yes", "--wait"}, nil, &out, &errb); code != 0 {
		t.Fatalf("logoff: exit %d: %s", code, errb.String())
	}
	if want := fmt.Sprintf("Signed out %s (session %d) on ", srv.User, s.ID); !strings.HasPrefix(out.String(), want) {
		t.Errorf("logoff printed %q, want %q...", out.String(), want)
	}
	if !client.Exited(10 * time.Second) {
		t.Error("the ssh client still runs after logoff --wait")
	}
}

// cmdline returns the command line of process pid as ps shows it.
func cmdline(t *testing.T, pid int) string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimRight(strings.ReplaceAll(string(b), "\x00", " "), " ")
}

// childrenOf returns the child processes of pid.
func childrenOf(t *testing.T, pid int) []int {
	t.Helper()
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, task := range tasks {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, task.Name()))
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}
