package session

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// EventKind is what happened to a session.
type EventKind string

// The events of a watch.
const (
	EventLogon       EventKind = "logon"       // a user signed in (a session with a user appeared)
	EventLogoff      EventKind = "logoff"      // a user signed out (the session or its user is gone)
	EventConnect     EventKind = "connect"     // a client attached to a disconnected session
	EventDisconnect  EventKind = "disconnect"  // the client of a session went away
	EventLock        EventKind = "lock"        // the session's desktop was locked
	EventUnlock      EventKind = "unlock"      // the session's desktop was unlocked
	EventStateChange EventKind = "stateChange" // any other change of state
	EventUnreachable EventKind = "unreachable" // the host stopped answering; it is retried
)

// EventKinds lists every EventKind.
var EventKinds = []EventKind{EventLogon, EventLogoff, EventConnect, EventDisconnect, EventLock, EventUnlock,
	EventStateChange, EventUnreachable}

// Event is one change seen by a watch.
type Event struct {
	ComputerName string
	ID           uint32
	UserName     string
	Domain       string
	Kind         EventKind
	Time         time.Time
	// Session is the session as it is now, nil when it is gone (and for
	// EventUnreachable).
	Session *Session
	// Err is why the host is unreachable, for EventUnreachable.
	Err error
}

// WatchRequest selects what Watch reports.
type WatchRequest struct {
	// ComputerNames are the hosts to watch; nil means the local host.
	ComputerNames []string
	// Events keeps only these kinds; nil keeps all. EventUnreachable is
	// always reported, so that silence never hides a host that is gone.
	Events []EventKind
	// Interval is how often a host is listed when the backend cannot tell
	// when it changes; 0 means DefaultPollInterval.
	Interval time.Duration
	// Resync is how often a host is listed even though its backend tells
	// changes, to catch one that fell between two waits; 0 means
	// DefaultResync.
	Resync time.Duration
	// Timeout is the time each listing gets; 0 means DefaultTimeout.
	Timeout time.Duration
}

// The pacing of a watch.
const (
	DefaultPollInterval = 2 * time.Second
	DefaultResync       = 30 * time.Second
	retryMin            = time.Second
	retryMax            = 30 * time.Second
)

// checkWatch validates r for StartWatch.
func (s *Service) checkWatch(r WatchRequest) error {
	switch {
	case r.ComputerNames != nil && len(r.ComputerNames) == 0:
		return invalid("watch", "computerNames", "computerNames is empty; omit it to watch the local host")
	case r.Events != nil && len(r.Events) == 0:
		return invalid("watch", "events", "events is empty; omit it to receive every event")
	}
	if err := checkNames("watch", r.ComputerNames); err != nil {
		return err
	}
	for i, e := range r.Events {
		if !slices.Contains(EventKinds, e) {
			return invalid("watch", "events", fmt.Sprintf("events[%d]: %q is not an event; events are %v", i, e, EventKinds))
		}
	}
	return checkTimeout(r.Timeout)
}

// Watch reports the changes of the sessions of r's hosts to emit until ctx
// ends. Each host is listed once at the start (that is the baseline, no
// events), then again whenever its backend says it changed (Watcher), or
// every Interval; the events are the difference between two listings. A
// host that fails to list sends one EventUnreachable and is retried with
// a growing delay; when it answers again, what changed meanwhile is
// reported. emit is called from one goroutine per host.
func (s *Service) Watch(ctx context.Context, r WatchRequest, emit func(Event)) error {
	done, err := s.StartWatch(ctx, r, emit)
	if err != nil {
		return err
	}
	<-done
	return nil
}

// StartWatch starts what Watch does and returns once every host has its
// baseline, or has failed to list (each bounded by r's timeout): a change
// made after StartWatch returns is reported, one made before may not be.
// The watch goes on until ctx ends; done is closed when it has.
func (s *Service) StartWatch(ctx context.Context, r WatchRequest, emit func(Event)) (done <-chan struct{}, err error) {
	if err := s.checkWatch(r); err != nil {
		return nil, err
	}
	var listed, running sync.WaitGroup
	for _, t := range s.targets(ctx, r.ComputerNames) {
		listed.Add(1)
		running.Add(1)
		go func() {
			defer running.Done()
			s.watchHost(ctx, s.named(ctx, t), r, emit, sync.OnceFunc(listed.Done))
		}()
	}
	listed.Wait()
	end := make(chan struct{})
	go func() {
		running.Wait()
		close(end)
	}()
	return end, nil
}

// watchHost is the loop of one host of a watch. It calls listed once the
// baseline is taken or has failed, before it emits anything.
func (s *Service) watchHost(ctx context.Context, t target, r WatchRequest, emit func(Event), listed func()) {
	defer listed()
	timeout := orDefault(r.Timeout)
	interval := r.Interval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	resync := r.Resync
	if resync <= 0 {
		resync = DefaultResync
	}
	keep := func(k EventKind) bool {
		return r.Events == nil || k == EventUnreachable || slices.Contains(r.Events, k)
	}

	var changed <-chan struct{}
	var hw HostWatch
	startWatch := func() {
		if hw != nil {
			return
		}
		w, ok := s.Backend.(Watcher)
		if !ok {
			return
		}
		if h, err := w.WatchHost(ctx, t.host); err == nil {
			hw, changed = h, h.Changed()
		}
	}
	stopWatch := func() {
		if hw != nil {
			_ = hw.Close()
			hw, changed = nil, nil
		}
	}
	defer stopWatch()

	var last map[uint32]Session
	unreachable := false
	retry := retryMin
	for {
		// Watch before listing, so that a change between the two is not lost.
		startWatch()
		ss, err := bounded(ctx, s, t, "watch", timeout, func(ctx context.Context) ([]Session, error) {
			return s.Backend.Sessions(ctx, t.host)
		})
		listed()
		if ctx.Err() != nil {
			return
		}
		wait := resync
		if changed == nil {
			wait = interval
		}
		switch {
		case err != nil:
			if !unreachable {
				unreachable = true
				emit(Event{ComputerName: t.report, Kind: EventUnreachable, Time: time.Now().UTC(), Err: err})
			}
			stopWatch()
			wait, retry = retry, min(retry*2, retryMax)
		default:
			unreachable, retry = false, retryMin
			s.markProtected(ctx, ss)
			now := make(map[uint32]Session, len(ss))
			for _, x := range ss {
				now[x.ID] = x
			}
			if last != nil {
				for _, e := range diff(t.report, last, now, ss) {
					if keep(e.Kind) {
						emit(e)
					}
				}
			}
			last = now
		}
		// A change (or the end of the backend's watch) lists again at
		// once; a watch that ended is started anew before that listing.
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case _, ok := <-changed:
			timer.Stop()
			if !ok {
				stopWatch()
			}
		case <-timer.C:
		}
	}
}

// diff returns the events that turn the sessions before into now, in the
// order of order (the new listing), then those that are gone.
func diff(host string, before, now map[uint32]Session, order []Session) []Event {
	at := time.Now().UTC()
	var out []Event
	ev := func(s Session, kind EventKind, cur *Session) {
		out = append(out, Event{ComputerName: host, ID: s.ID, UserName: s.UserName, Domain: s.Domain,
			Kind: kind, Time: at, Session: cur})
	}
	for i := range order {
		cur := order[i]
		old, existed := before[cur.ID]
		switch {
		case !existed || old.UserName != cur.UserName || old.Domain != cur.Domain:
			if existed && old.UserName != "" {
				ev(old, EventLogoff, nil)
			}
			if cur.UserName != "" {
				ev(cur, EventLogon, &cur)
			} else if existed && old.State != cur.State {
				ev(cur, EventStateChange, &cur)
			}
			continue
		}
		if old.State != cur.State {
			switch {
			case cur.State == StateDisconnected:
				ev(cur, EventDisconnect, &cur)
			case old.State == StateDisconnected && (cur.State == StateActive || cur.State == StateConnected):
				ev(cur, EventConnect, &cur)
			default:
				ev(cur, EventStateChange, &cur)
			}
		}
		if old.Locked != nil && cur.Locked != nil && *old.Locked != *cur.Locked {
			if *cur.Locked {
				ev(cur, EventLock, &cur)
			} else {
				ev(cur, EventUnlock, &cur)
			}
		}
	}
	var gone []Session
	for id, old := range before {
		if _, ok := now[id]; !ok && old.UserName != "" {
			gone = append(gone, old)
		}
	}
	slices.SortFunc(gone, func(a, b Session) int { return cmp.Compare(a.ID, b.ID) })
	for _, old := range gone {
		ev(old, EventLogoff, nil)
	}
	return out
}
