package session

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// idleSlack is how much an idle time may fall short of what the clock
// says it should be before the run takes it for new input: idle times
// are whole seconds, read at two moments.
const idleSlack = 2 * time.Second

// warnAndRecheck warns the sessions due a warning, waits out the warning
// period (or a moment without one), lists the hosts again and keeps only
// the sessions that are still the same logon, idle all along, in the
// state they were decided in.
func (s *Service) warnAndRecheck(ctx context.Context, p ReclaimPolicy, rep *ReclaimReport, plan []planned) {
	decided := time.Now()
	if s.sendWarnings(ctx, p, rep, plan) {
		t := time.NewTimer(p.Warn)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
	if err := ctx.Err(); err != nil {
		for _, pl := range plan {
			cancelDecision(&rep.Decisions[pl.index], VerdictSkip, fmt.Sprintf("the run ended before it could check again: %v", err))
		}
		return
	}
	hosts := planHosts(plan)
	now, failures, err := s.List(ctx, Query{ComputerNames: hosts, Timeout: p.Timeout})
	elapsed := time.Since(decided)
	for _, pl := range plan {
		dec := &rep.Decisions[pl.index]
		if dec.Verdict == VerdictSkip {
			continue
		}
		if err != nil {
			cancelDecision(dec, VerdictSkip, fmt.Sprintf("could not check again: %v", err))
			continue
		}
		if f := failureOf(failures, pl.session.ComputerName); f != nil {
			cancelDecision(dec, VerdictSkip, fmt.Sprintf("could not check again: %v", f.Err))
			continue
		}
		cur, ok := findSession(now, pl.session.ComputerName, pl.session.ID)
		if !ok {
			cancelDecision(dec, VerdictSkip, "it ended while the run waited")
			continue
		}
		if why := expectationOf(&pl.session).mismatch(&cur); why != "" {
			cancelDecision(dec, VerdictSkip, why)
			continue
		}
		if why := changed(&pl.session, &cur, elapsed); why != "" {
			cancelDecision(dec, VerdictCancelled, why)
		}
	}
}

// changed says how cur, seen elapsed after was, shows a user who came
// back, or "".
func changed(was, cur *Session, elapsed time.Duration) string {
	if cur.State != was.State {
		return fmt.Sprintf("it went from %s to %s while the run waited", was.State, cur.State)
	}
	if cur.IdleSeconds == nil {
		return "its idle time is no longer known"
	}
	before := time.Duration(*was.IdleSeconds) * time.Second
	after := time.Duration(*cur.IdleSeconds) * time.Second
	if after+idleSlack < before+elapsed {
		if was.State == StateDisconnected {
			return fmt.Sprintf("it was reconnected %s ago, while the run waited", fmtDur(after))
		}
		return fmt.Sprintf("it had input %s ago, after the run decided (the user came back)", fmtDur(after))
	}
	return ""
}

// sendWarnings shows the notice to every session due one and reports
// whether any was shown. A session whose notice failed is not warned: a
// sign-out becomes a disconnect unless the policy allows signing out
// unwarned sessions.
func (s *Service) sendWarnings(ctx context.Context, p ReclaimPolicy, rep *ReclaimReport, plan []planned) bool {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sent := false
	sem := make(chan struct{}, s.parallel())
	for _, pl := range plan {
		if !pl.warn {
			continue
		}
		dec := &rep.Decisions[pl.index]
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			_, err := s.Message(ctx, MessageRequest{ComputerName: pl.session.ComputerName, ID: pl.session.ID,
				Message: warningText(p, dec.Verdict), Reason: auditReason(p, dec), Caller: p.Caller})
			if err == nil {
				dec.Warning = WarningSent
				mu.Lock()
				sent = true
				mu.Unlock()
				return
			}
			dec.Warning = WarningFailed
			dec.Reason += fmt.Sprintf("; the warning failed: %v", err)
			if dec.Verdict == VerdictLogoff && !p.AllowUnwarnedLogoff {
				dec.Verdict = VerdictDisconnect
				dec.Reason += "; disconnected at most, since it was not warned"
			}
		}()
	}
	wg.Wait()
	return sent
}

// warningText is the notice an idle session gets.
func warningText(p ReclaimPolicy, verdict string) Message {
	what := "disconnected (your programs keep running)"
	if verdict == VerdictLogoff {
		what = "signed out: save your work now, unsaved work will be lost"
	}
	return Message{
		Title: "Idle session",
		Text: fmt.Sprintf("This session has had no input for %s. Unless it is used within %s it will be %s.",
			fmtDur(p.IdleFor), fmtDur(p.Warn), what),
		Buttons: ButtonsOK,
	}
}

// actOnPlan acts on every decision still standing, each checked once more
// by the Service against the logon it was decided on.
func (s *Service) actOnPlan(ctx context.Context, p ReclaimPolicy, rep *ReclaimReport, plan []planned) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, s.parallel())
	for _, pl := range plan {
		dec := &rep.Decisions[pl.index]
		if dec.Verdict != VerdictLogoff && dec.Verdict != VerdictDisconnect {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			res, err := s.Act(ctx, ActRequest{Action: Action(dec.Verdict), ComputerName: pl.session.ComputerName,
				ID: pl.session.ID, Reason: auditReason(p, dec), Timeout: p.Timeout, Expect: expectationOf(&pl.session), Caller: p.Caller})
			dec.Acted = true
			dec.Completed, dec.Err = res.Completed, err
		}()
	}
	wg.Wait()
}

// auditReason is the reason an action carries into the audit trail: the
// caller's reason, the policy and the decision's numbers.
func auditReason(p ReclaimPolicy, dec *Decision) string {
	var b strings.Builder
	if p.Reason != "" {
		b.WriteString(p.Reason)
		b.WriteString("; ")
	}
	b.WriteString("reclaim policy:")
	if p.DisconnectedFor > 0 {
		b.WriteString(" disconnectedFor=" + fmtDur(p.DisconnectedFor))
	}
	if p.IdleFor > 0 {
		b.WriteString(" idleFor=" + fmtDur(p.IdleFor) + " action=" + string(p.IdleAction))
	}
	if p.Warn > 0 {
		b.WriteString(" warn=" + fmtDur(p.Warn))
	}
	if len(p.Exclude) > 0 {
		b.WriteString(" exclude=" + strings.Join(p.Exclude, ","))
	}
	b.WriteString("; ")
	b.WriteString(dec.Reason)
	return b.String()
}

func cancelDecision(dec *Decision, verdict, why string) {
	dec.Verdict = verdict
	dec.Reason += "; then " + why
}

func expectationOf(s *Session) Expectation {
	e := Expectation{UserName: s.UserName, LogonTime: s.LogonTime}
	if a := Account(s.Domain, s.UserName); a != nil {
		e.UserName = *a
	}
	return e
}

// planHosts are the hosts of plan, each once, in order.
func planHosts(plan []planned) []string {
	var hosts []string
	seen := map[string]bool{}
	for _, pl := range plan {
		k := strings.ToLower(pl.session.ComputerName)
		if !seen[k] {
			seen[k] = true
			hosts = append(hosts, pl.session.ComputerName)
		}
	}
	return hosts
}

func failureOf(fs []Failure, host string) *Failure {
	for i := range fs {
		if strings.EqualFold(fs[i].ComputerName, host) && !fs[i].Partial {
			return &fs[i]
		}
	}
	return nil
}

func findSession(ss []Session, host string, id uint32) (Session, bool) {
	for _, s := range ss {
		if s.ID == id && strings.EqualFold(s.ComputerName, host) {
			return s, true
		}
	}
	return Session{}, false
}
