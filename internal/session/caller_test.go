package session_test

import (
	"context"
	"errors"
	"testing"

	"github.com/usersession/usersession/internal/session"
)

// auditRecorder keeps the audit records a Service hands it.
type auditRecorder struct{ recs []session.AuditRecord }

func (r *auditRecorder) Audit(_ context.Context, rec session.AuditRecord) session.AuditOutcome {
	r.recs = append(r.recs, rec)
	return session.AuditOutcome{}
}

// TestCallerClaimOnlyAddsProtection: a caller claimed by the request
// protects its own session when it names this host, protects nothing
// elsewhere, never lifts the helper's own protection, and reaches the
// audit record.
func TestCallerClaimOnlyAddsProtection(t *testing.T) {
	three, one := uint32(3), uint32(1)
	tests := []struct {
		name    string
		id      uint32
		caller  *session.Caller
		force   bool
		wantErr error
		why     string
	}{
		{"claimed own session here", 3, &session.Caller{UserName: "CONTOSO\\adm", ComputerName: "SIM01", SessionID: &three}, false, session.ErrRefused,
			"the admin behind a remoting account keeps its own session"},
		{"claimed by another name of this host", 3, &session.Caller{UserName: "adm", ComputerName: "localhost", SessionID: &three}, false, session.ErrRefused,
			"every name of this host is this host"},
		{"claimed own session elsewhere", 3, &session.Caller{UserName: "adm", ComputerName: "WS-ADMIN", SessionID: &three}, false, nil,
			"session 3 of another machine is not session 3 here"},
		{"claim without a session", 3, &session.Caller{UserName: "adm", ComputerName: "SIM01"}, false, nil,
			"a caller in no session protects none"},
		{"claim of another session cannot lift the helper's own", 1, &session.Caller{UserName: "adm", ComputerName: "WS-ADMIN", SessionID: &three}, false, session.ErrRefused,
			"claims only add protection"},
		{"claim naming session 1 elsewhere keeps session 1 protected", 1, &session.Caller{UserName: "adm", ComputerName: "SIM01", SessionID: &one}, false, session.ErrRefused,
			"both say own session"},
		{"force overrides a claimed own session as it does the helper's", 3, &session.Caller{UserName: "adm", ComputerName: "SIM01", SessionID: &three}, true, nil,
			"the one explicit override"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := newService(t, fixture)
			rec := &auditRecorder{}
			svc.Audit = rec
			_, err := svc.Act(context.Background(), session.ActRequest{Action: session.ActionLogoff, ID: tt.id, Force: tt.force, Caller: tt.caller})
			if !errors.Is(err, tt.wantErr) && !(err == nil && tt.wantErr == nil) {
				t.Fatalf("Act = %v, want %v (%s)", err, tt.wantErr, tt.why)
			}
			if len(rec.recs) == 0 {
				t.Fatal("no audit record")
			}
			for _, r := range rec.recs {
				if r.Caller != tt.caller {
					t.Fatalf("audit record %+v does not name the claimed caller", r)
				}
			}
			sessions, _, err := svc.List(context.Background(), session.Query{IDs: []uint32{tt.id}})
			if err != nil {
				t.Fatal(err)
			}
			if gone := len(sessions) == 0; gone != (tt.wantErr == nil) {
				t.Fatalf("session %d gone = %v, want %v (%s)", tt.id, gone, tt.wantErr == nil, tt.why)
			}
		})
	}
}
