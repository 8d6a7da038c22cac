//go:build linux

package lifeline

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/procfs"
)

// sleeper starts a process that lives until it is killed.
func sleeper(t *testing.T) *exec.Cmd {
	t.Helper()
	cmd := exec.Command("sleep", "600")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// ended waits for ch to be closed, up to a generous bound, and returns how
// long it took.
func ended(t *testing.T, ch <-chan struct{}, what string) time.Duration {
	t.Helper()
	began := time.Now()
	select {
	case <-ch:
		return time.Since(began)
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: the watch did not end", what)
		return 0
	}
}

// open reports whether ch is still open after a moment.
func open(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return false
	case <-time.After(200 * time.Millisecond):
		return true
	}
}

func TestWatchSeesTheEndThroughAPidfd(t *testing.T) {
	t.Parallel()
	cmd := sleeper(t)
	ch, err := watch(cmd.Process.Pid, false)
	if err != nil {
		t.Fatal(err)
	}
	if !open(ch) {
		t.Fatal("the watch ended while the process runs")
	}
	// Killed, not yet reaped: a zombie has ended.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	t.Logf("seen after %v", ended(t, ch, "kill"))
}

func TestWatchSeesTheEndByPolling(t *testing.T) {
	t.Parallel()
	cmd := sleeper(t)
	start, alive := startTime(cmd.Process.Pid)
	if !alive || start == 0 {
		t.Fatalf("startTime of a running process = %d, %v", start, alive)
	}
	ch := make(chan struct{})
	go pollProc(cmd.Process.Pid, start, ch)
	if !open(ch) {
		t.Fatal("the watch ended while the process runs")
	}
	_ = cmd.Process.Kill()
	t.Logf("seen after %v", ended(t, ch, "kill"))
}

func TestAnEndedProcessHasEnded(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	ch, err := watch(cmd.Process.Pid, false)
	if err != nil {
		t.Fatal(err)
	}
	ended(t, ch, "a process that had ended")
}

// afterOwnStartTick waits until the clock tick (1/procfs.ClockTicks s) in
// which this process started has passed, so that a process started next
// has a later start time than this one, not the same.
func afterOwnStartTick(t *testing.T) {
	t.Helper()
	self, err := procfs.ReadStat(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		// /proc/uptime counts from boot on the same clock as start times,
		// in hundredths of a second; a value read short only waits longer.
		b, err := os.ReadFile("/proc/uptime")
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			t.Fatalf("/proc/uptime: %q", b)
		}
		up, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			t.Fatal(err)
		}
		if uint64(up*procfs.ClockTicks) > self.StartTime {
			return
		}
	}
	t.Fatalf("the clock did not pass this process's start time %d", self.StartTime)
}

func TestAYoungerProcessIsAReusedID(t *testing.T) {
	t.Parallel()
	// The sleeper started after this process: for WatchProcess, meant for
	// a parent, its id can only be the parent's used again. Started in the
	// same clock tick, it would have the same start time, not a later one.
	afterOwnStartTick(t)
	cmd := sleeper(t)
	ch, err := WatchProcess(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	ended(t, ch, "a younger process")
}

func TestTheParentIsWatched(t *testing.T) {
	t.Parallel()
	ch, err := WatchProcess(os.Getppid())
	if err != nil {
		t.Fatal(err)
	}
	if !open(ch) {
		t.Error("the watch of the running parent ended")
	}
}

func TestInvalidIDs(t *testing.T) {
	t.Parallel()
	for _, pid := range []int{0, -1} {
		if _, err := WatchProcess(pid); err == nil {
			t.Errorf("WatchProcess(%d) accepted", pid)
		}
	}
}
