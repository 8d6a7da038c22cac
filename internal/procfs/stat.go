// Package procfs reads what this module needs of Linux's /proc: the
// stat file of a process. Parsing works on any system, so tests of
// non-Linux code that run on Linux hosts can use it too.
package procfs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ClockTicks is USER_HZ, the unit of the times in /proc/PID/stat
// (sysconf(_SC_CLK_TCK)); Linux reports 100 on every architecture Go
// supports.
const ClockTicks = 100

// Stat is what this module needs of /proc/PID/stat (proc_pid_stat(5)).
type Stat struct {
	PID   int
	Comm  string // field 2, without its parentheses
	State byte   // field 3: R, S, D, Z, T, ...
	PPID  int    // field 4
	// TTY is field 7, tty_nr: the controlling terminal, 0 when none.
	TTY uint32
	// UTime and STime are fields 14 and 15, in clock ticks.
	UTime, STime uint64
	// Threads is field 20, num_threads.
	Threads uint32
	// StartTime is field 22: clock ticks after boot. With PID it
	// identifies a process: a reused pid has a later start time.
	StartTime uint64
	// RSS is field 24, in pages.
	RSS int64
}

// Zombie reports whether the process has exited and waits to be reaped.
// Such a process cannot be signalled and counts as gone.
func (s Stat) Zombie() bool { return s.State == 'Z' || s.State == 'X' }

// ParseStat parses the contents of /proc/PID/stat. The command name may
// hold spaces and parentheses, so it ends at the last ')'.
func ParseStat(b []byte) (Stat, error) {
	var s Stat
	open := bytes.IndexByte(b, '(')
	closing := bytes.LastIndexByte(b, ')')
	if open < 0 || closing < open {
		return s, errors.New("stat: no command name")
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b[:open])))
	if err != nil {
		return s, fmt.Errorf("stat: pid: %w", err)
	}
	s.PID = pid
	s.Comm = string(b[open+1 : closing])
	// rest[0] is field 3.
	rest := strings.Fields(string(b[closing+1:]))
	if len(rest) < 22 {
		return s, fmt.Errorf("stat: %d fields after the command name, want at least 22", len(rest))
	}
	field := func(n int) string { return rest[n-3] }
	if len(field(3)) != 1 {
		return s, fmt.Errorf("stat: state %q", field(3))
	}
	s.State = field(3)[0]
	var errs []error
	num := func(n int, bits int) uint64 {
		v, err := strconv.ParseUint(field(n), 10, bits)
		if err != nil {
			errs = append(errs, fmt.Errorf("stat: field %d: %w", n, err))
		}
		return v
	}
	snum := func(n int) int64 {
		v, err := strconv.ParseInt(field(n), 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("stat: field %d: %w", n, err))
		}
		return v
	}
	s.PPID = int(snum(4))
	s.TTY = uint32(snum(7)) // printed as a signed int; the bits are what count
	s.UTime = num(14, 64)
	s.STime = num(15, 64)
	s.Threads = uint32(num(20, 32))
	s.StartTime = num(22, 64)
	s.RSS = snum(24)
	return s, errors.Join(errs...)
}

// CPUSeconds is the processor time the process has used: utime + stime.
func (s Stat) CPUSeconds() float64 {
	return float64(s.UTime+s.STime) / ClockTicks
}

// ReadStat reads and parses /proc/PID/stat. A process that is gone is
// fs.ErrNotExist (or ESRCH from the read).
func ReadStat(pid int) (Stat, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return Stat{}, err
	}
	return ParseStat(b)
}
