package session_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

const watchFixture = `{"computerName":"SIM01","currentSessionId":1,"elevated":true,
 "sessions":[{"id":1,"userName":"admin","state":"Active","locked":false},{"id":3,"userName":"bob","state":"Active","locked":false}],
 "hosts":{"SRV02":{"sessions":[{"id":2,"userName":"dave"}]}},
 "timeline":[
  {"afterMs":100,"event":"logon","session":{"id":4,"userName":"carol","domain":"CONTOSO","state":"Active"}},
  {"afterMs":200,"event":"disconnect","id":3},
  {"afterMs":300,"event":"lock","id":1},
  {"afterMs":350,"host":"SRV02","event":"unreachable"},
  {"afterMs":400,"event":"connect","id":3},
  {"afterMs":500,"event":"unlock","id":1},
  {"afterMs":600,"event":"logoff","id":4},
  {"afterMs":700,"host":"SRV02","event":"reachable"},
  {"afterMs":750,"host":"SRV02","event":"logoff","id":2}]}`

// TestWatch plays the simulator's timeline under a watch of two hosts and
// sees each change once, in order per host, and the host that stops
// answering once.
func TestWatch(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, watchFixture)
	svc := session.NewService(rec)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var got []string
	done := make(chan error, 1)
	go func() {
		done <- svc.Watch(ctx, session.WatchRequest{ComputerNames: []string{"localhost", "SRV02"}, Interval: 50 * time.Millisecond},
			func(e session.Event) {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, fmt.Sprintf("%s/%d/%s/%s", e.ComputerName, e.ID, e.Kind, e.UserName))
			})
	}()
	want := []string{"SIM01/4/logon/carol", "SIM01/3/disconnect/bob", "SIM01/1/lock/admin", "SRV02/0/unreachable/",
		"SIM01/3/connect/bob", "SIM01/1/unlock/admin", "SIM01/4/logoff/carol", "SRV02/2/logoff/dave"}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // room for an event that should not come
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	perHost := func(list []string, host string) string {
		var out []string
		for _, s := range list {
			if strings.HasPrefix(s, host+"/") {
				out = append(out, s)
			}
		}
		return strings.Join(out, " ")
	}
	for _, host := range []string{"SIM01", "SRV02"} {
		if g, w := perHost(got, host), perHost(want, host); g != w {
			t.Errorf("events of %s:\n got %s\nwant %s", host, g, w)
		}
	}
}

// TestWatchFilters: only the kinds asked for come, and a bad request is an
// error before anything is watched.
func TestWatchFilters(t *testing.T) {
	t.Parallel()
	svc := session.NewService(newRecorder(t, watchFixture))
	for _, r := range []session.WatchRequest{{Events: []session.EventKind{}}, {ComputerNames: []string{}},
		{ComputerNames: []string{""}}, {ComputerNames: []string{"SRV02", "  "}},
		{Events: []session.EventKind{"logout"}}} {
		// A watch that starts ends with its context: that is a nil error.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if err := svc.Watch(ctx, r, func(session.Event) {}); err == nil {
			t.Errorf("Watch(%+v) = nil, want an error", r)
		}
		cancel()
	}
	// The timeline's only local logoff comes last (600 ms), after every
	// kind that the filter keeps out: the watch ends at that logoff, or
	// after 10 s.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var mu sync.Mutex
	var kinds []session.EventKind
	_ = svc.Watch(ctx, session.WatchRequest{Events: []session.EventKind{session.EventLogoff}}, func(e session.Event) {
		mu.Lock()
		kinds = append(kinds, e.Kind)
		mu.Unlock()
		if e.Session != nil {
			t.Errorf("a logoff event carries the session %+v, want nil", e.Session)
		}
		if e.Kind == session.EventLogoff {
			cancel()
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if len(kinds) != 1 || kinds[0] != session.EventLogoff {
		t.Errorf("events = %v, want one logoff", kinds)
	}
}

// closeCounter is a recorder whose host watches count their Close calls.
type closeCounter struct {
	*recorder
	mu      sync.Mutex
	watches []*countedWatch
}

func (c *closeCounter) WatchHost(ctx context.Context, host string) (session.HostWatch, error) {
	hw, err := c.recorder.WatchHost(ctx, host)
	if err != nil {
		return nil, err
	}
	w := &countedWatch{HostWatch: hw, c: c, host: host}
	c.mu.Lock()
	c.watches = append(c.watches, w)
	c.mu.Unlock()
	return w, nil
}

// countedWatch is a HostWatch that counts its Close calls.
type countedWatch struct {
	session.HostWatch
	c      *closeCounter
	host   string
	closed int
}

func (w *countedWatch) Close() error {
	w.c.mu.Lock()
	w.closed++
	w.c.mu.Unlock()
	return w.HostWatch.Close()
}

// TestWatchClosesItsHostWatches: the Service owns the backend's watches
// (backends do not close them at the end of the context): it closes the
// watch of a host that stops answering before it watches the host again,
// and every other when the watch ends, each once.
func TestWatchClosesItsHostWatches(t *testing.T) {
	t.Parallel()
	c := &closeCounter{recorder: newRecorder(t, watchFixture)}
	svc := session.NewService(c)
	// SRV02 stops answering at 350 ms and is retried after a second: the
	// watch ends once SRV02 is watched anew (or after 10 s).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watched := make(chan error, 1)
	go func() {
		watched <- svc.Watch(ctx, session.WatchRequest{ComputerNames: []string{"localhost", "SRV02"}}, func(session.Event) {})
	}()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		c.mu.Lock()
		n := 0
		for _, w := range c.watches {
			if w.host == "SRV02" {
				n++
			}
		}
		c.mu.Unlock()
		if n >= 2 {
			break
		}
	}
	cancel()
	if err := <-watched; err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	perHost := map[string]int{}
	for i, w := range c.watches {
		perHost[w.host]++
		if w.closed != 1 {
			t.Errorf("watch %d of %q closed %d times, want once", i, w.host, w.closed)
		}
	}
	if perHost[""] != 1 || perHost["SRV02"] < 2 {
		t.Errorf("watches per host %v, want one of the local host and a new one of SRV02 after it failed", perHost)
	}
}
