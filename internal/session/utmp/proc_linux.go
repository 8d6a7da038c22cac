package utmp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/usersession/usersession/internal/procfs"
)

// procRoot is where the process table is read.
const procRoot = "/proc"

// scanProcs reads the stat of every process. Processes that vanish while
// the table is read are left out.
func scanProcs() (map[int]procfs.Stat, error) {
	entries, err := os.ReadDir(procRoot)
	if err != nil {
		return nil, err
	}
	procs := make(map[int]procfs.Stat, len(entries))
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 0 {
			continue
		}
		st, err := procfs.ReadStat(pid)
		if err != nil {
			continue
		}
		procs[pid] = st
	}
	return procs, nil
}

// processUID returns the effective uid of pid.
func processUID(pid int) (uint32, error) {
	b, err := os.ReadFile(filepath.Join(procRoot, strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, err
	}
	return ParseStatusUID(b)
}

// openFDs counts the open file descriptors of pid; ok is false when they
// cannot be read (another user's process without root).
func openFDs(pid int) (n uint32, ok bool) {
	f, err := os.Open(filepath.Join(procRoot, strconv.Itoa(pid), "fd"))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return 0, false
	}
	return uint32(len(names)), true
}

// processName is the name of the process: its comm, which the kernel
// truncates to 15 bytes; when it is that long, the base name of the
// executable if that starts with the comm.
func processName(pid int, comm string) string {
	if len(comm) < 15 {
		return comm
	}
	exe, err := os.Readlink(filepath.Join(procRoot, strconv.Itoa(pid), "exe"))
	if err != nil {
		return comm
	}
	base := strings.TrimSuffix(filepath.Base(exe), " (deleted)")
	if strings.HasPrefix(base, comm) {
		return base
	}
	return comm
}

// bootTime returns the time of boot in seconds since the epoch, from the
// btime line of /proc/stat.
func bootTime() (int64, error) {
	b, err := os.ReadFile(filepath.Join(procRoot, "stat"))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			return strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		}
	}
	return 0, errors.New("/proc/stat: no btime line")
}

// isNotExist reports whether err means the process or file is gone.
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist)
}
