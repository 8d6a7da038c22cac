//go:build linux

package lifeline

import (
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/usersession/usersession/internal/procfs"
)

// pollEvery is how often /proc is looked at where pidfds are not
// available.
const pollEvery = 100 * time.Millisecond

// WatchProcess returns a channel that is closed when process pid ends
// (exits, even if not yet reaped). It is meant for a process older than
// the caller, such as its parent: a process with that id started after
// the caller is the id used again, and counts as ended, as does an id that
// no process has.
func WatchProcess(pid int) (<-chan struct{}, error) { return watch(pid, true) }

// watch is WatchProcess; with older, a process started after this one
// counts as ended.
func watch(pid int, older bool) (<-chan struct{}, error) {
	if pid <= 0 {
		return nil, fmt.Errorf("invalid process id %d", pid)
	}
	ended := make(chan struct{})
	start, alive := startTime(pid)
	if !alive {
		close(ended)
		return ended, nil
	}
	if older {
		if self, ok := startTime(os.Getpid()); ok && start > self {
			close(ended)
			return ended, nil
		}
	}
	fd, err := unix.PidfdOpen(pid, 0)
	switch {
	case errors.Is(err, unix.ESRCH):
		close(ended)
		return ended, nil
	case err != nil:
		// No pidfds (before Linux 5.3, or refused by a seccomp filter).
		go pollProc(pid, start, ended)
		return ended, nil
	}
	go func() {
		defer unix.Close(fd)
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			// A pidfd becomes readable when its process exits.
			if _, err := unix.Poll(fds, -1); err == nil || !errors.Is(err, unix.EINTR) {
				break
			}
		}
		close(ended)
	}()
	return ended, nil
}

// pollProc closes ended when process pid, started at start, is gone:
// no longer in /proc, a zombie, or another process under the same id.
func pollProc(pid int, start uint64, ended chan struct{}) {
	for {
		if s, alive := startTime(pid); !alive || s != start {
			close(ended)
			return
		}
		time.Sleep(pollEvery)
	}
}

// startTime reads when process pid started (in clock ticks since boot)
// and whether it still runs: a zombie has exited.
func startTime(pid int) (uint64, bool) {
	st, err := procfs.ReadStat(pid)
	if err != nil || st.Zombie() {
		return 0, false
	}
	return st.StartTime, true
}
