package session

import (
	"context"
	"fmt"
	"strings"
	"time"
)

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
	// AuditFailures names the audit sinks that could not record the
	// action (the system's log is best effort), one line each.
	AuditFailures []string
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
	if err := s.intend(ctx, rec); err != nil {
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
	err = s.finish(ctx, rec, nil, completed)
	res.AuditFailures = rec.failures()
	return res, err
}

// protected says why target may not be acted on without force, or "".
func (s *Service) protected(ctx context.Context, target *Session) string {
	info, _ := s.Info(ctx)
	_, why := protection(info, target)
	return why
}

// markProtected sets each session's Protected by the rule of protected,
// so that a listing says which actions the Service would refuse.
func (s *Service) markProtected(ctx context.Context, ss []Session) {
	info, _ := s.Info(ctx)
	for i := range ss {
		ss[i].Protected = nil
		if label, _ := protection(info, &ss[i]); label != "" {
			ss[i].Protected = &label
		}
	}
}

// protection is the one rule of the protected sessions: label names why
// in a list or a prompt, why says it in a refusal; both "" when target
// may be acted on.
func protection(info HostInfo, target *Session) (label, why string) {
	switch {
	case target.ID == 0:
		return "session 0", "session 0 runs the machine's services"
	case target.State == StateListen:
		return "a listener", fmt.Sprintf("session %d is a listener that accepts new connections", target.ID)
	case info.ListenerIDs && target.ID >= FirstListenerID:
		return "a listener", fmt.Sprintf("session %d is a listener (ids from %d are listeners, whatever their state, here %s)",
			target.ID, FirstListenerID, target.State)
	case target.IsCurrent:
		return "your own session", fmt.Sprintf("session %d is the caller's own session", target.ID)
	}
	return "", ""
}

// FirstListenerID is the first id of the range Windows gives its
// listener sessions (RDP-Tcp and the like).
const FirstListenerID = 65536

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
	// AuditFailures is as in ActResult.
	AuditFailures []string
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
	if err := s.intend(ctx, rec); err != nil {
		return res, s.finish(ctx, rec, err, false)
	}
	resp, err := bounded(ctx, s, t, op, timeout, func(ctx context.Context) (Response, error) {
		return s.Backend.Message(ctx, t.host, r.ID, r.Message)
	})
	if err != nil {
		return res, s.finish(ctx, rec, fillSession(err, op, t.report, r.ID), false)
	}
	res.Response = resp
	err = s.finish(ctx, rec, nil, resp != ResponseAsync)
	res.AuditFailures = rec.failures()
	return res, err
}
