package runlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrHeld is the error of TryLock when another holder has the lock.
var ErrHeld = errors.New("held by another run")

// File is a lock file.
type File struct {
	// Path is the file; its directory is created when missing.
	Path string
	// What names the job in messages: "reclaim run".
	What string
}

// TryLock takes the lock or fails at once: an error that wraps ErrHeld
// and names the holder's process id when another run holds it.
func (l File) TryLock() (func(), error) {
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", l.Path, err)
	}
	f, err := os.OpenFile(l.Path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", l.Path, err)
	}
	held, err := lock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", l.Path, err)
	}
	if held {
		holder := readHolder(l.Path)
		f.Close()
		what := l.What
		if what == "" {
			what = "run"
		}
		return nil, fmt.Errorf("another %s (process %s) holds %s: %w", what, holder, l.Path, ErrHeld)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		_ = f.Truncate(0)
		unlock(f)
		f.Close()
	}, nil
}

// readHolder is the process id the holder wrote, "unknown" when it could
// not be read.
func readHolder(path string) string {
	b, err := readShared(path)
	if err != nil {
		return "unknown"
	}
	if pid := strings.TrimSpace(string(b)); pid != "" {
		return pid
	}
	return "unknown"
}
