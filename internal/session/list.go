package session

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Query selects sessions for List. A nil list selects everything; an empty
// one is an error, never "all".
type Query struct {
	ComputerNames []string
	IDs           []uint32
	// UserNames are patterns with * and ?, matched without regard to case
	// against the user name and against DOMAIN\user.
	UserNames []string
	States    []State
	// Timeout is the time each host gets; 0 means DefaultTimeout.
	Timeout time.Duration
	// IncludeResources adds the process count, working set and processor
	// time of each session, from one process list per host.
	IncludeResources bool
	// Parallel is how many hosts are asked at once: 0 means the
	// Service's MaxParallel; at most ParallelLimit.
	Parallel int
}

// Failure is a host List could not read.
type Failure struct {
	ComputerName string
	Err          error
	// Partial is true when the host's sessions are listed but their
	// resources could not be read.
	Partial bool
}

// invalid is the error of a request that selects nothing it could mean.
func invalid(op, field, msg string) error {
	return &Error{Kind: ErrInvalid, Op: op, Field: field, Reason: msg}
}

// checkSelection rejects the selections that would widen to everything: a
// filter given as an empty list, an empty computer name.
func (q Query) check() error {
	switch {
	case q.ComputerNames != nil && len(q.ComputerNames) == 0:
		return invalid("list", "computerNames", "computerNames is empty; omit it to ask the local host")
	case q.IDs != nil && len(q.IDs) == 0:
		return invalid("list", "ids", "ids is empty; omit it to select all")
	case q.UserNames != nil && len(q.UserNames) == 0:
		return invalid("list", "userNames", "userNames is empty; omit it to select all")
	case q.States != nil && len(q.States) == 0:
		return invalid("list", "states", "states is empty; omit it to select all")
	}
	if err := checkNames("list", q.ComputerNames); err != nil {
		return err
	}
	for i, u := range q.UserNames {
		if u == "" {
			return invalid("list", "userNames", fmt.Sprintf("userNames[%d] is empty", i))
		}
	}
	if q.Parallel < 0 || q.Parallel > ParallelLimit {
		return invalid("list", "throttleLimit", fmt.Sprintf("throttleLimit must be from 1 to %d; omit it for the default", ParallelLimit))
	}
	return checkTimeout(q.Timeout)
}

// List asks every host of q once, all at once, each with its own timeout,
// and returns the sessions that pass the filters, host by host in the
// order asked, and one Failure for each host that failed or timed out. A
// slow host never delays the others beyond its own timeout. Names that
// mean the same host (the local machine as "." and by its name, one
// server by two names) ask it once, under the first name given. The error
// is for the query itself (ErrInvalid).
func (s *Service) List(ctx context.Context, q Query) ([]Session, []Failure, error) {
	if err := q.check(); err != nil {
		return nil, nil, err
	}
	timeout := orDefault(q.Timeout)
	targets := s.targets(ctx, q.ComputerNames)

	type result struct {
		sessions []Session
		err      error
		resErr   error // the process list for the resources failed
	}
	results := make([]result, len(targets))
	parallel := s.parallel()
	if q.Parallel > 0 {
		parallel = q.Parallel
	}
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	ask := func(i int, t target) {
		ss, err := bounded(ctx, s, t, "list", timeout, func(ctx context.Context) ([]Session, error) {
			return s.Backend.Sessions(ctx, t.host)
		})
		results[i].sessions, results[i].err = ss, err
		if err == nil {
			s.markProtected(ctx, ss)
		}
		if err == nil && q.IncludeResources {
			results[i].resErr = s.addResources(ctx, t, timeout, ss)
		}
	}
	if len(targets) == 1 {
		// One host: asked from here; bounded gives the call a goroutine
		// when it may block.
		ask(0, targets[0])
	} else {
		for i, t := range targets {
			wg.Add(1)
			go func() {
				defer wg.Done()
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					results[i].err = &Error{Kind: ErrTimeout, Op: "list", ComputerName: s.named(ctx, t).report, Timeout: timeout.Seconds(), Err: ctx.Err()}
					return
				}
				defer func() { <-sem }()
				ask(i, t)
			}()
		}
	}
	wg.Wait()

	f := newFilter(q)
	var failures []Failure
	total, live := 0, 0
	for i, r := range results {
		switch {
		case r.err != nil:
			failures = append(failures, Failure{ComputerName: s.named(ctx, targets[i]).report, Err: r.err})
			continue
		case r.resErr != nil:
			failures = append(failures, Failure{ComputerName: s.named(ctx, targets[i]).report, Err: r.resErr, Partial: true})
		}
		total += len(r.sessions)
		live++
	}
	if f.empty() && live == 1 && len(results) == 1 {
		// One host and no filter: its list is the answer, without a copy.
		return results[0].sessions, failures, nil
	}
	var sessions []Session
	if f.empty() {
		sessions = make([]Session, 0, total)
	}
	for _, r := range results {
		if r.err != nil {
			continue
		}
		for i := range r.sessions {
			if f.match(&r.sessions[i]) {
				sessions = append(sessions, r.sessions[i])
			}
		}
	}
	return sessions, failures, nil
}

// addResources fills the resource sums of ss from one process list of t.
func (s *Service) addResources(ctx context.Context, t target, timeout time.Duration, ss []Session) error {
	ps, err := bounded(ctx, s, t, "processes", timeout, func(ctx context.Context) ([]Process, error) {
		return s.Backend.Processes(ctx, t.host)
	})
	if err != nil {
		return &Error{Kind: failureKind(err), Op: "list", ComputerName: s.named(ctx, t).report,
			Reason: "the sessions are listed without their resources: the process list failed", Err: err}
	}
	index := make(map[uint32]int, len(ss))
	for i := range ss {
		index[ss[i].ID] = i
		var zero uint32
		var ws uint64
		var cpu float64
		ss[i].ProcessCount, ss[i].WorkingSetBytes, ss[i].CPUSeconds = &zero, &ws, &cpu
	}
	for _, p := range ps {
		i, ok := index[p.SessionID]
		if !ok {
			continue
		}
		*ss[i].ProcessCount++
		if p.WorkingSetBytes != nil {
			*ss[i].WorkingSetBytes += *p.WorkingSetBytes
		}
		if p.CPUSeconds != nil {
			*ss[i].CPUSeconds += *p.CPUSeconds
		}
	}
	return nil
}

// ProcessQuery selects processes for Processes.
type ProcessQuery struct {
	ComputerName string
	// IDs keeps the processes of these sessions; nil keeps all, empty is
	// an error.
	IDs []uint32
	// Timeout is the time the host gets; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Processes lists the processes of one host, only of the sessions q.IDs
// when it is given.
func (s *Service) Processes(ctx context.Context, q ProcessQuery) ([]Process, error) {
	const op = "processes"
	if q.IDs != nil && len(q.IDs) == 0 {
		return nil, invalid(op, "ids", "ids is empty; omit it to list the processes of every session")
	}
	if err := checkTimeout(q.Timeout); err != nil {
		return nil, err
	}
	t := s.resolve(ctx, q.ComputerName)
	ps, err := bounded(ctx, s, t, op, orDefault(q.Timeout), func(ctx context.Context) ([]Process, error) {
		return s.Backend.Processes(ctx, t.host)
	})
	if err != nil {
		return nil, err
	}
	if q.IDs == nil {
		return ps, nil
	}
	var out []Process
	for _, p := range ps {
		for _, id := range q.IDs {
			if p.SessionID == id {
				out = append(out, p)
				break
			}
		}
	}
	return out, nil
}
