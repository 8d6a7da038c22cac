package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

func sample(result string, err error) session.AuditRecord {
	uid := 1000
	return session.AuditRecord{Time: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), Action: "logoff",
		ComputerName: "RDS01", SessionID: 3, UserName: "bob", Domain: "CONTOSO", Reason: "stale for 8 h",
		Result: result, Err: err, Actor: session.Actor{User: "admin", UID: &uid, PID: 42, Host: "ADMIN01"}}
}

// TestFile: one JSON line per record, appended, with every field.
func TestFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	tr := &Trail{Sinks: []Sink{&File{Path: path}}}
	tr.Audit(context.Background(), sample(session.AuditCompleted, nil))
	tr.Audit(context.Background(), sample(session.AuditRefused, &session.Error{Kind: session.ErrRefused, Reason: "own session"}))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	r := recs[1]
	if r.Action != "logoff" || r.ComputerName != "RDS01" || r.SessionID != 3 || r.UserName != "bob" || r.Domain != "CONTOSO" ||
		r.Reason != "stale for 8 h" || r.Result != "refused" || r.Code == nil || *r.Code != -32003 ||
		r.Actor.User != "admin" || r.Actor.UID == nil || r.Actor.PID != 42 || r.Actor.Host != "ADMIN01" || r.Time.IsZero() {
		t.Errorf("record %+v lacks a field", r)
	}
	if recs[0].Code != nil || recs[0].Error != "" {
		t.Errorf("a completed record carries an error: %+v", recs[0])
	}
	if st := tr.Status(); st.Records != 2 || st.Failures != 0 {
		t.Errorf("status %+v", st)
	}
}

// TestFailureIsReported: a record that cannot be written is counted and
// logged with its content, never dropped in silence.
func TestFailureIsReported(t *testing.T) {
	var logged []string
	tr := &Trail{Sinks: []Sink{&File{Path: filepath.Join(t.TempDir(), "no", "such", "dir", "audit.jsonl")}},
		Log: func(format string, args ...any) { logged = append(logged, format) }}
	tr.Audit(context.Background(), sample(session.AuditCompleted, nil))
	st := tr.Status()
	if st.Failures != 1 || st.LastError == "" || len(logged) != 1 || !strings.Contains(st.LastError, "audit record not written") {
		t.Errorf("status %+v, logged %q: want the failure counted and logged", st, logged)
	}
}

// TestMessage: the line for people names the action, the target, the
// result and the actor.
func TestMessage(t *testing.T) {
	m := FromSession(sample(session.AuditRefused, &session.Error{Kind: session.ErrRefused, Reason: "own session"})).Message()
	for _, want := range []string{"logoff of session 3 (CONTOSO\\bob) on RDS01: refused (-32003", "by admin (uid 1000)", "process 42 on ADMIN01", "reason: stale for 8 h"} {
		if !strings.Contains(m, want) {
			t.Errorf("message %q lacks %q", m, want)
		}
	}
}

func TestEventID(t *testing.T) {
	seen := map[uint32]bool{}
	for _, a := range []string{"logoff", "disconnect", "message"} {
		for _, r := range []string{session.AuditIntent, session.AuditCompleted, session.AuditRequested, session.AuditRefused, session.AuditFailed} {
			id := EventID(a, r)
			if seen[id] || id == 1099 {
				t.Errorf("EventID(%s, %s) = %d, not unique", a, r, id)
			}
			seen[id] = true
		}
	}
	if EventID("logoff", "intent") != 1000 {
		t.Errorf("EventID(logoff, intent) = %d, want 1000 (documented)", EventID("logoff", "intent"))
	}
	if EventID("logoff", "refused") != 1003 {
		t.Errorf("EventID(logoff, refused) = %d, want 1003 (documented)", EventID("logoff", "refused"))
	}
}

// TestClaimedCaller: a record names the claimed caller beside the account
// the helper runs as, marked as claimed, in its JSON and its message.
func TestClaimedCaller(t *testing.T) {
	id := uint32(2)
	r := sample(session.AuditCompleted, nil)
	r.Caller = &session.Caller{UserName: "CONTOSO\\alice", ComputerName: "WS-ALICE", SessionID: &id}
	rec := FromSession(r)
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	want := `"caller":{"userName":"CONTOSO\\alice","computerName":"WS-ALICE","sessionId":2,"claimed":true}`
	if !strings.Contains(string(b), want) {
		t.Errorf("record %s lacks %s", b, want)
	}
	if m := rec.Message(); !strings.Contains(m, "by admin (uid 1000)") || !strings.Contains(m, "for CONTOSO\\alice on WS-ALICE (session 2) (claimed)") {
		t.Errorf("message %q does not name both the account and the claimed caller", m)
	}
	if b, _ := json.Marshal(FromSession(sample(session.AuditCompleted, nil))); strings.Contains(string(b), "caller") {
		t.Errorf("record without a caller has one: %s", b)
	}
}
