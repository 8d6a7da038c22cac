package session

import (
	"context"
	"errors"
	"os"
	"os/user"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Auditor receives the audit trail: for every logoff, disconnect and
// message the Service sends, a record of intent before it is sent and a
// record of the result after; for one refused or failed before it was
// sent, the record of the result only. Each record is written before the
// caller gets the answer.
type Auditor interface {
	// Audit writes r to every sink and says which could not record it.
	Audit(ctx context.Context, r AuditRecord) AuditOutcome
}

// AuditOutcome is what became of one audit record.
type AuditOutcome struct {
	// Err is set when a sink that must record (a file the caller asked
	// for) could not: for a record of intent, the action is not sent.
	Err error
	// Unrecorded says, one line per sink, which sinks could not write the
	// record (the system's log, which is best effort, and those of Err).
	Unrecorded []string
}

// The results of an audit record.
const (
	AuditCompleted = "completed" // the action is known to have finished
	AuditRequested = "requested" // the action was sent; its end was not waited for
	AuditRefused   = "refused"   // the safety policy refused it; nothing was sent
	AuditFailed    = "failed"    // the action or its lookup failed; Err says why
	// AuditIntent is the record written before an action is sent; its
	// result record follows.
	AuditIntent = "intent"
)

// AuditRecord is one entry of the audit trail.
type AuditRecord struct {
	Time time.Time
	// Action is "logoff", "disconnect" or "message".
	Action       string
	ComputerName string
	SessionID    uint32
	// UserName and Domain are of the target session, empty when it could
	// not be looked up.
	UserName string
	Domain   string
	// Reason is the caller's reason for the action.
	Reason string
	// Result is one of the Audit* results; Err is the failure or refusal.
	Result string
	Err    error
	// Actor is who asked: the account the helper runs as.
	Actor Actor
	// Caller is who asked as the caller's side claims it (the person
	// behind a remoting account), nil when the request named none.
	Caller *Caller
}

// Actor is the account a helper runs as, for the audit trail.
type Actor struct {
	// User is the account's name, Domain its domain (Windows).
	User   string `json:"user"`
	Domain string `json:"domain,omitempty"`
	// UID is the user id (Linux), nil on Windows.
	UID *int `json:"uid,omitempty"`
	// SID is the account's security identifier (Windows).
	SID string `json:"sid,omitempty"`
	// PID is the helper's process id.
	PID int `json:"pid"`
	// Host is the machine the helper runs on.
	Host string `json:"host"`
}

// pendingRecord is an audit record being filled in.
type pendingRecord struct {
	rec AuditRecord
	// unrecorded collects the sinks that could not write its records.
	unrecorded []string
}

// failures returns the sinks that could not record the action, one line
// each, or nil.
func (p *pendingRecord) failures() []string {
	if p == nil {
		return nil
	}
	return p.unrecorded
}

// intend writes the record of intent of an action about to be sent. When
// a sink that must record cannot, it returns ErrAuditFailed and the
// action is not to be sent.
func (s *Service) intend(ctx context.Context, p *pendingRecord) error {
	if p == nil {
		return nil
	}
	r := p.rec
	r.Time = time.Now().UTC()
	r.Result = AuditIntent
	out := s.Audit.Audit(ctx, r)
	p.unrecorded = append(p.unrecorded, out.Unrecorded...)
	if out.Err == nil {
		return nil
	}
	return &Error{Kind: ErrAuditFailed, Op: r.Action, ComputerName: r.ComputerName, SessionID: IDPtr(r.SessionID),
		Reason: "the record of intent could not be written, so nothing was sent", Err: out.Err,
		Hint: "make the audit log writable, or leave it out"}
}

// record starts the audit record of an action; nil when nothing audits.
func (s *Service) record(action, computerName string, id uint32, reason string, caller *Caller) *pendingRecord {
	if s.Audit == nil {
		return nil
	}
	s.actorOnce.Do(func() { s.actor = CurrentActor() })
	return &pendingRecord{rec: AuditRecord{Action: action, ComputerName: computerName, SessionID: id,
		Reason: reason, Actor: s.actor, Caller: caller}}
}

// target notes the user of the target session.
func (p *pendingRecord) target(t *Session) {
	if p != nil {
		p.rec.UserName, p.rec.Domain = t.UserName, t.Domain
	}
}

// finish completes the record with the outcome, hands it to the Auditor
// and returns err.
func (s *Service) finish(ctx context.Context, p *pendingRecord, err error, completed bool) error {
	if p == nil {
		return err
	}
	p.rec.Time = time.Now().UTC()
	p.rec.Err = err
	switch {
	case errors.Is(err, ErrRefused):
		p.rec.Result = AuditRefused
	case err != nil:
		p.rec.Result = AuditFailed
	case completed:
		p.rec.Result = AuditCompleted
	default:
		p.rec.Result = AuditRequested
	}
	out := s.Audit.Audit(ctx, p.rec)
	p.unrecorded = append(p.unrecorded, out.Unrecorded...)
	return err
}

// CurrentActor describes the account this process runs as.
func CurrentActor() Actor {
	a := Actor{PID: os.Getpid()}
	a.Host, _ = os.Hostname()
	u, err := user.Current()
	if err != nil {
		a.User = "unknown"
		return a
	}
	if runtime.GOOS == "windows" {
		// Username is DOMAIN\user and Uid the SID on Windows.
		a.SID = u.Uid
		if domain, name, ok := strings.Cut(u.Username, `\`); ok {
			a.Domain, a.User = domain, name
		} else {
			a.User = u.Username
		}
		return a
	}
	a.User = u.Username
	if uid, err := strconv.Atoi(u.Uid); err == nil {
		a.UID = &uid
	}
	return a
}
