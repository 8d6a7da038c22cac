package contract

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// ReclaimParams are the params of session.reclaim: one idle-reclaim run.
// At least one rule (disconnectedForSeconds, idleForSeconds) is required:
// a run without a rule is -32602, never "everything".
type ReclaimParams struct {
	// ComputerNames are the hosts; none means the local host.
	ComputerNames []string `json:"computerNames,omitempty" jsonschema:"minItems=1" wire:"target"`
	// DisconnectedForSeconds signs out the sessions disconnected at least
	// this long.
	DisconnectedForSeconds *float64 `json:"disconnectedForSeconds,omitempty" jsonschema:"exclusiveMinimum=0"`
	// IdleForSeconds acts on the active sessions without input at least
	// this long: idleAction, after a warning when warnSeconds is given.
	IdleForSeconds *float64 `json:"idleForSeconds,omitempty" jsonschema:"exclusiveMinimum=0"`
	// IdleAction is what idleForSeconds does: "disconnect" (the default;
	// the work survives) or "logoff".
	IdleAction string `json:"idleAction,omitempty" jsonschema:"enum=disconnect,enum=logoff"`
	// WarnSeconds tells each idle active session what will happen, waits
	// this long and checks again: a session with input meanwhile is left
	// alone (decision "cancelled").
	WarnSeconds *float64 `json:"warnSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
	// AllowUnwarnedLogoff lets idleAction "logoff" sign out an active
	// session that was not warned (it cannot see a message, or no warning
	// was asked for); without it such a session is disconnected at most.
	AllowUnwarnedLogoff bool `json:"allowUnwarnedLogoff,omitempty"`
	// Exclude are users never chosen: patterns with * and ?, user or
	// DOMAIN\user, case ignored.
	Exclude []string `json:"exclude,omitempty" jsonschema:"minItems=1" wire:"target"`
	// TimeoutSeconds is the time each host gets for each step (default 10).
	TimeoutSeconds *float64 `json:"timeoutSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
	// DryRun decides and reports without warning, waiting or acting.
	DryRun bool `json:"dryRun,omitempty"`
	// Reason says why, for the audit trail; the policy is added to it.
	Reason string `json:"reason,omitempty"`
	// Plan, when given, is what the caller confirmed (from a dry run):
	// only these sessions, as the same logons, may be acted on.
	Plan []ReclaimPlanEntry `json:"plan,omitempty" jsonschema:"minItems=1"`
	// Caller is who asks, as in session.logoff: the caller's own session,
	// when it is on this host, is never chosen, and the audit records of
	// the run's actions and warnings name the caller, marked as claimed.
	Caller *Caller `json:"caller,omitempty" wire:"target"`
}

// ReclaimPlanEntry is one session of a confirmed plan.
type ReclaimPlanEntry struct {
	// ComputerName is the host, as the dry run named it.
	ComputerName string `json:"computerName" wire:"target"`
	// ID is the session.
	ID uint32 `json:"id"`
	// UserName is the user as the dry run showed it (user or DOMAIN\user).
	UserName string `json:"userName"`
	// LogonTime is the session's logonTime as the dry run showed it.
	LogonTime *time.Time `json:"logonTime,omitempty"`
}

// Validate checks what the schema cannot say.
func (p *ReclaimParams) Validate() error {
	if err := p.Caller.validate(); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"disconnectedForSeconds", p.DisconnectedForSeconds}, {"idleForSeconds", p.IdleForSeconds}} {
		if f.v != nil && (math.IsNaN(*f.v) || *f.v <= 0 || *f.v > 1e9) {
			return &ParamsError{f.name, f.name + " must be more than 0"}
		}
	}
	if p.DisconnectedForSeconds == nil && p.IdleForSeconds == nil {
		return &ParamsError{"disconnectedForSeconds", "no rule: give disconnectedForSeconds, idleForSeconds or both (a run without a rule chooses nothing, never everything)"}
	}
	if w := p.WarnSeconds; w != nil && (math.IsNaN(*w) || *w <= 0 || *w > 3600) {
		return &ParamsError{"warnSeconds", "warnSeconds must be more than 0 and at most 3600"}
	}
	switch p.IdleAction {
	case "", "disconnect", "logoff":
	default:
		return &ParamsError{"idleAction", fmt.Sprintf("idleAction %q is not disconnect or logoff", p.IdleAction)}
	}
	for i, e := range p.Plan {
		if strings.TrimSpace(e.ComputerName) == "" {
			return &ParamsError{"plan", fmt.Sprintf("plan[%d].computerName is empty", i)}
		}
	}
	return nil
}

// ReclaimResult is the result of session.reclaim.
type ReclaimResult struct {
	// Decisions has one entry for each session of the hosts that could be
	// listed, host by host.
	Decisions []ReclaimDecision `json:"decisions"`
	// Failures has one entry for each host that could not be listed.
	Failures []Failure `json:"failures"`
	// DryRun is true when nothing was warned or acted on.
	DryRun bool `json:"dryRun"`
}

// ReclaimDecision is what a run decided for one session, and why.
type ReclaimDecision struct {
	// ComputerName is the host of the session.
	ComputerName string `json:"computerName"`
	// ID is the session.
	ID uint32 `json:"id"`
	// UserName is DOMAIN\user or user, empty when nobody is signed in.
	UserName string `json:"userName"`
	// SessionName is the WinStation name or the terminal.
	SessionName string `json:"sessionName"`
	// State is the session's state when it was decided on.
	State session.State `json:"state"`
	// LogonTime is when the user signed in, null when not known.
	LogonTime *time.Time `json:"logonTime" jsonschema:"nullable"`
	// Decision is "logoff", "disconnect", "skip", or "cancelled" for a
	// session that had input after the warning (or changed while the run
	// waited).
	Decision string `json:"decision" jsonschema:"enum=logoff,enum=disconnect,enum=skip,enum=cancelled"`
	// Rule is the rule that applied, "disconnectedFor" or "idleFor", null
	// when none did.
	Rule *string `json:"rule" jsonschema:"nullable"`
	// Reason says why, with the measured time and the limit.
	Reason string `json:"reason"`
	// IdleSeconds is the time the rule counted, from the later of the last
	// input (or disconnect) and the host's last wake; null when not known
	// or no rule applied.
	IdleSeconds *int64 `json:"idleSeconds" jsonschema:"nullable"`
	// LimitSeconds is the rule's limit, null when no rule applied.
	LimitSeconds *int64 `json:"limitSeconds" jsonschema:"nullable"`
	// Warning is "none", "sent", "notShown" (the session cannot see a
	// message: disconnected, locked, lock state unknown), "failed" or
	// "dryRun" (a real run would send it).
	Warning string `json:"warning" jsonschema:"enum=none,enum=sent,enum=notShown,enum=failed,enum=dryRun"`
	// Result is what became of the action; null when none was sent.
	Result *ReclaimOutcome `json:"result" jsonschema:"nullable"`
}

// ReclaimOutcome is the result of one action of a reclaim run.
type ReclaimOutcome struct {
	// Action is "logoff" or "disconnect".
	Action string `json:"action" jsonschema:"enum=logoff,enum=disconnect"`
	// Completed is true when the action is known to have finished.
	Completed bool `json:"completed"`
	// Error is why it failed or was refused, null when it did not.
	Error *Failure `json:"error" jsonschema:"nullable"`
}
