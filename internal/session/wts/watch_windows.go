//go:build windows

package wts

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// The event masks of WTSWaitSystemEvent.
const (
	eventNone  = 0x00000000 // WTS_EVENT_NONE: the wait was flushed
	eventAll   = 0x7FFFFFFF // WTS_EVENT_ALL
	eventFlush = 0x80000000 // WTS_EVENT_FLUSH
)

// WatchHost watches host ("" for the local machine) with
// WTSWaitSystemEvent: a thread waits for any event of the host's sessions
// (logon, logoff, connect, disconnect, a change of state) and each return
// sends on Changed. The local machine is waited on through
// WTS_CURRENT_SERVER_HANDLE, a remote host through a handle of its own
// from WTSOpenServerW (the two handles WTSWaitSystemEvent's page
// documents), which Close closes.
func (b *Backend) WatchHost(_ context.Context, host string) (session.HostWatch, error) {
	srv, err := openServer("watch", host)
	if err != nil {
		return nil, err
	}
	w := &hostWatch{srv: srv, changed: make(chan struct{}, 1), done: make(chan struct{})}
	go w.wait()
	return w, nil
}

// hostWatch is one host watched by a thread blocked in WTSWaitSystemEvent.
type hostWatch struct {
	srv     *server
	changed chan struct{}
	done    chan struct{} // closed when the waiting thread has ended

	mu      sync.Mutex
	closing bool
	err     error

	closeOnce sync.Once
}

var _ session.HostWatch = (*hostWatch)(nil)

// Changed receives a value each time the host reported an event since the
// last was taken; it never blocks the waiting thread.
func (w *hostWatch) Changed() <-chan struct{} { return w.changed }

// Err is the failure that ended the watch, nil when Close ended it.
func (w *hostWatch) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// wait waits for events until Close or a failure. A flushed wait that
// Close did not ask for (another watch of the local machine, which shares
// its handle, was closed) is waited again.
func (w *hostWatch) wait() {
	defer close(w.done)
	defer close(w.changed)
	for {
		w.mu.Lock()
		closing := w.closing
		w.mu.Unlock()
		if closing {
			return
		}
		var flags uint32
		err := wtsWaitSystemEvent(w.srv.handle, eventAll, &flags)
		w.mu.Lock()
		closing = w.closing
		if err != nil && !closing {
			w.err = wrap(fmt.Errorf("WTSWaitSystemEvent: %w", err), "watch", w.srv.host, nil)
		}
		w.mu.Unlock()
		if closing || err != nil {
			return
		}
		if flags == eventNone {
			continue
		}
		select {
		case w.changed <- struct{}{}:
		default: // a change is already waiting to be taken
		}
	}
}

// Close ends the watch: it wakes the waiting thread with WTS_EVENT_FLUSH,
// waits for it to end and closes the host's handle. The flush is repeated
// until the thread ends, since one sent while it was between two waits
// would wake nothing.
func (w *hostWatch) Close() error {
	var err error
	w.closeOnce.Do(func() {
		w.mu.Lock()
		w.closing = true
		w.mu.Unlock()
		defer w.srv.close()
		for {
			var flags uint32
			if ferr := wtsWaitSystemEvent(w.srv.handle, eventFlush, &flags); ferr != nil {
				select {
				case <-w.done:
				default:
					// The waiter cannot be woken: it ends with the handle.
					err = wrap(fmt.Errorf("WTSWaitSystemEvent(WTS_EVENT_FLUSH): %w", ferr), "watch", w.srv.host, nil)
				}
				return
			}
			select {
			case <-w.done:
				return
			case <-time.After(flushRetry):
			}
		}
	})
	return err
}

// flushRetry is how long Close waits for the waiting thread before it
// flushes again.
const flushRetry = 50 * time.Millisecond
