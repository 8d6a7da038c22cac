package utmp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/usersession/usersession/internal/procfs"
)

// ParseStatusUID returns the effective user id from the contents of
// /proc/PID/status (the second number of its "Uid:" line).
func ParseStatusUID(b []byte) (uint32, error) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "Uid:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 2 {
			return 0, fmt.Errorf("status: Uid line %q", sc.Text())
		}
		uid, err := strconv.ParseUint(f[1], 10, 32)
		if err != nil {
			return 0, fmt.Errorf("status: effective uid: %w", err)
		}
		return uint32(uid), nil
	}
	return 0, errors.New("status: no Uid line")
}

// TTYDevice splits tty_nr into the device's major and minor numbers as
// the kernel encodes them (new_encode_dev): the minor in bits 31-20 and
// 7-0, the major in bits 19-8 (proc_pid_stat(5) names only bits 15-8,
// enough for every terminal major in use).
func TTYDevice(ttyNr uint32) (major, minor uint32) {
	return (ttyNr >> 8) & 0xfff, (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00)
}

// Member assigns processes to sessions. procs holds every process by pid;
// leaders maps the pid of each session's login process to the session's
// id; ttys maps a terminal ((major<<32)|minor) to the id of the session
// on it. A process belongs to the session of its nearest ancestor (itself
// included) that is a login process; failing that, to the session on its
// controlling terminal; failing that, to none (ok false). pid 0 and 1 are
// never login processes.
func Member(procs map[int]procfs.Stat, leaders map[int]uint32, ttys map[uint64]uint32, pid int) (id uint32, ok bool) {
	seen := 0
	for p := pid; p > 1 && seen <= len(procs); seen++ {
		if id, ok := leaders[p]; ok {
			return id, true
		}
		st, found := procs[p]
		if !found {
			break
		}
		p = st.PPID
	}
	st, found := procs[pid]
	if !found || st.TTY == 0 {
		return 0, false
	}
	major, minor := TTYDevice(st.TTY)
	id, ok = ttys[uint64(major)<<32|uint64(minor)]
	return id, ok
}

// Own returns the sessions process pid runs in, nearest first: the
// session of every ancestor (itself included) that is a login process,
// so that a shell sudo or su started inside a login, on a terminal that
// sudo wrote into utmp as a session of its own, is in the login as well;
// failing any, the session on its controlling terminal (Member). It is
// nil when pid is in no session.
func Own(procs map[int]procfs.Stat, leaders map[int]uint32, ttys map[uint64]uint32, pid int) []uint32 {
	var own []uint32
	seen := 0
	for p := pid; p > 1 && seen <= len(procs); seen++ {
		if id, ok := leaders[p]; ok && !slices.Contains(own, id) {
			own = append(own, id)
		}
		st, found := procs[p]
		if !found {
			break
		}
		p = st.PPID
	}
	if len(own) > 0 {
		return own
	}
	if id, ok := Member(procs, leaders, ttys, pid); ok {
		return []uint32{id}
	}
	return nil
}

// RunningTTYs keeps the terminals of ttys (as Member takes them) whose
// session's login process runs: in procs and not a zombie, or absent
// from procs (hidden by hidepid) while exists says it is there. A pty
// reused right after a login ended can still carry that login's record,
// whose login process is a zombie or gone; a process of the next login on
// that pty, listed before its own login's record is written, is no
// process of the old session, and signing the old session out must not
// reach it.
func RunningTTYs(procs map[int]procfs.Stat, ttys map[uint64]uint32, exists func(pid int) bool) map[uint64]uint32 {
	out := make(map[uint64]uint32, len(ttys))
	for dev, id := range ttys {
		st, found := procs[int(id)]
		if (found && st.Zombie()) || (!found && !exists(int(id))) {
			continue
		}
		out[dev] = id
	}
	return out
}
