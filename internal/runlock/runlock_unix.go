//go:build unix

package runlock

import (
	"errors"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive flock on f without waiting; held is true when
// another open file holds it.
func lock(f *os.File) (held bool, err error) {
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return true, nil
	}
	return false, err
}

func unlock(f *os.File) { _ = unix.Flock(int(f.Fd()), unix.LOCK_UN) }

func readShared(path string) ([]byte, error) { return os.ReadFile(path) }

// DefaultPath is where a job's lock lives: /run (root) or the temporary
// directory with the user id.
func DefaultPath(job string) string {
	if os.Geteuid() == 0 {
		return "/run/usersession/" + job + ".lock"
	}
	return os.TempDir() + "/usersession-" + job + "-" + strconv.Itoa(os.Geteuid()) + ".lock"
}
