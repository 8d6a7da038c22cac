package session

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// stuckCall is a backend call the Service gave up on that has not
// returned yet.
type stuckCall struct {
	op      string
	since   time.Time
	timeout time.Duration
	count   int // calls of the host still running past their timeout
}

// parallel is how many hosts are asked at once.
func (s *Service) parallel() int {
	if s.MaxParallel <= 0 {
		return DefaultMaxParallel
	}
	return s.MaxParallel
}

// checkTimeout is the one check of a request's timeout: 0 means the
// default, anything else must be more than 0 and at most MaxTimeout. The
// wire (contract.Timeout) hands every timeoutSeconds through here.
func checkTimeout(d time.Duration) error {
	if d < 0 || d > MaxTimeout {
		return &Error{Kind: ErrInvalid, Field: "timeoutSeconds",
			Reason: "timeoutSeconds must be more than 0 and at most 3600; omit it for the default of 10"}
	}
	return nil
}

func orDefault(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultTimeout
	}
	return d
}

// failureKind returns the first of the domain's kinds of failure err is of, or nil.
func failureKind(err error) error {
	for _, k := range []error{ErrAccessDenied, ErrNoSession, ErrRefused, ErrNotSupported, ErrUnreachable, ErrTimeout, ErrInvalid} {
		if errors.Is(err, k) {
			return k
		}
	}
	return nil
}

// bounded runs call against host t with timeout, on a goroutine of its own
// so that a call that never returns (a blocking system call to an
// unresponsive host) costs the caller only its timeout. The call's context
// ends at the timeout; the call then has grace to report what it has
// before it is left to finish alone. While a call of t runs past its
// timeout, further calls to t fail at once with ErrTimeout naming it,
// and past MaxBlocked such calls in all, every call does.
func bounded[T any](ctx context.Context, s *Service, t target, op string, timeout time.Duration, call func(context.Context) (T, error)) (T, error) {
	var zero T
	if err := s.admit(t, op); err != nil {
		return zero, fillHost(err, op, s.named(ctx, t).report)
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	type result struct {
		v   T
		err error
	}
	timedOut := func(cause error) error {
		return &Error{Kind: ErrTimeout, Op: op, ComputerName: s.named(ctx, t).report, Timeout: timeout.Seconds(), Err: cause}
	}
	outcome := func(r result) (T, error) {
		cancel()
		if r.err == nil {
			return r.v, nil
		}
		if errors.Is(r.err, context.DeadlineExceeded) && !errors.Is(r.err, ErrTimeout) && ctx.Err() == nil {
			return r.v, timedOut(r.err)
		}
		return r.v, fillHost(r.err, op, s.named(ctx, t).report)
	}
	var r result
	if p, ok := s.Backend.(PromptLocal); ok && t.host == "" && p.PromptLocal() {
		// Nothing here can block past the context: no thread to wake,
		// which is most of a one-shot listing's cost.
		r.v, r.err = call(cctx)
		return outcome(r)
	}
	done := make(chan result, 1)
	go func() {
		v, err := call(cctx)
		done <- result{v, err}
	}()
	select {
	case r = <-done:
	case <-cctx.Done():
		g := s.Grace
		if g <= 0 {
			g = defaultGrace
		}
		wait := time.NewTimer(g)
		select {
		case r = <-done:
			wait.Stop()
		case <-wait.C:
			cancel()
			abandon(s, t, op, timeout, done)
			return zero, timedOut(cctx.Err())
		}
	}
	return outcome(r)
}

// admit refuses a call to a host whose earlier call is still running past
// its timeout, and any call once MaxBlocked calls are.
func (s *Service) admit(t target, op string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.stuck[t.key]; st != nil {
		return &Error{Kind: ErrTimeout, Op: op, Timeout: st.timeout.Seconds(),
			Reason: fmt.Sprintf("an earlier %s call to this host has not returned after %s; no further call is sent until it does",
				st.op, time.Since(st.since).Round(time.Second)),
			Hint: "check that the host is up and answers RPC; the call is retried once the earlier one returns"}
	}
	limit := s.MaxBlocked
	if limit <= 0 {
		limit = DefaultMaxBlocked
	}
	if s.blocked >= limit {
		return &Error{Kind: ErrTimeout, Op: op,
			Reason: fmt.Sprintf("%d calls to unresponsive hosts have not returned; no further call is sent until some do", s.blocked)}
	}
	return nil
}

// abandon records a call left running past its timeout and forgets it
// when it returns.
func abandon[T any](s *Service, t target, op string, timeout time.Duration, done <-chan T) {
	s.mu.Lock()
	if s.stuck == nil {
		s.stuck = make(map[string]*stuckCall)
	}
	st := s.stuck[t.key]
	if st == nil {
		st = &stuckCall{op: op, since: time.Now(), timeout: timeout}
		s.stuck[t.key] = st
	}
	st.count++
	s.blocked++
	s.mu.Unlock()
	go func() {
		<-done
		s.mu.Lock()
		st.count--
		s.blocked--
		if st.count == 0 && s.stuck[t.key] == st {
			delete(s.stuck, t.key)
		}
		s.mu.Unlock()
	}()
}

// asOp returns err with its operation set to op: a lookup made for a
// logoff fails as a logoff, not as a listing.
func asOp(err error, op string) error {
	var e *Error
	if errors.As(err, &e) && e.Op != op {
		c := *e
		c.Op = op
		return &c
	}
	return err
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
