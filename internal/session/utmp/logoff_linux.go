package utmp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"time"

	"golang.org/x/sys/unix"

	"github.com/usersession/usersession/internal/procfs"
	"github.com/usersession/usersession/internal/session"
)

// killWait is how long Logoff waits for the processes to vanish after
// SIGKILL before it gives up.
const killWait = 10 * time.Second

// pollEvery is how often Logoff looks at the process table while it waits.
const pollEvery = 50 * time.Millisecond

// errGone means the process has exited, or its pid now names another
// process: either way there is nothing to signal.
var errGone = errors.New("process is gone")

// signalProcess sends sig to pid only if pid still names the process that
// started at start (clock ticks after boot). It holds a pidfd while it
// checks, so the pid cannot be reused between the check and the signal;
// on a kernel without pidfds (before 5.3) it checks and then kills.
func signalProcess(pid int, start uint64, sig unix.Signal) error {
	fd, err := unix.PidfdOpen(pid, 0)
	switch {
	case errors.Is(err, unix.ESRCH):
		return errGone
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EPERM):
		// No pidfd_open (old kernel, or a seccomp filter that refuses it).
		if !sameProcess(pid, start) {
			return errGone
		}
		err = unix.Kill(pid, sig)
	case err != nil:
		return err
	default:
		defer unix.Close(fd)
		if !sameProcess(pid, start) {
			return errGone
		}
		err = unix.PidfdSendSignal(fd, sig, nil, 0)
	}
	if errors.Is(err, unix.ESRCH) {
		return errGone
	}
	return err
}

// sameProcess reports whether pid is a live process that started at start.
func sameProcess(pid int, start uint64) bool {
	st, err := procfs.ReadStat(pid)
	return err == nil && st.StartTime == start && !st.Zombie()
}

// logoff is one sign-out in progress: the processes it tracks, by pid and
// start time, so that a pid reused by another process is never signalled.
type logoff struct {
	id      uint32
	tracked map[int]uint64
	// watched are processes waited for but not signalled: the root-owned
	// login process of the caller's own other session (sshd's monitor),
	// which ends by itself once the user's processes under it have.
	watched map[int]uint64
	// denied is set when a signal was refused with EPERM.
	denied error
}

// Logoff signs session id out: SIGHUP, then SIGTERM, to every process of
// the session; SIGKILL to what is left after the grace period. Processes
// the session starts meanwhile are signalled too, and processes that
// leave it by being reparented stay tracked. The helper's own process is
// never signalled.
//
// Before any signal is sent, every process is checked with signal 0: if
// one of them may not be signalled (another user's, without root), the
// answer is ErrAccessDenied and nothing was sent. One exception lets a
// user sign out their own other login without root: the session's login
// process itself, when it is the only process that refuses and the
// session's utmp user is the caller (an SSH login's "sshd: user [priv]"
// monitor belongs to root, everything under it to the user). It is not
// signalled but waited for: it ends once the user's processes have.
//
// With wait, Logoff returns when every process is gone (completed true).
// Without it, Logoff returns after SIGTERM and the rest goes on in the
// background for as long as the helper runs.
func (b *Backend) Logoff(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	if host != "" {
		return false, b.remote("logoff", host)
	}
	target, live, err := b.find("logoff", id)
	if err != nil {
		return false, err
	}
	procs, err := scanProcs()
	if err != nil {
		return false, fmt.Errorf("logoff: %w", err)
	}
	leaders, ttys := index(live)
	ttys = RunningTTYs(procs, ttys, exists)
	self := os.Getpid()
	l := &logoff{id: id, tracked: map[int]uint64{}, watched: map[int]uint64{}}
	for pid, st := range procs {
		if pid == self || st.Zombie() {
			continue
		}
		if sid, ok := Member(procs, leaders, ttys, pid); ok && sid == id {
			l.tracked[pid] = st.StartTime
		}
	}
	if _, ok := l.tracked[int(id)]; !ok && int(id) != self {
		// The login process is not in /proc: hidden from this user
		// (hidepid), or gone since the session was found.
		if errors.Is(unix.Kill(int(id), 0), unix.EPERM) {
			return false, l.deniedErr(int(id))
		}
		return false, &session.Error{Kind: session.ErrNoSession, Op: "logoff", SessionID: session.IDPtr(id)}
	}
	for pid, start := range l.tracked {
		switch err := signalProcess(pid, start, 0); {
		case errors.Is(err, errGone):
			delete(l.tracked, pid)
		case errors.Is(err, unix.EPERM) && pid == int(id) && ownLogin(target):
			delete(l.tracked, pid)
			l.watched[pid] = start
		case errors.Is(err, unix.EPERM):
			return false, l.deniedErr(pid)
		case err != nil:
			return false, fmt.Errorf("logoff: signal process %d: %w", pid, err)
		}
	}
	if len(l.watched) > 0 && len(l.tracked) == 0 {
		// Nothing of the user's to end: the login process would never go.
		return false, l.deniedErr(int(id))
	}
	l.signalAll(unix.SIGHUP)
	l.refresh(unix.SIGHUP)
	l.signalAll(unix.SIGTERM)
	if l.denied != nil {
		return false, l.denied
	}
	graceEnd := time.Now().Add(b.grace())
	if !wait {
		go func() {
			ctx, cancel := context.WithDeadline(context.Background(), graceEnd.Add(killWait))
			defer cancel()
			_ = l.finish(ctx, graceEnd)
		}()
		return false, nil
	}
	if err := l.finish(ctx, graceEnd); err != nil {
		return false, err
	}
	return true, nil
}

// ownLogin reports whether the caller, not being root, is the user of the
// session e: then its root-owned login process may be left to end by
// itself.
func ownLogin(e entry) bool {
	if os.Geteuid() == 0 || e.rec.User == "" {
		return false
	}
	u, err := user.LookupId(strconv.Itoa(os.Geteuid()))
	return err == nil && u.Username == e.rec.User
}

// deniedErr is the answer when a process of the session may not be
// signalled.
func (l *logoff) deniedErr(pid int) error {
	return &session.Error{Kind: session.ErrAccessDenied, Op: "logoff", SessionID: session.IDPtr(l.id),
		Reason: fmt.Sprintf("process %d of the session belongs to another user", pid), Hint: hintRoot, Err: unix.EPERM}
}

// signalAll sends sig to every tracked process and forgets those that are
// gone.
func (l *logoff) signalAll(sig unix.Signal) {
	for pid, start := range l.tracked {
		l.signal(pid, start, sig)
	}
}

func (l *logoff) signal(pid int, start uint64, sig unix.Signal) {
	switch err := signalProcess(pid, start, sig); {
	case err == nil:
	case errors.Is(err, errGone):
		delete(l.tracked, pid)
	case errors.Is(err, unix.EPERM):
		l.denied = l.deniedErr(pid)
	default:
		// Any other failure leaves the process tracked; the wait reports it.
	}
}

// refresh drops tracked processes that are gone and tracks, sending them
// sig, the processes started since whose ancestor is tracked. It reports
// whether anything is left.
func (l *logoff) refresh(sig unix.Signal) bool {
	procs, err := scanProcs()
	if err != nil {
		return len(l.tracked) > 0
	}
	for _, set := range []map[int]uint64{l.tracked, l.watched} {
		for pid, start := range set {
			if st, ok := procs[pid]; !ok || st.StartTime != start || st.Zombie() {
				delete(set, pid)
			}
		}
	}
	self := os.Getpid()
	for pid, st := range procs {
		if _, ok := l.tracked[pid]; ok || pid == self || st.Zombie() || l.watched[pid] != 0 {
			continue
		}
		if l.descends(procs, st) {
			l.tracked[pid] = st.StartTime
			l.signal(pid, st.StartTime, sig)
		}
	}
	return len(l.tracked)+len(l.watched) > 0
}

// descends reports whether a process has a tracked ancestor.
func (l *logoff) descends(procs map[int]procfs.Stat, st procfs.Stat) bool {
	for p, n := st.PPID, 0; p > 1 && n < len(procs); n++ {
		anc, ok := procs[p]
		if !ok {
			return false
		}
		if start, ok := l.tracked[p]; ok && start == anc.StartTime {
			return true
		}
		p = anc.PPID
	}
	return false
}

// finish waits for the tracked processes to end, sends SIGKILL to those
// left at graceEnd, and gives up killWait later.
func (l *logoff) finish(ctx context.Context, graceEnd time.Time) error {
	sig := unix.SIGTERM
	var killEnd time.Time
	for {
		if !l.refresh(sig) {
			return nil
		}
		now := time.Now()
		if sig != unix.SIGKILL && !now.Before(graceEnd) {
			sig = unix.SIGKILL
			killEnd = now.Add(killWait)
			l.signalAll(sig)
			continue
		}
		if sig == unix.SIGKILL && now.After(killEnd) {
			if l.denied != nil {
				return l.denied
			}
			return &session.Error{Kind: session.ErrTimeout, Op: "logoff", SessionID: session.IDPtr(l.id),
				Timeout: killWait.Seconds(), Reason: "processes of the session survived SIGKILL"}
		}
		select {
		case <-ctx.Done():
			return &session.Error{Kind: session.ErrTimeout, Op: "logoff", SessionID: session.IDPtr(l.id), Err: ctx.Err()}
		case <-time.After(pollEvery):
		}
	}
}
