package rpc

import (
	"context"
	"time"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/session"
)

// The handler of session.reclaim: the contract's params to the Service's
// policy, its report to the contract's result.

func seconds(v *float64) time.Duration {
	if v == nil {
		return 0
	}
	return time.Duration(*v * float64(time.Second))
}

func (s *Server) reclaim(ctx context.Context, p contract.ReclaimParams) (contract.ReclaimResult, error) {
	pol := session.ReclaimPolicy{
		ComputerNames:       p.ComputerNames,
		DisconnectedFor:     seconds(p.DisconnectedForSeconds),
		IdleFor:             seconds(p.IdleForSeconds),
		IdleAction:          session.Action(p.IdleAction),
		Warn:                seconds(p.WarnSeconds),
		AllowUnwarnedLogoff: p.AllowUnwarnedLogoff,
		Exclude:             p.Exclude,
		Timeout:             contract.Timeout(p.TimeoutSeconds),
		DryRun:              p.DryRun,
		Reason:              p.Reason,
		Caller:              p.Caller.Session(),
	}
	for _, e := range p.Plan {
		pol.Plan = append(pol.Plan, session.PlanEntry{ComputerName: e.ComputerName, ID: e.ID, UserName: e.UserName, LogonTime: e.LogonTime})
	}
	rep, err := s.svc.Reclaim(ctx, pol)
	if err != nil {
		return contract.ReclaimResult{}, err
	}
	res := contract.ReclaimResult{Decisions: make([]contract.ReclaimDecision, 0, len(rep.Decisions)), Failures: make([]contract.Failure, 0, len(rep.Failures)), DryRun: rep.DryRun}
	for _, d := range rep.Decisions {
		w := contract.ReclaimDecision{ComputerName: d.ComputerName, ID: d.ID, UserName: d.UserName, SessionName: d.SessionName,
			State: d.State, LogonTime: d.LogonTime, Decision: d.Verdict, Reason: d.Reason,
			IdleSeconds: d.IdleSeconds, LimitSeconds: d.LimitSeconds, Warning: d.Warning}
		if d.Rule != "" {
			w.Rule = &d.Rule
		}
		if d.Acted {
			w.Result = &contract.ReclaimOutcome{Action: d.Verdict, Completed: d.Completed}
			if d.Err != nil {
				f := contract.FailureOf(d.ComputerName, d.Err)
				w.Result.Error = &f
			}
		}
		res.Decisions = append(res.Decisions, w)
	}
	for _, f := range rep.Failures {
		res.Failures = append(res.Failures, contract.FailureOf(f.ComputerName, f.Err))
	}
	return res, nil
}
