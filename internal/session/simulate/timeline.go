package simulate

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/usersession/usersession/internal/explanation"
	"github.com/usersession/usersession/internal/session"
)

// TimelineEntry is a change the simulator plays at its time, so that a
// watch has something to see.
//
// Event is one of: logon (Session is added), logoff (session ID is
// removed), disconnect (ID becomes Disconnected), connect (ID becomes
// Active), lock and unlock (ID's locked flag), state (ID takes State),
// unreachable and reachable (Host stops and starts answering).
type TimelineEntry struct {
	// AfterMs is when the change happens, in milliseconds after the first
	// watch of the helper started.
	AfterMs int `json:"afterMs"`
	// Host is the remote host of the change; empty for the local host.
	Host string `json:"host"`
	// Event is what happens.
	Event string `json:"event"`
	// ID is the session it happens to.
	ID uint32 `json:"id"`
	// Session is the session that logs on.
	Session *Session `json:"session"`
	// State is the new state, for event state.
	State session.State `json:"state"`
}

var timelineEvents = []string{"logon", "logoff", "disconnect", "connect", "lock", "unlock", "state", "unreachable", "reachable"}

// checkTimeline validates f's timeline; errors are *FixtureError.
func checkTimeline(f Fixture) error {
	for i, e := range f.Timeline {
		at := explanation.Index("timeline", i)
		bad := func(field, msg string, args ...any) error {
			return &FixtureError{Path: at + "." + field, Msg: at + "." + field + ": " + fmt.Sprintf(msg, args...)}
		}
		switch {
		case !slices.Contains(timelineEvents, e.Event):
			return bad("event", "%q is not an event; the events are %s", e.Event, strings.Join(timelineEvents, ", "))
		case e.AfterMs < 0:
			return bad("afterMs", "it is negative")
		case e.Event == "logon" && e.Session == nil:
			return bad("session", "a logon needs its session")
		case e.Event == "state" && e.State == "":
			return bad("state", "a state change needs its state")
		case (e.Event == "unreachable" || e.Event == "reachable") && e.Host == "":
			return bad("host", "only a remote host can become %s", e.Event)
		}
		if e.Host != "" && !slices.ContainsFunc(slices.Collect(maps.Keys(f.Hosts)), func(k string) bool { return strings.EqualFold(k, e.Host) }) {
			return bad("host", "host %q is not in hosts", e.Host)
		}
		if st := e.State; st != "" {
			if _, ok := session.ParseState(string(st)); !ok {
				return bad("state", "%q is not a state; the states are %v", st, session.States)
			}
		}
	}
	return nil
}

// hostWatch is one watch of a simulated host.
type hostWatch struct {
	b    *Backend
	key  string
	ch   chan struct{}
	once sync.Once
}

func (w *hostWatch) Changed() <-chan struct{} { return w.ch }
func (w *hostWatch) Err() error               { return nil }

// Close ends the watch.
func (w *hostWatch) Close() error {
	w.once.Do(func() {
		w.b.watchMu.Lock()
		delete(w.b.watchers[w.key], w)
		close(w.ch)
		w.b.watchMu.Unlock()
	})
	return nil
}

// WatchHost watches a simulated host: every change made through the
// backend (a logoff, a disconnect) and every entry of the timeline signals
// it. The first watch starts the timeline.
func (b *Backend) WatchHost(_ context.Context, host string) (session.HostWatch, error) {
	key := ""
	if host != "" {
		b.mu.Lock()
		k, h := b.lookup(host)
		b.mu.Unlock()
		if h == nil {
			return nil, &session.Error{Kind: session.ErrUnreachable, Op: "watch", ComputerName: host,
				Hint: "the fixture has no host of that name"}
		}
		key = k
	}
	w := &hostWatch{b: b, key: key, ch: make(chan struct{}, 1)}
	b.watchMu.Lock()
	if b.watchers == nil {
		b.watchers = make(map[string]map[*hostWatch]bool)
	}
	if b.watchers[key] == nil {
		b.watchers[key] = make(map[*hostWatch]bool)
	}
	b.watchers[key][w] = true
	b.watchMu.Unlock()
	b.timeline.Do(func() { go b.play() })
	return w, nil
}

// notify signals the watches of host key.
func (b *Backend) notify(key string) {
	b.watchMu.Lock()
	defer b.watchMu.Unlock()
	for w := range b.watchers[key] {
		select {
		case w.ch <- struct{}{}:
		default:
		}
	}
}

// play applies the timeline's entries at their times.
func (b *Backend) play() {
	start := time.Now()
	for _, e := range b.fix.Timeline {
		if d := time.Until(start.Add(time.Duration(e.AfterMs) * time.Millisecond)); d > 0 {
			time.Sleep(d)
		}
		key := b.apply(e)
		b.notify(key)
	}
}

// apply makes one timeline change and returns the key of its host.
func (b *Backend) apply(e TimelineEntry) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	ss, key := &b.fix.Sessions, ""
	var h *Host
	if e.Host != "" {
		key, h = b.lookup(e.Host)
		ss = &h.Sessions
	}
	index, _ := find(*ss, "", "", e.ID)
	at := session.TimePtr(b.now())
	switch e.Event {
	case "logon":
		s := *e.Session
		if s.LogonTime == nil {
			s.LogonTime = at
		}
		if index >= 0 {
			(*ss)[index] = s
		} else {
			*ss = append(*ss, s)
		}
	case "logoff":
		if index >= 0 {
			*ss = append((*ss)[:index:index], (*ss)[index+1:]...)
		}
	case "unreachable", "reachable":
		h.Unreachable = e.Event == "unreachable"
	default:
		if index < 0 {
			return key
		}
		s := &(*ss)[index]
		switch e.Event {
		case "disconnect":
			s.State, s.DisconnectTime = session.StateDisconnected, at
		case "connect":
			s.State, s.ConnectTime = session.StateActive, at
		case "lock", "unlock":
			s.Locked = session.BoolPtr(e.Event == "lock")
		case "state":
			st, _ := session.ParseState(string(e.State))
			s.State = st
		}
	}
	return key
}

// SinceWake is how long the host has run since its lastWakeTime, by the
// fixture's clock; session.NeverSlept without one.
func (b *Backend) SinceWake(ctx context.Context, host string) (time.Duration, bool, error) {
	var at *time.Time
	if host == "" {
		b.mu.Lock()
		at = b.fix.LastWakeTime
		b.mu.Unlock()
	} else {
		_, _, err := b.host(ctx, "reclaim", host)
		if err != nil {
			return 0, false, err
		}
		_, h := b.lookup(host)
		at = h.LastWakeTime
		b.mu.Unlock()
	}
	if at == nil {
		return session.NeverSlept, true, nil
	}
	return max(b.now().Sub(*at), 0), true, nil
}
