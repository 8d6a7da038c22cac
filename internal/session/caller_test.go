package session_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

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

// TestReclaimCallerClaim: a reclaim run with a claimed caller never
// chooses the caller's own session when the claim names this host (by
// any of its names), chooses it when the claim names another machine,
// and its actions' audit records name the caller.
func TestReclaimCallerClaim(t *testing.T) {
	t.Parallel()
	const fix = `{"computerName":"SIM01","aliases":["sim01.contoso.com"],"elevated":true,"now":"2026-11-24T10:00:00Z","sessions":[
	  {"id":3,"userName":"adm","state":"Disconnected","disconnectTime":"2026-11-01T00:00:00Z"},
	  {"id":4,"userName":"bob","state":"Disconnected","disconnectTime":"2026-11-01T00:00:00Z"}]}`
	three := uint32(3)
	tests := []struct {
		name      string
		caller    *session.Caller
		protected bool
	}{
		{"no claim", nil, false},
		{"claim on this host", &session.Caller{UserName: "CONTOSO\\adm", ComputerName: "SIM01", SessionID: &three}, true},
		{"claim by another name of this host", &session.Caller{UserName: "adm", ComputerName: "sim01.contoso.com", SessionID: &three}, true},
		{"claim on another machine", &session.Caller{UserName: "adm", ComputerName: "WS-ADMIN", SessionID: &three}, false},
		{"claim in no session", &session.Caller{UserName: "adm", ComputerName: "SIM01"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc := newService(t, fix)
			rec := &auditRecorder{}
			svc.Audit = rec
			rep, err := svc.Reclaim(context.Background(), session.ReclaimPolicy{DisconnectedFor: time.Hour, Caller: tt.caller})
			if err != nil {
				t.Fatal(err)
			}
			own := decisionOf(t, rep.Decisions, "SIM01", 3)
			if own.Acted == tt.protected {
				t.Errorf("session 3 acted = %v, want %v: %s", own.Acted, !tt.protected, own.Reason)
			}
			if tt.protected && !strings.Contains(own.Reason, "as the caller claims") {
				t.Errorf("session 3's reason %q does not name the claim", own.Reason)
			}
			if bob := decisionOf(t, rep.Decisions, "SIM01", 4); !bob.Acted || bob.Err != nil {
				t.Errorf("bob: acted %v, %v (%s)", bob.Acted, bob.Err, bob.Reason)
			}
			if len(rec.recs) == 0 {
				t.Fatal("no audit record")
			}
			for _, r := range rec.recs {
				if r.Caller != tt.caller {
					t.Errorf("audit record of session %d names caller %+v, want %+v", r.SessionID, r.Caller, tt.caller)
				}
			}
		})
	}
}
