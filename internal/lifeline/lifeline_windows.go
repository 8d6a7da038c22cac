//go:build windows

package lifeline

import (
	"errors"
	"fmt"

	"golang.org/x/sys/windows"
)

// WatchProcess returns a channel that is closed when process pid ends. It
// is meant for a process older than the caller, such as its parent: a
// process with that id created after the caller is the id used again, and
// counts as ended, as does an id that no process has.
func WatchProcess(pid int) (<-chan struct{}, error) { return watch(pid, true) }

// watch is WatchProcess; with older, a process created after this one
// counts as ended.
func watch(pid int, older bool) (<-chan struct{}, error) {
	if pid <= 0 || uint64(pid) > 0xFFFFFFFF {
		return nil, fmt.Errorf("invalid process id %d", pid)
	}
	ended := make(chan struct{})
	h, err := windows.OpenProcess(windows.SYNCHRONIZE|windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if errors.Is(err, windows.ERROR_INVALID_PARAMETER) {
		close(ended) // no process has that id: it has ended
		return ended, nil
	}
	if err != nil {
		return nil, fmt.Errorf("OpenProcess(%d): %w", pid, err)
	}
	if older {
		reused, err := youngerThanSelf(h)
		if err != nil {
			windows.CloseHandle(h)
			return nil, err
		}
		if reused {
			windows.CloseHandle(h)
			close(ended)
			return ended, nil
		}
	}
	go func() {
		defer windows.CloseHandle(h)
		// WAIT_OBJECT_0 when the process ends; WAIT_FAILED only for a bad
		// handle, after which nothing can be watched either.
		_, _ = windows.WaitForSingleObject(h, windows.INFINITE)
		close(ended)
	}()
	return ended, nil
}

// youngerThanSelf reports whether process h was created after the calling
// process.
func youngerThanSelf(h windows.Handle) (bool, error) {
	created := func(p windows.Handle) (int64, error) {
		var c, e, k, u windows.Filetime
		if err := windows.GetProcessTimes(p, &c, &e, &k, &u); err != nil {
			return 0, fmt.Errorf("GetProcessTimes: %w", err)
		}
		return c.Nanoseconds(), nil
	}
	other, err := created(h)
	if err != nil {
		return false, err
	}
	self, err := created(windows.CurrentProcess())
	if err != nil {
		return false, err
	}
	return other > self, nil
}
