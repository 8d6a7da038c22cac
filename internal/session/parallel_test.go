package session_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

// gateBackend lists remote hosts in groups: a call waits until limit
// calls are in flight, and then the whole group goes on. The most calls
// ever in flight at once is recorded; had List asked more hosts than the
// limit at once, the group would have been bigger.
type gateBackend struct {
	session.Backend
	limit int

	mu            sync.Mutex
	cond          *sync.Cond
	inFlight, max int
	group         int // calls of the current group still waiting
	gen           int
}

func (g *gateBackend) Sessions(ctx context.Context, host string) ([]session.Session, error) {
	if host == "" {
		return g.Backend.Sessions(ctx, host)
	}
	g.mu.Lock()
	g.inFlight++
	g.max = max(g.max, g.inFlight)
	g.group++
	gen := g.gen
	if g.group >= g.limit {
		g.group = 0
		g.gen++
		g.cond.Broadcast()
	}
	for gen == g.gen {
		g.cond.Wait()
	}
	g.inFlight--
	g.mu.Unlock()
	return []session.Session{{ComputerName: host, ID: 1, UserName: "u", State: session.StateActive}}, nil
}

// TestListThrottle checks that Query.Parallel bounds how many hosts one
// List asks at once: nine hosts with a limit of three are asked three at
// a time, all nine are listed, and never more than three are in flight.
func TestListThrottle(t *testing.T) {
	t.Parallel()
	sim, err := simulate.Parse([]byte(fixture))
	if err != nil {
		t.Fatal(err)
	}
	const hosts, limit = 9, 3
	g := &gateBackend{Backend: sim, limit: limit}
	g.cond = sync.NewCond(&g.mu)
	svc := session.NewService(g)
	var names []string
	for i := range hosts {
		names = append(names, fmt.Sprintf("H%02d", i))
	}
	ss, fails, err := svc.List(context.Background(), session.Query{ComputerNames: names, Parallel: limit})
	if err != nil || len(fails) != 0 {
		t.Fatalf("List: %v, failures %v", err, fails)
	}
	if len(ss) != hosts {
		t.Errorf("listed %d sessions, want %d", len(ss), hosts)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.max != limit {
		t.Errorf("at most %d hosts were asked at once, want %d", g.max, limit)
	}
}

// TestListThrottleRange checks that a limit below 0 or past the most one
// List may ask at once is refused, and 0 is the default.
func TestListThrottleRange(t *testing.T) {
	t.Parallel()
	svc := newService(t, fixture)
	for _, p := range []int{-1, session.ParallelLimit + 1} {
		if _, _, err := svc.List(context.Background(), session.Query{Parallel: p}); err == nil {
			t.Errorf("Parallel %d: no error", p)
		}
	}
	if _, _, err := svc.List(context.Background(), session.Query{Parallel: 0}); err != nil {
		t.Errorf("Parallel 0: %v", err)
	}
}
