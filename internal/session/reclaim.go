package session

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// MaxWarn is the longest warning a reclaim run may give.
const MaxWarn = time.Hour

// The decisions of a reclaim run.
const (
	VerdictLogoff     = "logoff"
	VerdictDisconnect = "disconnect"
	VerdictSkip       = "skip"
	// VerdictCancelled is a session that was warned and had input after
	// the warning, or changed in another way while the run waited: it is
	// left alone.
	VerdictCancelled = "cancelled"
)

// The rules of a reclaim policy, as decisions name them.
const (
	RuleDisconnected = "disconnectedFor"
	RuleIdle         = "idleFor"
)

// What became of the warning of a session.
const (
	WarningNone     = "none"     // no warning was asked for, or none was due
	WarningSent     = "sent"     // the notice was shown
	WarningNotShown = "notShown" // the session cannot see a message (disconnected, locked, lock state unknown)
	WarningFailed   = "failed"   // sending the notice failed
	WarningDryRun   = "dryRun"   // a dry run would have sent it
)

// ReclaimPolicy is what one reclaim run does: which hosts, which rules,
// which sessions never, and how.
type ReclaimPolicy struct {
	// ComputerNames are the hosts; none means the local host.
	ComputerNames []string
	// DisconnectedFor signs out sessions disconnected at least this long;
	// 0 turns the rule off.
	DisconnectedFor time.Duration
	// IdleFor acts on active sessions without input for at least this
	// long; 0 turns the rule off.
	IdleFor time.Duration
	// IdleAction is what IdleFor does: ActionDisconnect (the default,
	// the work survives) or ActionLogoff.
	IdleAction Action
	// Warn tells an idle active session what will happen, then waits this
	// long and checks again; 0 gives no warning.
	Warn time.Duration
	// AllowUnwarnedLogoff lets IdleFor sign out an active session that
	// was not warned; without it such a session is disconnected at most.
	AllowUnwarnedLogoff bool
	// Exclude are user patterns (* and ?, user or DOMAIN\user, case
	// ignored) whose sessions are never chosen.
	Exclude []string
	// Timeout is the time each host gets for each step; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// DryRun decides and reports without warning, waiting or acting.
	DryRun bool
	// Reason is the audit trail's reason for every action; the policy
	// itself is added to it.
	Reason string
	// Plan, when given, is what the caller confirmed: only these sessions
	// (host, id and logon) may be acted on; every other is skipped.
	Plan []PlanEntry
	// Caller, when set, is who asks as the caller's side claims it (the
	// person behind a remoting account): the caller's own session, when it
	// is on this host, is never chosen, and the audit records of the
	// run's actions and warnings name the caller.
	Caller *Caller
}

// PlanEntry is one session of a confirmed plan.
type PlanEntry struct {
	ComputerName string
	ID           uint32
	UserName     string
	LogonTime    *time.Time
}

// Decision is what a reclaim run decided for one session, and why, in
// numbers.
type Decision struct {
	ComputerName string
	ID           uint32
	// UserName is DOMAIN\user, or user, empty when nobody is signed in.
	UserName    string
	SessionName string
	State       State
	LogonTime   *time.Time
	// Verdict is VerdictLogoff, VerdictDisconnect, VerdictSkip or
	// VerdictCancelled.
	Verdict string
	// Rule is the rule that applied (RuleDisconnected, RuleIdle), empty
	// when none did.
	Rule string
	// Reason says why, with the measured time and the limit.
	Reason string
	// IdleSeconds is the time the rule counted: since the later of the
	// last input (the disconnect, for a disconnected session) and the
	// host's last wake; nil when not known.
	IdleSeconds *int64
	// LimitSeconds is the rule's limit, nil when no rule applied.
	LimitSeconds *int64
	// Warning is one of the Warning* values.
	Warning string
	// Acted is true when the action was sent; Completed when it is known
	// to have finished; Err is why it failed or was refused.
	Acted     bool
	Completed bool
	Err       error
}

// ReclaimReport is what a reclaim run did.
type ReclaimReport struct {
	Decisions []Decision
	// Failures are the hosts that could not be listed.
	Failures []Failure
	DryRun   bool
}

// Locker keeps two reclaim runs of one machine apart.
type Locker interface {
	// TryLock takes the lock or fails at once with an error that says who
	// holds it; release gives it back.
	TryLock() (release func(), err error)
}

// processLock is the Locker of a Service without one: it keeps the runs
// of the Service apart.
type processLock struct{ mu sync.Mutex }

func (l *processLock) TryLock() (func(), error) {
	if !l.mu.TryLock() {
		return nil, fmt.Errorf("another reclaim run of this helper is in progress")
	}
	return l.mu.Unlock, nil
}

// check rejects a policy that could mean more than it says.
func (p *ReclaimPolicy) check() error {
	const op = "reclaim"
	switch {
	case p.DisconnectedFor < 0:
		return invalid(op, "disconnectedForSeconds", "disconnectedForSeconds must be more than 0")
	case p.IdleFor < 0:
		return invalid(op, "idleForSeconds", "idleForSeconds must be more than 0")
	case p.DisconnectedFor == 0 && p.IdleFor == 0:
		return invalid(op, "disconnectedForSeconds", "no rule: give disconnectedForSeconds, idleForSeconds or both (a run without a rule would choose nothing, never everything)")
	case p.Warn < 0 || p.Warn > MaxWarn:
		return invalid(op, "warnSeconds", "warnSeconds must be more than 0 and at most 3600")
	case p.ComputerNames != nil && len(p.ComputerNames) == 0:
		return invalid(op, "computerNames", "computerNames is empty; omit it to reclaim on the local host")
	case p.Exclude != nil && len(p.Exclude) == 0:
		return invalid(op, "exclude", "exclude is empty; omit it to exclude nobody")
	case p.Plan != nil && len(p.Plan) == 0:
		return invalid(op, "plan", "plan is empty; omit it to act on what the run decides")
	}
	switch p.IdleAction {
	case "":
		p.IdleAction = ActionDisconnect
	case ActionDisconnect, ActionLogoff:
	default:
		return invalid(op, "idleAction", fmt.Sprintf("idleAction %q is not disconnect or logoff", p.IdleAction))
	}
	if p.IdleFor == 0 && p.IdleAction == ActionLogoff && p.AllowUnwarnedLogoff {
		return invalid(op, "allowUnwarnedLogoff", "allowUnwarnedLogoff needs idleForSeconds")
	}
	if err := checkNames(op, p.ComputerNames); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, x := range p.Exclude {
		k := strings.ToLower(strings.TrimSpace(x))
		if k == "" {
			return invalid(op, "exclude", fmt.Sprintf("exclude[%d] is empty", i))
		}
		if seen[k] {
			return invalid(op, "exclude", fmt.Sprintf("exclude[%d] %q is given twice", i, x))
		}
		seen[k] = true
	}
	for i, e := range p.Plan {
		if strings.TrimSpace(e.ComputerName) == "" {
			return invalid(op, "plan", fmt.Sprintf("plan[%d].computerName is empty", i))
		}
	}
	return checkTimeout(p.Timeout)
}

// RunBound is the longest a reclaim run of p may take: the warning
// period plus the time each step gives each host.
func (p ReclaimPolicy) RunBound() time.Duration {
	// list, message, list again, lookup and action: five bounded steps,
	// each with its grace.
	return p.Warn + 5*(orDefault(p.Timeout)+defaultGrace)
}

// Reclaim runs p once: it lists the hosts, decides for each session,
// warns, waits, checks again and acts, and reports every decision with
// its reason. A run never overlaps another of the same machine (Lock);
// it is bounded by p.RunBound. The error is for the policy (ErrInvalid)
// or the lock (ErrRefused); hosts that fail are in the report.
func (s *Service) Reclaim(ctx context.Context, p ReclaimPolicy) (ReclaimReport, error) {
	rep := ReclaimReport{DryRun: p.DryRun}
	if err := p.check(); err != nil {
		return rep, err
	}
	var lock Locker = &s.reclaimLock
	if s.ReclaimLock != nil {
		lock = s.ReclaimLock
	}
	release, err := lock.TryLock()
	if err != nil {
		return rep, &Error{Kind: ErrRefused, Op: "reclaim", Reason: err.Error(),
			Hint: "two reclaim runs never overlap: wait for the other run to end (it is bounded by its warning period and timeouts)"}
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, p.RunBound())
	defer cancel()

	sessions, failures, err := s.List(ctx, Query{ComputerNames: p.ComputerNames, Timeout: p.Timeout})
	if err != nil {
		return rep, err
	}
	rep.Failures = failures
	d := s.decider(ctx, p, sessions)
	plan := make([]planned, 0, len(sessions))
	for i := range sessions {
		dec, warn := d.decide(&sessions[i])
		rep.Decisions = append(rep.Decisions, dec)
		if dec.Verdict == VerdictLogoff || dec.Verdict == VerdictDisconnect {
			plan = append(plan, planned{index: len(rep.Decisions) - 1, session: sessions[i], warn: warn})
		}
	}
	if p.DryRun || len(plan) == 0 {
		for _, pl := range plan {
			if pl.warn {
				rep.Decisions[pl.index].Warning = WarningDryRun
			}
		}
		return rep, nil
	}
	s.warnAndRecheck(ctx, p, &rep, plan)
	s.actOnPlan(ctx, p, &rep, plan)
	return rep, nil
}

// planned is a session the run means to act on.
type planned struct {
	index   int // in the report's decisions
	session Session
	warn    bool // it is due a warning
}
