//go:build windows

package runlock

import (
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// lockAt is the byte locked: past the end of the file (which Windows
// allows), so that the process id written at its start stays readable;
// a locked range cannot be read through another handle.
func lockAt() *windows.Overlapped { return &windows.Overlapped{OffsetHigh: 1} }

// lock takes an exclusive lock on one byte of f without waiting; held is
// true when another handle holds it.
// https://learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-lockfileex
// (LOCKFILE_FAIL_IMMEDIATELY fails with ERROR_LOCK_VIOLATION when held).
func lock(f *os.File) (held bool, err error) {
	ol := lockAt()
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return true, nil
	}
	return false, err
}

func unlock(f *os.File) {
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, lockAt())
}

// readShared reads the holder's process id.
func readShared(path string) ([]byte, error) { return os.ReadFile(path) }

// DefaultPath is where a job's lock lives: under %ProgramData%.
func DefaultPath(job string) string {
	base := os.Getenv("ProgramData")
	if base == "" {
		base = os.TempDir()
	}
	return filepath.Join(base, "usersession", job+".lock")
}
