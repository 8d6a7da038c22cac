// Package audit keeps the audit trail of usersession: one record for
// every logoff, disconnect and message the helper sends, and every one it
// refuses, written before the answer goes back.
//
// Records go to every sink configured: the system's log (the Windows
// Application event log under the source UserSession, syslog's authpriv
// facility on Linux) and, with --audit-log FILE, a file of one JSON object
// per line. A record that a sink cannot write is reported on the helper's
// log and counted in server.info; it is never dropped in silence, and the
// action's result stands.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/session"
)

// Record is an audit record as it is written: the JSON line of the file,
// and the message of the system's log.
type Record struct {
	Time         time.Time     `json:"time"`
	Action       string        `json:"action"`
	ComputerName string        `json:"computerName"`
	SessionID    uint32        `json:"sessionId"`
	UserName     string        `json:"userName"`
	Domain       string        `json:"domain"`
	Reason       string        `json:"reason"`
	Result       string        `json:"result"`
	Code         *int64        `json:"code,omitempty"`
	Error        string        `json:"error,omitempty"`
	Actor        session.Actor `json:"actor"`
	// Caller is who asked as the caller's side claims it, beside the
	// account the helper runs as (Actor); absent when none was named.
	Caller *Caller `json:"caller,omitempty"`
}

// Caller is the claimed caller of a record. Claimed is always true: the
// helper cannot verify it.
type Caller struct {
	UserName     string  `json:"userName"`
	ComputerName string  `json:"computerName"`
	SessionID    *uint32 `json:"sessionId,omitempty"`
	Claimed      bool    `json:"claimed"`
}

// FromSession converts a record of the Service; an error gets its code
// from the contract's table.
func FromSession(r session.AuditRecord) Record {
	out := Record{Time: r.Time.UTC(), Action: r.Action, ComputerName: r.ComputerName, SessionID: r.SessionID,
		UserName: r.UserName, Domain: r.Domain, Reason: r.Reason, Result: r.Result, Actor: r.Actor}
	if c := r.Caller; c != nil {
		out.Caller = &Caller{UserName: c.UserName, ComputerName: c.ComputerName, SessionID: c.SessionID, Claimed: true}
	}
	if r.Err != nil {
		c := contract.Code(r.Err)
		out.Code = &c
		out.Error = r.Err.Error()
	}
	return out
}

// Target is DOMAIN\user of the record's session, or its user, or "".
func (r Record) Target() string { return account(r.Domain, r.UserName) }

// account is session.Account as a string: DOMAIN\user, or user, or "".
func account(domain, user string) string {
	if a := session.Account(domain, user); a != nil {
		return *a
	}
	return ""
}

// Message is the record in one line for people, as the system's log
// shows it.
func (r Record) Message() string {
	var b strings.Builder
	actor := account(r.Actor.Domain, r.Actor.User)
	fmt.Fprintf(&b, "usersession %s of session %d", r.Action, r.SessionID)
	if t := r.Target(); t != "" {
		fmt.Fprintf(&b, " (%s)", t)
	}
	fmt.Fprintf(&b, " on %s: %s", r.ComputerName, r.Result)
	if r.Code != nil {
		fmt.Fprintf(&b, " (%d: %s)", *r.Code, r.Error)
	}
	fmt.Fprintf(&b, "; by %s", actor)
	if r.Actor.UID != nil {
		fmt.Fprintf(&b, " (uid %d)", *r.Actor.UID)
	}
	if r.Actor.SID != "" {
		fmt.Fprintf(&b, " (%s)", r.Actor.SID)
	}
	fmt.Fprintf(&b, ", process %d on %s", r.Actor.PID, r.Actor.Host)
	if c := r.Caller; c != nil {
		fmt.Fprintf(&b, "; for %s on %s", c.UserName, c.ComputerName)
		if c.SessionID != nil {
			fmt.Fprintf(&b, " (session %d)", *c.SessionID)
		}
		b.WriteString(" (claimed)")
	}
	if r.Reason != "" {
		fmt.Fprintf(&b, "; reason: %s", r.Reason)
	}
	return b.String()
}

// Sink is one place records go.
type Sink interface {
	// Name names the sink in error reports ("file /var/log/x", "syslog").
	Name() string
	// Write stores one record.
	Write(Record) error
}

// Trail is the session.Auditor of the helper: it writes every record to
// each of its sinks, reports failures to Log, and counts them.
type Trail struct {
	Sinks []Sink
	// Log receives the failures; nil discards them.
	Log func(format string, args ...any)

	mu       sync.Mutex
	written  int
	failures int
	last     string
}

// Required marks a sink that must record: a record of intent it cannot
// write stops the action. The file the caller asked for is one; the
// system's log is best effort.
type Required interface {
	Required() bool
}

// Audit writes r to every sink. Its outcome names the sinks that failed,
// and is an error when one of them is Required.
func (t *Trail) Audit(_ context.Context, r session.AuditRecord) session.AuditOutcome {
	rec := FromSession(r)
	var errs, required []error
	var out session.AuditOutcome
	for _, s := range t.Sinks {
		if err := s.Write(rec); err != nil {
			err = fmt.Errorf("audit record not written to %s: %w", s.Name(), err)
			errs = append(errs, err)
			out.Unrecorded = append(out.Unrecorded, err.Error())
			if req, ok := s.(Required); ok && req.Required() {
				required = append(required, err)
			}
		}
	}
	out.Err = errors.Join(required...)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.written++
	if err := errors.Join(errs...); err != nil {
		t.failures++
		t.last = err.Error()
		if t.Log != nil {
			line, _ := json.Marshal(rec)
			t.Log("%v; the record: %s", err, line)
		}
	}
	return out
}

// Status reports the trail's sinks and failures.
func (t *Trail) Status() contract.AuditStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := contract.AuditStatus{Sinks: []string{}, Records: t.written, Failures: t.failures, LastError: t.last}
	for _, s := range t.Sinks {
		st.Sinks = append(st.Sinks, s.Name())
	}
	return st
}

// File appends records to a file, one JSON object per line, each written
// with one write call and synced before Write returns.
type File struct {
	Path string
	mu   sync.Mutex
}

// Name names the file.
func (f *File) Name() string { return "file " + f.Path }

// Required is true: the caller asked for the file, so an action whose
// intent it cannot record is not sent.
func (f *File) Required() bool { return true }

// Write appends r as one line.
func (f *File) Write(r Record) error {
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	f.mu.Lock()
	defer f.mu.Unlock()
	fh, err := os.OpenFile(f.Path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := fh.Write(line); err != nil {
		fh.Close()
		return err
	}
	if err := fh.Sync(); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// EventID is the id of a record in the Windows event log: one per action
// and result, so that a view or a subscription can select, say, every
// refused sign-out (1003).
//
//	            intent completed requested refused failed
//	logoff        1000    1001      1002     1003   1004
//	disconnect    1010    1011      1012     1013   1014
//	message       1020    1021      1022     1023   1024
//
// Anything else is 1099.
func EventID(action, result string) uint32 {
	var base uint32
	switch action {
	case "logoff":
		base = 1000
	case "disconnect":
		base = 1010
	case "message":
		base = 1020
	default:
		return 1099
	}
	switch result {
	case session.AuditIntent:
		return base
	case session.AuditCompleted:
		return base + 1
	case session.AuditRequested:
		return base + 2
	case session.AuditRefused:
		return base + 3
	case session.AuditFailed:
		return base + 4
	}
	return 1099
}
