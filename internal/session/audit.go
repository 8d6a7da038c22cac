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

// Auditor receives the audit trail: one record for every logoff,
// disconnect and message the Service sent or refused, before the caller
// gets the answer. An Auditor that cannot keep a record reports that
// itself (to its log, in server.info); the action's result stands.
type Auditor interface {
	Audit(ctx context.Context, r AuditRecord)
}

// The results of an audit record.
const (
	AuditCompleted = "completed" // the action is known to have finished
	AuditRequested = "requested" // the action was sent; its end was not waited for
	AuditRefused   = "refused"   // the safety policy refused it; nothing was sent
	AuditFailed    = "failed"    // the action or its lookup failed; Err says why
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
	s.Audit.Audit(ctx, p.rec)
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
