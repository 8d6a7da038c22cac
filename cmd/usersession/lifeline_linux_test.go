//go:build linux

package main

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/procfs"
)

// running reports whether process pid runs: it exists and has not exited
// (an orphan that exited may wait as a zombie for a reaper).
func running(pid int) bool {
	st, err := procfs.ReadStat(pid)
	return err == nil && !st.Zombie()
}

// TestTheHelperEndsWithItsParent starts a shell that starts
// `usersession serve --parent-pid <the shell's pid>` with a standard input
// that stays open, kills the shell, and sees the helper go.
func TestTheHelperEndsWithItsParent(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("usersession") // the test binary, by testscript.Main
	if err != nil {
		t.Fatal(err)
	}
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdinW.Close()
	shell := exec.Command("sh", "-c", `"$0" serve --simulate demo.json --parent-pid $$ <&3 & echo $!; wait`, bin)
	shell.ExtraFiles = []*os.File{stdinR}
	out, err := shell.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := shell.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	stdinR.Close()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the helper's pid: %v", err)
	}
	helper, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatalf("helper pid %q: %v", line, err)
	}
	t.Cleanup(func() { _ = syscall.Kill(helper, syscall.SIGKILL) })

	// The helper serves while its parent lives, its input still open.
	time.Sleep(300 * time.Millisecond)
	if !running(helper) {
		t.Fatal("the helper ended while its parent runs")
	}
	// The helper's output is the shell's, a pipe this test reads: it stays
	// open (shell.Wait would close it, and the helper would exit for that).
	killed := time.Now()
	if err := shell.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = shell.Process.Wait()
	for running(helper) {
		if time.Since(killed) > 5*time.Second {
			t.Fatal("the helper still runs 5 s after its parent was killed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("the helper ended %v after its parent was killed", time.Since(killed).Round(time.Millisecond))
}

// TestAParentThatIsGoneEndsTheHelperAtOnce: a helper told of a parent that
// has already ended exits 0 at once, its input still open.
func TestAParentThatIsGoneEndsTheHelperAtOnce(t *testing.T) {
	t.Parallel()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdinW.Close()
	defer stdinR.Close()
	bin, err := exec.LookPath("usersession")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--simulate", "demo.json", "--parent-pid", strconv.Itoa(gone.Process.Pid))
	cmd.Stdin = stdinR
	var stderr strings.Builder
	cmd.Stderr = &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v, want 0\n%s", err, stderr.String())
		}
		if !strings.Contains(stderr.String(), "has ended; exiting") {
			t.Errorf("stderr %q does not say why it exits", stderr.String())
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the helper did not exit")
	}
}
