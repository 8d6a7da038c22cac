package sshdtest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/procfs"
)

// runHelper is set in the environment of the test binary that
// TestRemoveStrays starts as a run of its own.
const runHelper = "SSHDTEST_RUN_HELPER"

// TestRunHelper is not a test: started by TestRemoveStrays with
// runHelper set, it is a run that makes a user and an sshd (and a
// sudoers file), prints "user NAME sshd PID" and waits until its
// standard input closes.
func TestRunHelper(t *testing.T) {
	if os.Getenv(runHelper) == "" {
		t.Skip("started by TestRemoveStrays only")
	}
	s := Start(t)
	s.AllowSudo(t)
	var pid int
	b, err := os.ReadFile(filepath.Join(claimDir, s.User))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Sscanf(string(b), "sshd %d", &pid); err != nil {
		t.Fatalf("claim %q: %v", b, err)
	}
	fmt.Printf("user %s sshd %d\n", s.User, pid)
	_, _ = io.Copy(io.Discard, os.Stdin)
}

// run is a test binary TestRemoveStrays started.
type run struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	user string
	sshd int
}

// startRun starts a run of TestRunHelper and waits until it has its user
// and sshd.
func startRun(t *testing.T) *run {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunHelper$", "-test.v")
	cmd.Env = append(os.Environ(), runHelper+"=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &run{cmd: cmd, in: in}
	t.Cleanup(func() {
		in.Close()
		_ = cmd.Wait()
	})
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if n, _ := fmt.Sscanf(sc.Text(), "user %s sshd %d", &r.user, &r.sshd); n == 2 {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return r
		}
		t.Log(sc.Text())
	}
	t.Fatalf("the run ended without a user: %v", cmd.Wait())
	return nil
}

// TestRemoveStrays: a run killed with SIGKILL (its cleanups never run)
// leaves its user, sudoers file and sshd; the next Start removes them,
// and keeps the user of a run beside it that is alive. A user of an
// older sshdtest (no claim) is removed once its home is old and nothing
// runs as it, and kept while it is new.
func TestRemoveStrays(t *testing.T) {
	Require(t, "sudo", "visudo")
	killed, alive := startRun(t), startRun(t)
	if err := killed.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = killed.cmd.Wait()
	if _, err := user.Lookup(killed.user); err != nil {
		t.Fatalf("the killed run's user %s is gone already: %v", killed.user, err)
	}
	if !running(killed.sshd) {
		t.Fatalf("the killed run's sshd %d is gone already", killed.sshd)
	}

	// Users as an older sshdtest made them: one left long ago, one new.
	old, fresh := fmt.Sprintf("%s%d9", userPrefix, os.Getpid()%100000), fmt.Sprintf("%s%d8", userPrefix, os.Getpid()%100000)
	for _, name := range []string{old, fresh} {
		Run(t, "useradd", "-m", "-s", "/bin/sh", "-c", userComment, name)
		t.Cleanup(func() { _ = removeUser(name) })
	}
	home := func(name string) string {
		u, err := user.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		return u.HomeDir
	}
	long := time.Now().Add(-2 * unclaimedAge)
	if err := os.Chtimes(home(old), long, long); err != nil {
		t.Fatal(err)
	}

	s := Start(t)

	gone := func(name string) bool { _, err := user.Lookup(name); return err != nil }
	if !gone(killed.user) {
		t.Errorf("the killed run's user %s is still there", killed.user)
	}
	if _, err := os.Stat(filepath.Join("/etc/sudoers.d", killed.user)); err == nil {
		t.Errorf("the killed run's sudoers file is still there")
	}
	if _, err := os.Stat(filepath.Join(claimDir, killed.user)); err == nil {
		t.Errorf("the killed run's claim is still there")
	}
	WaitFor(t, 10*time.Second, "the killed run's sshd to end", func() bool { return !running(killed.sshd) })
	if gone(alive.user) || !running(alive.sshd) {
		t.Errorf("the live run's user %s (gone %v) or sshd %d (running %v) was removed", alive.user, gone(alive.user), alive.sshd, running(alive.sshd))
	}
	if _, err := os.Stat(filepath.Join("/etc/sudoers.d", alive.user)); err != nil {
		t.Errorf("the live run's sudoers file: %v", err)
	}
	if !gone(old) || gone(fresh) || gone(s.User) {
		t.Errorf("older users: the old one gone %v, the new one gone %v, this run's own gone %v; want true, false, false", gone(old), gone(fresh), gone(s.User))
	}

	// The live run ends as a run does: its cleanups remove what it made.
	alive.in.Close()
	if err := alive.cmd.Wait(); err != nil {
		t.Errorf("the live run: %v", err)
	}
	if !gone(alive.user) || running(alive.sshd) {
		t.Errorf("after the live run ended: its user gone %v, its sshd running %v", gone(alive.user), running(alive.sshd))
	}
}

// running reports whether pid runs and is sshd.
func running(pid int) bool {
	st, err := procfs.ReadStat(pid)
	return err == nil && !st.Zombie() && strings.HasPrefix(st.Comm, "sshd") && syscall.Kill(pid, 0) == nil
}
