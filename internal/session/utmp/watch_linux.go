package utmp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/usersession/usersession/internal/session"
)

// WatchHost watches the utmp file with inotify: every write to it, and
// its creation, replacement or removal, signals a change. The directory
// is watched rather than the file, so a file that is replaced (or created
// after the watch began) is still seen; events of other files in it are
// ignored.
func (b *Backend) WatchHost(_ context.Context, host string) (session.HostWatch, error) {
	if host != "" {
		return nil, b.remote("watch", host)
	}
	path := b.path()
	dir, name := filepath.Dir(path), filepath.Base(path)
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("inotify_init1: %w", err)
	}
	const mask = unix.IN_MODIFY | unix.IN_CLOSE_WRITE | unix.IN_CREATE | unix.IN_MOVED_TO |
		unix.IN_DELETE | unix.IN_MOVED_FROM | unix.IN_ATTRIB
	if _, err := unix.InotifyAddWatch(fd, dir, mask); err != nil {
		unix.Close(fd)
		return nil, &session.Error{Kind: session.ErrAccessDenied, Op: "watch", Err: errno(err),
			Hint: "the directory of the utmp file " + dir + " cannot be watched"}
	}
	// A non-blocking descriptor goes through Go's poller, so Close wakes
	// the reader.
	w := &inotifyWatch{f: os.NewFile(uintptr(fd), "inotify"), ch: make(chan struct{}, 1)}
	go w.read(name)
	return w, nil
}

// inotifyWatch is a watch of the utmp file.
type inotifyWatch struct {
	f  *os.File
	ch chan struct{}

	mu     sync.Mutex
	err    error
	closed bool
}

// Changed receives a value after each change of the file.
func (w *inotifyWatch) Changed() <-chan struct{} { return w.ch }

// Err is why the watch ended, nil when it was closed.
func (w *inotifyWatch) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close ends the watch.
func (w *inotifyWatch) Close() error {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	return w.f.Close()
}

// read signals every event that names the file, until the descriptor is
// closed or fails.
func (w *inotifyWatch) read(name string) {
	defer close(w.ch)
	buf := make([]byte, 64*(unix.SizeofInotifyEvent+unix.NAME_MAX+1))
	for {
		n, err := w.f.Read(buf)
		if err != nil {
			w.mu.Lock()
			if !w.closed && !errors.Is(err, os.ErrClosed) {
				w.err = fmt.Errorf("read inotify events: %w", err)
			}
			w.mu.Unlock()
			return
		}
		hit := false
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			nameBytes := buf[off+unix.SizeofInotifyEvent : off+unix.SizeofInotifyEvent+int(ev.Len)]
			if i := bytes.IndexByte(nameBytes, 0); i >= 0 {
				nameBytes = nameBytes[:i]
			}
			if string(nameBytes) == name || ev.Mask&unix.IN_Q_OVERFLOW != 0 {
				hit = true
			}
			off += unix.SizeofInotifyEvent + int(ev.Len)
		}
		if hit {
			select {
			case w.ch <- struct{}{}:
			default:
			}
		}
	}
}
