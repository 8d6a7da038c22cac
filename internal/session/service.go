package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// DefaultTimeout is the per-host timeout of List when the query gives none.
const DefaultTimeout = 10 * time.Second

// DefaultMaxParallel bounds how many hosts List asks at once.
const DefaultMaxParallel = 64

// Service applies what every backend shares: resolving the local host,
// asking many hosts at once with a timeout each, filtering, and the safety
// policy of Logoff and Disconnect.
type Service struct {
	Backend Backend
	// MaxParallel bounds how many hosts are asked at once; 0 means
	// DefaultMaxParallel. A host that times out gives its slot back at once,
	// even if the backend's call is still blocked.
	MaxParallel int

	infoOnce sync.Once
	info     HostInfo
	infoErr  error
}

// NewService returns a Service over b.
func NewService(b Backend) *Service { return &Service{Backend: b} }

// Info describes the local host; the backend is asked once.
func (s *Service) Info(ctx context.Context) (HostInfo, error) {
	s.infoOnce.Do(func() { s.info, s.infoErr = s.Backend.Info(ctx) })
	return s.info, s.infoErr
}

// resolve maps a computer name to the backend's host argument ("" for the
// local machine) and the name to report.
func (s *Service) resolve(ctx context.Context, name string) (host, report string) {
	info, _ := s.Info(ctx)
	if localAlias(name) || info.ComputerName != "" && strings.EqualFold(name, info.ComputerName) {
		return "", info.ComputerName
	}
	return name, name
}

// host maps a computer name to the backend's host argument, "" for the
// local machine, like resolve; only a name that might be the local
// machine's own name costs the backend's Info.
func (s *Service) host(ctx context.Context, name string) string {
	if localAlias(name) {
		return ""
	}
	h, _ := s.resolve(ctx, name)
	return h
}

// localAlias reports whether name always means the local machine.
func localAlias(name string) bool {
	return name == "" || name == "." || strings.EqualFold(name, "localhost")
}

// Query selects sessions for List. Empty lists select everything.
type Query struct {
	ComputerNames []string
	IDs           []uint32
	// UserNames are patterns with * and ?, matched without regard to case
	// against the user name and against DOMAIN\user.
	UserNames []string
	States    []State
	// Timeout is the time each host gets; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Failure is a host List could not read.
type Failure struct {
	ComputerName string
	Err          error
}

// List asks every host of q at once, each with its own timeout, and returns
// the sessions that pass the filters, host by host in the order asked, and
// one Failure for each host that failed or timed out. A slow host never
// delays the others beyond its own timeout.
func (s *Service) List(ctx context.Context, q Query) ([]Session, []Failure) {
	names := uniqueFold(q.ComputerNames)
	if len(names) == 0 {
		names = []string{""}
	}
	timeout := q.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	parallel := s.MaxParallel
	if parallel <= 0 {
		parallel = DefaultMaxParallel
	}

	type result struct {
		sessions []Session
		err      error
	}
	results := make([]result, len(names))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			host := s.host(ctx, name)
			// The name to report is needed only for a failure; for the
			// local host it costs the backend's Info.
			report := func() string { _, r := s.resolve(ctx, name); return r }
			timedOut := func(cause error) error {
				return &Error{Kind: ErrTimeout, Op: "list", ComputerName: report(), Timeout: timeout.Seconds(), Err: cause}
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results[i].err = timedOut(ctx.Err())
				return
			}
			defer func() { <-sem }()
			hctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			done := make(chan result, 1)
			go func() {
				ss, err := s.Backend.Sessions(hctx, host)
				done <- result{ss, err}
			}()
			select {
			case r := <-done:
				if r.err != nil {
					r.err = fillHost(r.err, "list", report())
				}
				results[i] = r
			case <-hctx.Done():
				results[i].err = timedOut(hctx.Err())
			}
		}()
	}
	wg.Wait()

	f := newFilter(q)
	var failures []Failure
	total, live := 0, 0
	for i, r := range results {
		if r.err != nil {
			_, report := s.resolve(ctx, names[i])
			failures = append(failures, Failure{ComputerName: report, Err: r.err})
			continue
		}
		total += len(r.sessions)
		live++
	}
	if f.empty() && live == 1 {
		// One host and no filter: its list is the answer, without a copy.
		for _, r := range results {
			if r.err == nil {
				return r.sessions, failures
			}
		}
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
	return sessions, failures
}

// Action is what Act does to a session.
type Action string

// The actions of Act.
const (
	ActionLogoff     Action = "logoff"
	ActionDisconnect Action = "disconnect"
)

// Act signs out or disconnects session id of computerName. Without force it
// first looks the session up and refuses (ErrRefused) the caller's own
// session, session 0 and listeners; a session that does not exist is
// ErrNoSession. It returns the computer name it acted on.
func (s *Service) Act(ctx context.Context, action Action, computerName string, id uint32, wait, force bool) (string, bool, error) {
	host, report := s.resolve(ctx, computerName)
	op := string(action)
	if !force {
		if err := s.check(ctx, op, host, report, id); err != nil {
			return report, false, err
		}
	}
	var completed bool
	var err error
	switch action {
	case ActionLogoff:
		completed, err = s.Backend.Logoff(ctx, host, id, wait)
	case ActionDisconnect:
		completed, err = s.Backend.Disconnect(ctx, host, id, wait)
	default:
		return report, false, fmt.Errorf("unknown action %q", action)
	}
	return report, completed, fillSession(err, op, report, id)
}

// check applies the safety policy to session id of host.
func (s *Service) check(ctx context.Context, op, host, report string, id uint32) error {
	sessions, err := s.Backend.Sessions(ctx, host)
	if err != nil {
		return fillHost(err, op, report)
	}
	for _, ss := range sessions {
		if ss.ID != id {
			continue
		}
		var reason string
		switch {
		case id == 0:
			reason = "session 0 runs the machine's services"
		case ss.State == StateListen:
			reason = fmt.Sprintf("session %d is a listener that accepts new connections", id)
		case ss.IsCurrent:
			reason = fmt.Sprintf("session %d is the caller's own session", id)
		default:
			return nil
		}
		return &Error{Kind: ErrRefused, Op: op, ComputerName: report, SessionID: IDPtr(id),
			Reason: reason, Hint: "set force to do it anyway"}
	}
	return &Error{Kind: ErrNoSession, Op: op, ComputerName: report, SessionID: IDPtr(id)}
}

// Message shows m in session id of computerName and returns the computer
// name and the response.
func (s *Service) Message(ctx context.Context, computerName string, id uint32, m Message) (string, Response, error) {
	host, report := s.resolve(ctx, computerName)
	r, err := s.Backend.Message(ctx, host, id, m)
	return report, r, fillSession(err, "message", report, id)
}

// Processes lists the processes of computerName, only of the sessions ids
// when ids is not empty.
func (s *Service) Processes(ctx context.Context, computerName string, ids []uint32) ([]Process, error) {
	host, report := s.resolve(ctx, computerName)
	ps, err := s.Backend.Processes(ctx, host)
	if err != nil {
		return nil, fillHost(err, "processes", report)
	}
	if len(ids) == 0 {
		return ps, nil
	}
	var out []Process
	for _, p := range ps {
		for _, id := range ids {
			if p.SessionID == id {
				out = append(out, p)
				break
			}
		}
	}
	return out, nil
}

// fillHost completes an *Error in err with the op and computer name when
// the backend left them out.
func fillHost(err error, op, computerName string) error {
	var e *Error
	if errors.As(err, &e) {
		if e.Op == "" {
			e.Op = op
		}
		if e.ComputerName == "" {
			e.ComputerName = computerName
		}
	}
	return err
}

// fillSession is fillHost that also sets the session id.
func fillSession(err error, op, computerName string, id uint32) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) && e.SessionID == nil {
		e.SessionID = IDPtr(id)
	}
	return fillHost(err, op, computerName)
}

// uniqueFold drops repeated names, comparing without regard to case.
func uniqueFold(names []string) []string {
	var out []string
outer:
	for _, n := range names {
		for _, o := range out {
			if strings.EqualFold(n, o) {
				continue outer
			}
		}
		out = append(out, n)
	}
	return out
}
