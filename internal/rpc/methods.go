package rpc

import (
	"context"
	"runtime"
	"time"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/version"
)

func (s *Server) info(ctx context.Context, _ contract.NoParams) (contract.InfoResult, error) {
	hi, err := s.svc.Info(ctx)
	if err != nil {
		return contract.InfoResult{}, err
	}
	return contract.InfoResult{
		Name:             "usersession",
		Version:          version.Version,
		ProtocolVersion:  version.ProtocolVersion,
		OS:               runtime.GOOS,
		Arch:             runtime.GOARCH,
		Backend:          s.svc.BackendName(),
		ComputerName:     hi.ComputerName,
		LocalNames:       s.svc.LocalNames(ctx, hi.ComputerName),
		Elevated:         hi.Elevated,
		CurrentSessionID: hi.CurrentSessionID,
		Capabilities:     hi.Capabilities,
		Audit:            s.auditStatus(),
	}, nil
}

func (s *Server) auditStatus() *contract.AuditStatus {
	if s.audit == nil {
		return nil
	}
	st := s.audit.Status()
	return &st
}

// parallel is a throttleLimit param for the Service: absent is 0, the
// default (ListParams.Validate has refused what is out of range).
func parallel(limit *int) int {
	if limit == nil {
		return 0
	}
	return *limit
}

// always is the inline test of a method that always answers from memory.
func always() bool { return true }

func (s *Server) list(ctx context.Context, p contract.ListParams) (contract.ListResult, error) {
	sessions, failures, err := s.svc.List(ctx, session.Query{
		ComputerNames:    p.ComputerNames,
		IDs:              p.IDs,
		UserNames:        p.UserNames,
		States:           p.States,
		Timeout:          contract.Timeout(p.TimeoutSeconds),
		IncludeResources: p.IncludeResources,
		Parallel:         parallel(p.ThrottleLimit),
	})
	if err != nil {
		return contract.ListResult{}, err
	}
	if len(p.ComputerNames) == 0 && len(failures) == 1 && !failures[0].Partial {
		// Only the local host was asked: its failure is the call's error.
		return contract.ListResult{}, failures[0].Err
	}
	res := contract.ListResult{Sessions: sessions, Failures: make([]contract.Failure, 0, len(failures))}
	if res.Sessions == nil {
		res.Sessions = []session.Session{}
	}
	for _, f := range failures {
		res.Failures = append(res.Failures, contract.FailureOf(f.ComputerName, f.Err))
	}
	return res, nil
}

func (s *Server) act(action session.Action) func(context.Context, contract.ActionParams) (contract.ActionResult, error) {
	return func(ctx context.Context, p contract.ActionParams) (contract.ActionResult, error) {
		r, err := s.svc.Act(ctx, session.ActRequest{
			Action:       action,
			ComputerName: p.ComputerName,
			ID:           p.ID,
			Wait:         p.Wait,
			Force:        p.Force,
			Reason:       p.Reason,
			Timeout:      contract.Timeout(p.TimeoutSeconds),
			Expect:       session.Expectation{UserName: p.ExpectedUserName, LogonTime: p.ExpectedLogonTime},
			Caller:       p.Caller.Session(),
		})
		if err != nil {
			return contract.ActionResult{}, err
		}
		return contract.ActionResult{ComputerName: r.ComputerName, ID: r.ID, Action: string(action), Completed: r.Completed,
			AuditFailures: r.AuditFailures}, nil
	}
}

func (s *Server) message(ctx context.Context, p contract.MessageParams) (contract.MessageResult, error) {
	r, err := s.svc.Message(ctx, session.MessageRequest{
		ComputerName: p.ComputerName,
		ID:           p.ID,
		Message: session.Message{
			Title:   p.Title,
			Text:    p.Text,
			Buttons: p.Buttons,
			Timeout: time.Duration(p.TimeoutSeconds) * time.Second,
			Wait:    p.Wait,
		},
		Reason: p.Reason,
		Caller: p.Caller.Session(),
	})
	if err != nil {
		return contract.MessageResult{}, err
	}
	return contract.MessageResult{ComputerName: r.ComputerName, ID: r.ID, Response: r.Response, AuditFailures: r.AuditFailures}, nil
}

func (s *Server) processes(ctx context.Context, p contract.ProcessesParams) (contract.ProcessesResult, error) {
	ps, err := s.svc.Processes(ctx, session.ProcessQuery{ComputerName: p.ComputerName, IDs: p.IDs, Timeout: contract.Timeout(p.TimeoutSeconds)})
	if err != nil {
		return contract.ProcessesResult{}, err
	}
	if ps == nil {
		ps = []session.Process{}
	}
	return contract.ProcessesResult{Processes: ps}, nil
}

func (s *Server) resolveHosts(ctx context.Context, p contract.ResolveParams) (contract.ResolveResult, error) {
	hosts, err := s.svc.Resolve(ctx, p.ComputerNames)
	if err != nil {
		return contract.ResolveResult{}, err
	}
	res := contract.ResolveResult{Hosts: make([]contract.ResolvedHost, 0, len(hosts))}
	for _, h := range hosts {
		res.Hosts = append(res.Hosts, contract.ResolvedHost{ComputerName: h.ComputerName, Names: h.Names, Local: h.Local})
	}
	return res, nil
}
