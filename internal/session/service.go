package session

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTimeout is the time one host gets for a call when the request
// gives none: a listing, a lookup, a logoff or disconnect (with wait, until
// the action has finished), a process list.
const DefaultTimeout = 10 * time.Second

// MaxTimeout is the longest timeout a request may give.
const MaxTimeout = time.Hour

// DefaultMessageWait bounds a message that waits for its answer without a
// timeout of its own: the box stays on screen, the call returns
// ErrTimeout after a day.
const DefaultMessageWait = 24 * time.Hour

// DefaultMaxParallel bounds how many hosts List asks at once.
const DefaultMaxParallel = 64

// DefaultMaxBlocked bounds the backend calls that may still run after
// their timeout. Each may hold an operating system thread in a system call
// that does not return (an unresponsive remote host); Go ends the process
// at 10,000 threads, so past this bound calls fail at once instead.
const DefaultMaxBlocked = 256

// defaultGrace is how long a backend call may take beyond its timeout to
// report what it has (a logoff sent whose end it could not see) before
// the Service gives up on it.
const defaultGrace = 2 * time.Second

// Service applies what every backend shares: which names mean the local
// machine and which mean one host, asking many hosts at once with a
// timeout each, filtering, the resources of sessions, and the safety
// policy of Logoff and Disconnect. It never passes a request that it
// rejects or refuses to the backend's actions.
type Service struct {
	Backend Backend
	// MaxParallel bounds how many hosts are asked at once; 0 means
	// DefaultMaxParallel.
	MaxParallel int
	// MaxBlocked bounds the calls still running past their timeout; 0 means
	// DefaultMaxBlocked.
	MaxBlocked int
	// Grace is how long a call may run past its timeout to report what it
	// has before it is left to finish alone; 0 means 2 s.
	Grace time.Duration
	// Audit, when set, receives one record for every logoff, disconnect and
	// message sent or refused, before the caller gets the result.
	Audit Auditor

	infoOnce sync.Once
	info     HostInfo
	infoErr  error

	actorOnce sync.Once
	actor     Actor

	// localNames is the backend's LocalNames once asked.
	localNames atomic.Pointer[[]string]

	mu      sync.Mutex
	stuck   map[string]*stuckCall // host key: the oldest call still running past its timeout
	blocked int                   // calls still running past their timeout, all hosts
}

// stuckCall is a backend call the Service gave up on that has not
// returned yet.
type stuckCall struct {
	op      string
	since   time.Time
	timeout time.Duration
	count   int // calls of the host still running past their timeout
}

// NewService returns a Service over b.
func NewService(b Backend) *Service { return &Service{Backend: b} }

// Info describes the local host; the backend is asked once.
func (s *Service) Info(ctx context.Context) (HostInfo, error) {
	s.infoOnce.Do(func() { s.info, s.infoErr = s.Backend.Info(ctx) })
	return s.info, s.infoErr
}

// target is a host as the Service resolved it.
type target struct {
	// host is the backend's argument: "" for the local machine.
	host string
	// report is the name results and errors carry: the name as the caller
	// gave it, or for the local machine its own name, which costs the
	// backend's Info and is filled in only where it is needed (see named).
	report string
	// key is equal for every name of one host.
	key string
}

// named returns t with its report name filled in.
func (s *Service) named(ctx context.Context, t target) target {
	if t.host == "" && t.report == "" {
		info, _ := s.Info(ctx)
		t.report = info.ComputerName
	}
	return t
}

const localKey = "\x00local"

// resolve tells which host name means. Every name of the local machine
// (".", "localhost", its NetBIOS, DNS and fully qualified names, a
// loopback address, one of its own addresses) is the local machine, so
// the policy that protects the caller's own session holds whatever the
// caller calls it. Two names of one remote host get the same key when the
// backend can tell (HostIdentifier); otherwise names are compared without
// regard to case.
func (s *Service) resolve(ctx context.Context, name string) target {
	local := func() target { return target{key: localKey} }
	trimmed := strings.TrimSuffix(strings.TrimSpace(name), ".")
	if localAlias(trimmed) {
		return local()
	}
	if addr, err := netip.ParseAddr(strings.Trim(trimmed, "[]")); err == nil && addr.Unmap().IsLoopback() {
		return local()
	}
	if info, _ := s.Info(ctx); info.ComputerName != "" && strings.EqualFold(trimmed, info.ComputerName) {
		return local()
	}
	key := "name:" + strings.ToLower(trimmed)
	if hi, ok := s.Backend.(HostIdentifier); ok {
		isLocal, k := hi.IdentifyHost(ctx, trimmed)
		if isLocal {
			return local()
		}
		if k != "" {
			key = k
		}
	}
	name = strings.TrimSpace(name)
	return target{host: name, report: name, key: key}
}

// localAlias reports whether name always means the local machine.
func localAlias(name string) bool {
	return name == "" || name == "." || strings.EqualFold(name, "localhost") ||
		strings.EqualFold(name, "localhost.localdomain")
}

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
	return checkTimeout(q.Timeout)
}

// checkNames rejects a computer name that is empty or only spaces: it
// would otherwise be taken for the local host.
func checkNames(op string, names []string) error {
	for i, n := range names {
		if strings.TrimSpace(n) == "" {
			return invalid(op, "computerNames", fmt.Sprintf("computerNames[%d] is empty", i))
		}
	}
	return nil
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
	sem := make(chan struct{}, s.parallel())
	var wg sync.WaitGroup
	ask := func(i int, t target) {
		ss, err := bounded(ctx, s, t, "list", timeout, func(ctx context.Context) ([]Session, error) {
			return s.Backend.Sessions(ctx, t.host)
		})
		results[i].sessions, results[i].err = ss, err
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

// Host is a host as Resolve groups names: the first name given for it,
// every name given that means it, and whether it is the local machine.
type Host struct {
	ComputerName string
	Names        []string
	Local        bool
}

// Resolve groups names by the host they mean, in the order of their first
// name, as List would ask them: a client that asks host by host asks each
// once. An empty list or an empty name is ErrInvalid.
func (s *Service) Resolve(ctx context.Context, names []string) ([]Host, error) {
	if len(names) == 0 {
		return nil, invalid("resolve", "computerNames", "computerNames is empty")
	}
	if err := checkNames("resolve", names); err != nil {
		return nil, err
	}
	resolved := s.resolveAll(ctx, names)
	var out []Host
	index := map[string]int{}
	for i, t := range resolved {
		if j, ok := index[t.key]; ok {
			out[j].Names = append(out[j].Names, names[i])
			continue
		}
		index[t.key] = len(out)
		out = append(out, Host{ComputerName: names[i], Names: []string{names[i]}, Local: t.host == ""})
	}
	return out, nil
}

// targets resolves names (none means the local host) and keeps the first
// name of each host. Names that need the backend to resolve them are
// resolved at once, at most s.parallel() at a time.
func (s *Service) targets(ctx context.Context, names []string) []target {
	if len(names) == 0 {
		return []target{s.resolve(ctx, "")}
	}
	resolved := s.resolveAll(ctx, names)
	seen := make(map[string]bool, len(resolved))
	out := resolved[:0]
	for _, t := range resolved {
		if !seen[t.key] {
			seen[t.key] = true
			out = append(out, t)
		}
	}
	return out
}

// resolveAll resolves every name, at most s.parallel() at a time.
func (s *Service) resolveAll(ctx context.Context, names []string) []target {
	resolved := make([]target, len(names))
	sem := make(chan struct{}, s.parallel())
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			resolved[i] = s.resolve(ctx, n)
		}()
	}
	wg.Wait()
	return resolved
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

// Action is what Act does to a session.
type Action string

// The actions of Act.
const (
	ActionLogoff     Action = "logoff"
	ActionDisconnect Action = "disconnect"
)

// ActRequest is a logoff or disconnect of one session.
type ActRequest struct {
	Action       Action
	ComputerName string
	ID           uint32
	// Wait returns only once the action has finished (or Timeout passed).
	Wait bool
	// Force acts even on the protected sessions: the caller's own session,
	// session 0 and listeners. It is the one explicit override.
	Force bool
	// Reason is why the action is taken, for the audit record.
	Reason string
	// Timeout bounds the lookup and the action each; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// Expect, when set, is who the caller believes the session is: the
	// action is refused when the session found is someone else's, with
	// force too, since its id was given to a later logon.
	Expect Expectation
	// Caller, when set, is who asks as the caller's side claims it: its
	// own session, when on this host, is protected too.
	Caller *Caller
}

// Expectation is who a caller believes a session to be, as it listed it.
type Expectation struct {
	// UserName is user or DOMAIN\user, compared without regard to case.
	UserName string
	// LogonTime is when the user signed in.
	LogonTime *time.Time
}

// mismatch says how target differs from e, or "".
func (e Expectation) mismatch(target *Session) string {
	who := "nobody's"
	account := Account(target.Domain, target.UserName)
	if account != nil {
		who = *account
	}
	if u := e.UserName; u != "" {
		ok := strings.EqualFold(u, target.UserName) || (account != nil && strings.EqualFold(u, *account))
		if !ok {
			return fmt.Sprintf("session %d is now %s, not %s's: it was signed out and its id given to a later logon", target.ID, who, u)
		}
	}
	if e.LogonTime != nil && target.LogonTime != nil && target.LogonTime.Sub(*e.LogonTime).Abs() > time.Second {
		return fmt.Sprintf("session %d of %s signed in at %s, not at %s: it is a later logon", target.ID, who,
			target.LogonTime.UTC().Format(time.RFC3339), e.LogonTime.UTC().Format(time.RFC3339))
	}
	return ""
}

// ActResult is what became of an ActRequest.
type ActResult struct {
	// ComputerName is the host acted on, as results name it.
	ComputerName string
	ID           uint32
	// Completed is true when the action is known to have finished.
	Completed bool
}

// Act signs out or disconnects one session. It first looks the session up
// and, without Force, refuses (ErrRefused) the protected sessions: the
// caller's own session, session 0 and listeners (state Listen, or an id
// of the listener range on backends that have one). A session that does
// not exist is ErrNoSession, with Force too. Nothing reaches the
// backend's action unless the session was found and allowed.
func (s *Service) Act(ctx context.Context, r ActRequest) (ActResult, error) {
	op := string(r.Action)
	res := ActResult{ComputerName: r.ComputerName, ID: r.ID}
	if r.Action != ActionLogoff && r.Action != ActionDisconnect {
		return res, invalid(op, "action", fmt.Sprintf("unknown action %q", r.Action))
	}
	if err := checkTimeout(r.Timeout); err != nil {
		return res, err
	}
	timeout := orDefault(r.Timeout)
	t := s.named(ctx, s.resolve(ctx, r.ComputerName))
	res.ComputerName = t.report
	rec := s.record(op, t.report, r.ID, r.Reason, r.Caller)

	target, err := bounded(ctx, s, t, op, timeout, func(ctx context.Context) (Session, error) {
		return s.Backend.Session(ctx, t.host, r.ID)
	})
	if err != nil {
		// Also with force: an id that is not there now could be given to
		// the next logon, and a host that does not answer a lookup has
		// not said what would be hit.
		err = fillSession(asOp(err, op), op, t.report, r.ID)
		return res, s.finish(ctx, rec, err, false)
	}
	rec.target(&target)
	if why := r.Expect.mismatch(&target); why != "" {
		err := &Error{Kind: ErrRefused, Op: op, ComputerName: t.report, SessionID: IDPtr(r.ID), Reason: why,
			Hint: "list the sessions again and act on what is there now"}
		return res, s.finish(ctx, rec, err, false)
	}
	why := s.protected(ctx, &target)
	if why == "" {
		why = s.callerOwn(ctx, r.Caller, &target)
	}
	if why != "" && !r.Force {
		err := &Error{Kind: ErrRefused, Op: op, ComputerName: t.report, SessionID: IDPtr(r.ID),
			Reason: why, Hint: "set force to do it anyway"}
		return res, s.finish(ctx, rec, err, false)
	}
	completed, err := bounded(ctx, s, t, op, timeout, func(ctx context.Context) (bool, error) {
		if r.Action == ActionLogoff {
			return s.Backend.Logoff(ctx, t.host, r.ID, r.Wait)
		}
		return s.Backend.Disconnect(ctx, t.host, r.ID, r.Wait)
	})
	if err != nil {
		return res, s.finish(ctx, rec, fillSession(err, op, t.report, r.ID), false)
	}
	res.Completed = completed
	return res, s.finish(ctx, rec, nil, completed)
}

// protected says why target may not be acted on without force, or "".
func (s *Service) protected(ctx context.Context, target *Session) string {
	info, _ := s.Info(ctx)
	switch {
	case target.ID == 0:
		return "session 0 runs the machine's services"
	case target.State == StateListen:
		return fmt.Sprintf("session %d is a listener that accepts new connections", target.ID)
	case info.ListenerIDs && target.ID >= FirstListenerID:
		return fmt.Sprintf("session %d is a listener (ids from %d are listeners, whatever their state, here %s)",
			target.ID, FirstListenerID, target.State)
	case target.IsCurrent:
		return fmt.Sprintf("session %d is the caller's own session", target.ID)
	}
	return ""
}

// FirstListenerID is the first id of the range Windows gives its
// listener sessions (RDP-Tcp and the like).
const FirstListenerID = 65536

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

// MessageRequest is a message box for one session.
type MessageRequest struct {
	ComputerName string
	ID           uint32
	Message      Message
	// Reason is why the message is sent, for the audit record.
	Reason string
	// Caller is who asks, as claimed, for the audit record.
	Caller *Caller
}

// MessageResult is what became of a MessageRequest.
type MessageResult struct {
	ComputerName string
	ID           uint32
	Response     Response
}

// Message shows a message box in one session.
func (s *Service) Message(ctx context.Context, r MessageRequest) (MessageResult, error) {
	const op = "message"
	res := MessageResult{ComputerName: r.ComputerName, ID: r.ID}
	// The call gets DefaultTimeout, and one that waits for the answer the
	// box's own timeout on top (DefaultMessageWait when the box has none).
	timeout := DefaultTimeout
	if r.Message.Wait {
		if r.Message.Timeout > 0 {
			timeout += r.Message.Timeout
		} else {
			timeout += DefaultMessageWait
		}
	}
	t := s.named(ctx, s.resolve(ctx, r.ComputerName))
	res.ComputerName = t.report
	rec := s.record(op, t.report, r.ID, r.Reason, r.Caller)
	if s.Audit != nil {
		// The audit record names the user the message went to.
		if target, err := bounded(ctx, s, t, op, DefaultTimeout, func(ctx context.Context) (Session, error) {
			return s.Backend.Session(ctx, t.host, r.ID)
		}); err == nil {
			rec.target(&target)
		}
	}
	resp, err := bounded(ctx, s, t, op, timeout, func(ctx context.Context) (Response, error) {
		return s.Backend.Message(ctx, t.host, r.ID, r.Message)
	})
	if err != nil {
		return res, s.finish(ctx, rec, fillSession(err, op, t.report, r.ID), false)
	}
	res.Response = resp
	return res, s.finish(ctx, rec, nil, resp != ResponseAsync)
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
