package session

import "context"

// Backend is one way of reaching sessions: the WTS API on Windows, utmp and
// /proc on Linux, a fixture file in the simulator.
//
// host is "" for the local machine, otherwise a computer name as the caller
// wrote it. Backends return errors that wrap the Err* kinds (usually as an
// *Error) so the transport can map them to codes. A Backend applies no
// safety policy of its own: the Service does that above it.
type Backend interface {
	// Name is the backend's name on the wire: "wts", "utmp" or "simulate".
	Name() string
	// Info describes the local host.
	Info(ctx context.Context) (HostInfo, error)
	// Sessions lists every session of host, with ComputerName set.
	Sessions(ctx context.Context, host string) ([]Session, error)
	// Session returns session id of host, as Sessions would list it, or an
	// error of kind ErrNoSession. The safety check of every action asks
	// for the target only, so a backend should not list the whole host
	// where it can ask for one session.
	Session(ctx context.Context, host string, id uint32) (Session, error)
	// Logoff signs session id out. completed reports that the sign-out has
	// finished (it is true only when the backend knows so, usually when wait
	// was asked for).
	Logoff(ctx context.Context, host string, id uint32, wait bool) (completed bool, err error)
	// Disconnect detaches the client of session id, leaving it running.
	Disconnect(ctx context.Context, host string, id uint32, wait bool) (completed bool, err error)
	// Message shows a message box in session id.
	Message(ctx context.Context, host string, id uint32, m Message) (Response, error)
	// Processes lists the processes of host, of every session.
	Processes(ctx context.Context, host string) ([]Process, error)
}

// Find returns session id of ss, or an ErrNoSession error naming op and
// host: Backend.Session for backends that can only list.
func Find(ss []Session, op, host string, id uint32) (Session, error) {
	for _, s := range ss {
		if s.ID == id {
			return s, nil
		}
	}
	return Session{}, &Error{Kind: ErrNoSession, Op: op, ComputerName: host, SessionID: IDPtr(id)}
}

// The optional interfaces below are what a backend may offer beyond
// Backend; the Service asks for each with a type assertion.

// PromptLocal is implemented by backends whose calls to the local host
// only read local state and honour their context (the Linux backend, the
// simulator): the Service then calls them on the caller's goroutine.
// Calls that may block in the system (WTS) always get a goroutine of their
// own, so that a timeout can leave them behind.
type PromptLocal interface {
	PromptLocal() bool
}

// HostIdentifier is implemented by backends that know the other names of
// the local machine and which names mean one remote host.
type HostIdentifier interface {
	// IdentifyHost reports whether name is a name of the local machine;
	// if it is not, key is equal for every name of one host ("" when the
	// backend cannot tell).
	IdentifyHost(ctx context.Context, name string) (local bool, key string)
}

// LocalNamer is implemented by backends that know the local machine's
// names and addresses; server.info reports them so that clients resolve
// names as the helper does.
type LocalNamer interface {
	// LocalNames returns every name and address that means the local
	// machine besides ".", "localhost" and loopback addresses.
	LocalNames(ctx context.Context) []string
}

// Watcher is implemented by backends that can tell when the sessions of a
// host may have changed (WTSWaitSystemEvent on Windows, inotify on the
// utmp file on Linux, the fixture's timeline in the simulator). The
// Service lists the host again at each change and tells the events from
// the difference; without a Watcher it lists the host every few seconds.
type Watcher interface {
	// WatchHost starts watching host ("" for the local machine). ctx
	// bounds the start only: the watch lasts until its Close.
	WatchHost(ctx context.Context, host string) (HostWatch, error)
}

// HostWatch is one host being watched. Whoever started it owns it and
// calls Close once it no longer reads Changed, also when the watch ended
// by itself; nothing else ends it, not even the end of the context given
// to WatchHost.
type HostWatch interface {
	// Changed receives a value each time the sessions may have changed
	// since the last; it is buffered, so a backend never blocks on it. It
	// is closed when the watch ends: by Close, or by a failure, which Err
	// then returns.
	Changed() <-chan struct{}
	// Err is why the watch ended, nil when it was closed.
	Err() error
	// Close ends the watch and releases what it holds (on Windows,
	// WTSWaitSystemEvent is woken with WTS_EVENT_FLUSH).
	Close() error
}
