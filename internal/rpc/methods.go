package rpc

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/audit"
	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/version"
)

// InfoResult is the result of server.info.
type InfoResult struct {
	// Name is always "usersession".
	Name string `json:"name"`
	// Version is the helper's release; the PowerShell module checks it
	// against its own.
	Version string `json:"version"`
	// ProtocolVersion is the version of the wire contract.
	ProtocolVersion string `json:"protocolVersion"`
	// OS is the operating system the helper was built for (GOOS).
	OS string `json:"os"`
	// Arch is the processor architecture the helper was built for (GOARCH).
	Arch string `json:"arch"`
	// Backend is "wts", "utmp" or "simulate".
	Backend string `json:"backend"`
	// ComputerName is the name of the local host.
	ComputerName string `json:"computerName"`
	// LocalNames are every name and address the helper takes for the local
	// host, besides ".", "localhost" and loopback addresses: its NetBIOS,
	// DNS and fully qualified names, its own addresses.
	LocalNames []string `json:"localNames"`
	// Elevated is true when the helper runs elevated (Windows) or as root.
	Elevated bool `json:"elevated"`
	// CurrentSessionID is the session the helper runs in, null in none.
	CurrentSessionID *uint32 `json:"currentSessionId" jsonschema:"nullable"`
	// Capabilities says which operations the backend can perform.
	Capabilities session.Capabilities `json:"capabilities"`
	// Audit says where the audit trail goes and how many records could not
	// be written; null when the helper keeps none.
	Audit *audit.Status `json:"audit" jsonschema:"nullable"`
}

// ListParams are the params of session.list. Every filter is optional;
// together they narrow the list (and), within one filter any value matches
// (or). A filter given as an empty array is an error, never "all": omit
// it to select all.
type ListParams struct {
	// ComputerNames are the hosts to ask, all at once, each once however
	// it is named; none means the local host. ".", "localhost", the local
	// machine's names, loopback and its own addresses mean the local host.
	ComputerNames []string `json:"computerNames,omitempty" jsonschema:"minItems=1"`
	// IDs keeps the sessions with these ids.
	IDs []uint32 `json:"ids,omitempty" jsonschema:"minItems=1"`
	// UserNames keeps the sessions whose user name, or DOMAIN\user, matches
	// one of these patterns; * and ? are wildcards, case is ignored.
	UserNames []string `json:"userNames,omitempty" jsonschema:"minItems=1"`
	// States keeps the sessions in one of these states.
	States []session.State `json:"states,omitempty" jsonschema:"minItems=1"`
	// TimeoutSeconds is the time each host gets to answer (default 10).
	TimeoutSeconds *float64 `json:"timeoutSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
	// IncludeResources adds processCount, workingSetBytes and cpuSeconds to
	// each session, summed over its processes (one process list per host).
	IncludeResources bool `json:"includeResources,omitempty"`
}

func (p *ListParams) validate() error {
	if err := validTimeout(p.TimeoutSeconds); err != nil {
		return err
	}
	for i, st := range p.States {
		norm, ok := session.ParseState(string(st))
		if !ok {
			return &paramsError{"states", fmt.Sprintf("states[%d]: %q is not a state; states are %v", i, st, session.States)}
		}
		p.States[i] = norm
	}
	return nil
}

// validTimeout checks a timeoutSeconds param: absent, or more than 0 and
// at most 3600 (the schema says the same).
func validTimeout(t *float64) error {
	if t != nil && (math.IsNaN(*t) || *t <= 0 || *t > 3600) {
		return &paramsError{"timeoutSeconds", "timeoutSeconds must be more than 0 and at most 3600; omit it for the default of 10"}
	}
	return nil
}

// timeout converts a valid timeoutSeconds or intervalSeconds param; absent
// is 0, the default.
func timeout(t *float64) time.Duration {
	if t == nil {
		return 0
	}
	return time.Duration(*t * float64(time.Second))
}

// ListResult is the result of session.list.
type ListResult struct {
	// Sessions are the sessions that pass the filters, host by host.
	Sessions []session.Session `json:"sessions"`
	// Failures has one entry for each host that could not be read.
	Failures []Failure `json:"failures"`
}

// Failure is a host session.list could not read.
type Failure struct {
	// ComputerName is the host that failed.
	ComputerName string `json:"computerName"`
	// Code is the JSON-RPC error code of the failure, as in error.code.
	Code int64 `json:"code"`
	// Message describes the failure.
	Message string `json:"message"`
	// Data holds the facts of the failure, as in error.data.
	Data *ErrorData `json:"data,omitempty"`
}

// ActionParams are the params of session.logoff and session.disconnect.
type ActionParams struct {
	// ID is the session to act on.
	ID uint32 `json:"id"`
	// ComputerName is the host of the session; none means the local host.
	ComputerName string `json:"computerName,omitempty"`
	// Wait makes the call return only once the action has finished.
	Wait bool `json:"wait,omitempty"`
	// Force acts even on the caller's own session, session 0 or a
	// listener: it is the one explicit override of the safety policy. The
	// session must exist all the same.
	Force bool `json:"force,omitempty"`
	// Reason says why, for the audit trail.
	Reason string `json:"reason,omitempty"`
	// TimeoutSeconds bounds the lookup of the session and the action each
	// (with wait, until the action has finished); default 10.
	TimeoutSeconds *float64 `json:"timeoutSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
	// ExpectedUserName, when given, is the user (user or DOMAIN\user) the
	// caller saw in the session: the action is refused (-32003), force or
	// not, when the session is now someone else's, as after a sign-out
	// whose id went to a later logon.
	ExpectedUserName string `json:"expectedUserName,omitempty"`
	// ExpectedLogonTime, when given, is the session's logonTime as the
	// caller saw it: a later logon with the same id is refused likewise.
	ExpectedLogonTime *time.Time `json:"expectedLogonTime,omitempty"`
}

func (p *ActionParams) validate() error { return validTimeout(p.TimeoutSeconds) }

// ActionResult is the result of session.logoff and session.disconnect.
type ActionResult struct {
	// ComputerName is the host acted on.
	ComputerName string `json:"computerName"`
	// ID is the session acted on.
	ID uint32 `json:"id"`
	// Action is "logoff" or "disconnect".
	Action string `json:"action" jsonschema:"enum=logoff,enum=disconnect"`
	// Completed is true when the action is known to have finished.
	Completed bool `json:"completed"`
}

// MessageParams are the params of session.message.
type MessageParams struct {
	// ID is the session to show the message in.
	ID uint32 `json:"id"`
	// ComputerName is the host of the session; none means the local host.
	ComputerName string `json:"computerName,omitempty"`
	// Title is the title of the message box.
	Title string `json:"title"`
	// Text is the message.
	Text string `json:"text"`
	// Buttons are "ok" (the default), "okCancel" or "yesNo".
	Buttons session.Buttons `json:"buttons,omitempty"`
	// TimeoutSeconds closes the box unanswered after this many seconds; none
	// means it stays until answered.
	TimeoutSeconds uint32 `json:"timeoutSeconds,omitempty"`
	// Wait makes the call return the button pressed; without it the answer
	// is "async". A call that waits without timeoutSeconds returns -32006
	// after a day, leaving the box on screen.
	Wait bool `json:"wait,omitempty"`
	// Reason says why, for the audit trail.
	Reason string `json:"reason,omitempty"`
}

func (p *MessageParams) validate() error {
	switch p.Buttons {
	case "":
		p.Buttons = session.ButtonsOK
	case session.ButtonsOK, session.ButtonsOKCancel, session.ButtonsYesNo:
	default:
		return &paramsError{"buttons", fmt.Sprintf("buttons %q is not one of ok, okCancel, yesNo", p.Buttons)}
	}
	if p.Text == "" {
		return &paramsError{"text", "text is empty"}
	}
	return nil
}

// MessageResult is the result of session.message.
type MessageResult struct {
	// ComputerName is the host of the session.
	ComputerName string `json:"computerName"`
	// ID is the session the message was shown in.
	ID uint32 `json:"id"`
	// Response is the button pressed ("ok", "cancel", "yes", "no"),
	// "timeout", or "async" when the call did not wait.
	Response session.Response `json:"response"`
}

// ProcessesParams are the params of session.processes.
type ProcessesParams struct {
	// ComputerName is the host; none means the local host.
	ComputerName string `json:"computerName,omitempty"`
	// IDs keeps the processes of these sessions; none keeps all.
	IDs []uint32 `json:"ids,omitempty" jsonschema:"minItems=1"`
	// TimeoutSeconds is the time the host gets to answer (default 10).
	TimeoutSeconds *float64 `json:"timeoutSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
}

func (p *ProcessesParams) validate() error { return validTimeout(p.TimeoutSeconds) }

// ProcessesResult is the result of session.processes.
type ProcessesResult struct {
	// Processes are the processes, session by session.
	Processes []session.Process `json:"processes"`
}

// NoParams are the params of methods that take none.
type NoParams struct{}

func (s *Server) info(ctx context.Context, _ NoParams) (InfoResult, error) {
	hi, err := s.svc.Info(ctx)
	if err != nil {
		return InfoResult{}, err
	}
	return InfoResult{
		Name:             "usersession",
		Version:          version.Version,
		ProtocolVersion:  version.ProtocolVersion,
		OS:               runtime.GOOS,
		Arch:             runtime.GOARCH,
		Backend:          s.svc.Backend.Name(),
		ComputerName:     hi.ComputerName,
		LocalNames:       s.localNames(ctx, hi.ComputerName),
		Elevated:         hi.Elevated,
		CurrentSessionID: hi.CurrentSessionID,
		Capabilities:     hi.Capabilities,
		Audit:            s.auditStatus(),
	}, nil
}

func (s *Server) auditStatus() *audit.Status {
	if s.audit == nil {
		return nil
	}
	st := s.audit.Status()
	return &st
}

// namesKnown reports whether server.info can name the local host from
// memory.
func (s *Server) namesKnown() bool {
	_, ok := s.svc.Backend.(session.LocalNamer)
	return !ok || s.backendNames.Load() != nil
}

// always is the inline test of a method that always answers from memory.
func always() bool { return true }

// localNames is the local host's name and what the backend knows as its
// other names, each once.
func (s *Server) localNames(ctx context.Context, name string) []string {
	names := []string{}
	if name != "" {
		names = append(names, name)
	}
	if ln, ok := s.svc.Backend.(session.LocalNamer); ok {
		known := s.backendNames.Load()
		if known == nil {
			asked := ln.LocalNames(ctx)
			known = &asked
			s.backendNames.Store(known)
		}
		for _, n := range *known {
			if !slices.ContainsFunc(names, func(o string) bool { return strings.EqualFold(o, n) }) {
				names = append(names, n)
			}
		}
	}
	return names
}

func (s *Server) list(ctx context.Context, p ListParams) (ListResult, error) {
	sessions, failures, err := s.svc.List(ctx, session.Query{
		ComputerNames:    p.ComputerNames,
		IDs:              p.IDs,
		UserNames:        p.UserNames,
		States:           p.States,
		Timeout:          timeout(p.TimeoutSeconds),
		IncludeResources: p.IncludeResources,
	})
	if err != nil {
		return ListResult{}, err
	}
	if len(p.ComputerNames) == 0 && len(failures) == 1 && !failures[0].Partial {
		// Only the local host was asked: its failure is the call's error.
		return ListResult{}, failures[0].Err
	}
	res := ListResult{Sessions: sessions, Failures: make([]Failure, 0, len(failures))}
	if res.Sessions == nil {
		res.Sessions = []session.Session{}
	}
	for _, f := range failures {
		res.Failures = append(res.Failures, Failure{
			ComputerName: f.ComputerName,
			Code:         Code(f.Err),
			Message:      f.Err.Error(),
			Data:         errorData(f.Err),
		})
	}
	return res, nil
}

func (s *Server) act(action session.Action) func(context.Context, ActionParams) (ActionResult, error) {
	return func(ctx context.Context, p ActionParams) (ActionResult, error) {
		r, err := s.svc.Act(ctx, session.ActRequest{
			Action:       action,
			ComputerName: p.ComputerName,
			ID:           p.ID,
			Wait:         p.Wait,
			Force:        p.Force,
			Reason:       p.Reason,
			Timeout:      timeout(p.TimeoutSeconds),
			Expect:       session.Expectation{UserName: p.ExpectedUserName, LogonTime: p.ExpectedLogonTime},
		})
		if err != nil {
			return ActionResult{}, err
		}
		return ActionResult{ComputerName: r.ComputerName, ID: r.ID, Action: string(action), Completed: r.Completed}, nil
	}
}

func (s *Server) message(ctx context.Context, p MessageParams) (MessageResult, error) {
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
	})
	if err != nil {
		return MessageResult{}, err
	}
	return MessageResult{ComputerName: r.ComputerName, ID: r.ID, Response: r.Response}, nil
}

func (s *Server) processes(ctx context.Context, p ProcessesParams) (ProcessesResult, error) {
	ps, err := s.svc.Processes(ctx, session.ProcessQuery{ComputerName: p.ComputerName, IDs: p.IDs, Timeout: timeout(p.TimeoutSeconds)})
	if err != nil {
		return ProcessesResult{}, err
	}
	if ps == nil {
		ps = []session.Process{}
	}
	return ProcessesResult{Processes: ps}, nil
}

// ResolveParams are the params of session.resolve.
type ResolveParams struct {
	// ComputerNames are the names to group.
	ComputerNames []string `json:"computerNames" jsonschema:"minItems=1"`
}

// ResolveResult is the result of session.resolve.
type ResolveResult struct {
	// Hosts are the hosts the names mean, each once, in the order of their
	// first name.
	Hosts []ResolvedHost `json:"hosts"`
}

// ResolvedHost is one host of session.resolve.
type ResolvedHost struct {
	// ComputerName is the first name given for the host: the one to ask it by.
	ComputerName string `json:"computerName"`
	// Names are every name given that means this host.
	Names []string `json:"names"`
	// Local is true for the local machine.
	Local bool `json:"local"`
}

func (s *Server) resolveHosts(ctx context.Context, p ResolveParams) (ResolveResult, error) {
	hosts, err := s.svc.Resolve(ctx, p.ComputerNames)
	if err != nil {
		return ResolveResult{}, err
	}
	res := ResolveResult{Hosts: make([]ResolvedHost, 0, len(hosts))}
	for _, h := range hosts {
		res.Hosts = append(res.Hosts, ResolvedHost{ComputerName: h.ComputerName, Names: h.Names, Local: h.Local})
	}
	return res, nil
}
