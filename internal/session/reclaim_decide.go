package session

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
)

// NeverSlept is what WakeReporter.SinceWake answers for a host that has
// not slept since it started: the wake bounds no idle time.
const NeverSlept = time.Duration(math.MaxInt64)

// WakeReporter is implemented by backends that know when a host last woke
// from sleep or hibernation. Time asleep is not idle time: a reclaim run
// counts idle time from the later of the last input and the last wake.
type WakeReporter interface {
	// SinceWake returns how long host ("" for the local machine) has run
	// since it last woke, NeverSlept when it has not slept since it
	// started; known is false when the backend cannot tell, and the run
	// then chooses none of the host's sessions.
	SinceWake(ctx context.Context, host string) (d time.Duration, known bool, err error)
}

// wake is what a run knows of one host's last wake.
type wake struct {
	since time.Duration
	known bool
	why   string // why it is not known
}

// decider decides for the sessions of one run.
type decider struct {
	p       ReclaimPolicy
	info    HostInfo
	s       *Service
	wakes   map[string]wake // by computer name as sessions carry it
	exclude []string        // lower-cased
	// callerHosts are the computer names, as sessions carry them, of the
	// host where the claimed caller has its own session (this host).
	callerHosts map[string]bool
}

// decider asks every host of sessions for its last wake, once.
func (s *Service) decider(ctx context.Context, p ReclaimPolicy, sessions []Session) *decider {
	info, _ := s.Info(ctx)
	d := &decider{p: p, info: info, s: s, wakes: map[string]wake{}, callerHosts: map[string]bool{}}
	for _, x := range p.Exclude {
		d.exclude = append(d.exclude, strings.ToLower(strings.TrimSpace(x)))
	}
	var names []string
	for _, ss := range sessions {
		if _, ok := d.wakes[ss.ComputerName]; !ok {
			d.wakes[ss.ComputerName] = wake{}
			names = append(names, ss.ComputerName)
		}
	}
	if s.callerHere(ctx, p.Caller) {
		for _, name := range names {
			if s.resolve(ctx, name).key == localKey {
				d.callerHosts[name] = true
			}
		}
	}
	// Every host at once, as List asks them.
	got := make([]wake, len(names))
	var wg sync.WaitGroup
	sem := make(chan struct{}, s.parallel())
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			got[i] = s.lastWake(ctx, name, orDefault(p.Timeout))
		}()
	}
	wg.Wait()
	for i, name := range names {
		d.wakes[name] = got[i]
	}
	return d
}

// lastWake asks the backend when host last woke.
func (s *Service) lastWake(ctx context.Context, name string, timeout time.Duration) wake {
	t := s.resolve(ctx, name)
	w := wake{why: fmt.Sprintf("the %s backend cannot tell when %s last woke from sleep", s.Backend.Name(), name)}
	wr, ok := s.Backend.(WakeReporter)
	if !ok {
		return w
	}
	type answer struct {
		d     time.Duration
		known bool
	}
	a, err := bounded(ctx, s, t, "reclaim", timeout, func(ctx context.Context) (answer, error) {
		d, known, err := wr.SinceWake(ctx, t.host)
		return answer{d, known}, err
	})
	switch {
	case err != nil:
		w.why = fmt.Sprintf("the last wake of %s could not be read: %v", name, err)
	case a.known:
		w = wake{since: a.d, known: true}
	}
	return w
}

// decide returns the decision for s and whether it is due a warning.
func (d *decider) decide(s *Session) (Decision, bool) {
	dec := Decision{ComputerName: s.ComputerName, ID: s.ID, SessionName: s.SessionName, State: s.State,
		LogonTime: s.LogonTime, Verdict: VerdictSkip, Warning: WarningNone}
	if a := Account(s.Domain, s.UserName); a != nil {
		dec.UserName = *a
	}
	skip := func(format string, args ...any) (Decision, bool) {
		dec.Verdict, dec.Reason = VerdictSkip, fmt.Sprintf(format, args...)
		return dec, false
	}
	if why := d.protectedWhy(s); why != "" {
		return skip("protected: %s", why)
	}
	if s.UserName == "" {
		return skip("nobody is signed in")
	}
	if x := d.excluded(s); x != "" {
		return skip("excluded: %s matches %s", dec.UserName, x)
	}
	if d.p.Plan != nil && !d.inPlan(s) {
		return skip("not in the confirmed plan")
	}
	var rule string
	var limit time.Duration
	switch s.State {
	case StateDisconnected:
		if d.p.DisconnectedFor == 0 {
			return skip("disconnected, and the policy has no disconnectedFor rule")
		}
		rule, limit = RuleDisconnected, d.p.DisconnectedFor
	case StateActive:
		if d.p.IdleFor == 0 {
			return skip("active, and the policy has no idleFor rule")
		}
		rule, limit = RuleIdle, d.p.IdleFor
	default:
		return skip("state %s: no rule applies to it", s.State)
	}
	dec.Rule = rule
	dec.LimitSeconds = seconds(limit)
	what := "idle"
	if rule == RuleDisconnected {
		what = "disconnected"
	}
	if s.IdleSeconds == nil {
		return skip("%s time not known: an unknown time is not idle (limit %s)", what, fmtDur(limit))
	}
	w := d.wakes[s.ComputerName]
	if !w.known {
		return skip("%s; time asleep is not idle time, so the %s time is not known (limit %s)", w.why, what, fmtDur(limit))
	}
	raw := time.Duration(*s.IdleSeconds) * time.Second
	counted, measured := raw, fmt.Sprintf("%s %s", what, fmtDur(raw))
	if w.since < raw {
		counted = w.since.Truncate(time.Second)
		measured = fmt.Sprintf("%s %s since the host woke from sleep (%s since the last %s)", what, fmtDur(counted), fmtDur(raw), lastWord(rule))
	}
	dec.IdleSeconds = seconds(counted)
	if counted < limit {
		return skip("%s, under the limit %s", measured, fmtDur(limit))
	}
	dec.Reason = fmt.Sprintf("%s, at or over the limit %s", measured, fmtDur(limit))
	if rule == RuleDisconnected {
		dec.Verdict = VerdictLogoff
		return dec, false
	}
	return d.decideActive(s, dec)
}

// decideActive finishes the decision of an active session over its
// limit: the policy's action, a warning where one is asked for and can
// be seen, and no sign-out of a session that was not warned unless the
// policy allows it.
func (d *decider) decideActive(s *Session, dec Decision) (Decision, bool) {
	action := d.p.IdleAction
	warn := false
	if d.p.Warn > 0 {
		if why := unseen(s, d.info); why != "" {
			dec.Warning = WarningNotShown
			dec.Reason += "; not warned: " + why
		} else {
			warn = true
		}
	}
	if action == ActionLogoff && !warn && !d.p.AllowUnwarnedLogoff {
		action = ActionDisconnect
		dec.Reason += "; disconnected at most, since it is not warned and the policy does not allow signing out unwarned sessions"
	}
	if action == ActionDisconnect && !d.info.Capabilities.Disconnect {
		dec.Verdict = VerdictSkip
		dec.Reason += fmt.Sprintf("; the %s backend cannot disconnect a session: the policy must say logoff (with a warning the session can see)", d.s.Backend.Name())
		return dec, false
	}
	dec.Verdict = string(action)
	return dec, warn
}

// unseen says why s cannot see a message, or "".
func unseen(s *Session, info HostInfo) string {
	switch {
	case s.State != StateActive:
		return "it is " + string(s.State)
	case s.Locked != nil && *s.Locked:
		return "it is locked"
	case s.Locked == nil && !info.TerminalSessions:
		return "its lock state is not known"
	case !info.Capabilities.Message:
		return "this backend cannot show messages"
	}
	return ""
}

// protectedWhy is the Service's safety policy, as the run sees it.
func (d *decider) protectedWhy(s *Session) string {
	switch {
	case s.ID == 0:
		return "session 0 runs the machine's services"
	case s.State == StateListen:
		return fmt.Sprintf("session %d is a listener", s.ID)
	case d.info.ListenerIDs && s.ID >= FirstListenerID:
		return fmt.Sprintf("session %d is a listener (ids from %d)", s.ID, FirstListenerID)
	case s.IsCurrent:
		return fmt.Sprintf("session %d is the caller's own session", s.ID)
	case d.callerHosts[s.ComputerName] && *d.p.Caller.SessionID == s.ID:
		return d.p.Caller.ownWhy(s.ID)
	}
	return ""
}

// excluded returns the pattern that excludes s, or "".
func (d *decider) excluded(s *Session) string {
	user := strings.ToLower(s.UserName)
	qualified := strings.ToLower(s.Domain + `\` + s.UserName)
	for i, x := range d.exclude {
		if Match(x, user) || (s.Domain != "" && Match(x, qualified)) {
			return d.p.Exclude[i]
		}
	}
	return ""
}

// inPlan reports whether s is a session of the confirmed plan.
func (d *decider) inPlan(s *Session) bool {
	for _, e := range d.p.Plan {
		if e.ID != s.ID || !strings.EqualFold(e.ComputerName, s.ComputerName) {
			continue
		}
		exp := Expectation{UserName: e.UserName, LogonTime: e.LogonTime}
		if exp.mismatch(s) == "" {
			return true
		}
	}
	return false
}

func lastWord(rule string) string {
	if rule == RuleDisconnected {
		return "disconnect"
	}
	return "input"
}

func seconds(d time.Duration) *int64 {
	n := int64(d / time.Second)
	return &n
}

// fmtDur writes a duration as people read it: 45s, 12m, 1h30m, 2d3h.
func fmtDur(d time.Duration) string {
	if d < time.Second {
		return d.String()
	}
	d = d.Truncate(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int64(d/time.Second))
	case d < time.Hour:
		if d%time.Minute == 0 {
			return fmt.Sprintf("%dm", int64(d/time.Minute))
		}
		return fmt.Sprintf("%dm%ds", int64(d/time.Minute), int64(d%time.Minute/time.Second))
	case d < 24*time.Hour:
		if d%time.Hour == 0 {
			return fmt.Sprintf("%dh", int64(d/time.Hour))
		}
		return fmt.Sprintf("%dh%dm", int64(d/time.Hour), int64(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%dd%dh", int64(d/(24*time.Hour)), int64(d%(24*time.Hour)/time.Hour))
}
