package session_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

const fixture = `{"computerName":"SIM01","currentSessionId":1,"elevated":true,"now":"2026-11-24T10:00:00Z",
 "sessions":[
  {"id":0,"sessionName":"Services","state":"Disconnected"},
  {"id":1,"sessionName":"Console","userName":"admin","domain":"CONTOSO","state":"Active"},
  {"id":2,"userName":"J\u00d6RG","domain":"CONTOSO","state":"Disconnected","disconnectTime":"2026-11-24T08:00:00Z"},
  {"id":3,"userName":"bob","state":"Active","lastInputTime":"2026-11-24T09:59:00Z"},
  {"id":65536,"sessionName":"RDP-Tcp","state":"Listen"}],
 "hosts":{"SRV02":{"latencyMs":5,"sessions":[{"id":5,"userName":"dave"}]},
          "DEAD01":{"unreachable":true},"SLOW01":{"latencyMs":60000},"LOCKED":{"accessDenied":true}}}`

func newService(t *testing.T, fix string) *session.Service {
	t.Helper()
	b, err := simulate.Parse([]byte(fix))
	if err != nil {
		t.Fatal(err)
	}
	return session.NewService(b)
}

func ids(ss []session.Session) string {
	var out []string
	for _, s := range ss {
		out = append(out, fmt.Sprintf("%s/%d", s.ComputerName, s.ID))
	}
	return strings.Join(out, " ")
}

// TestSafetyPolicy: the caller's own session, session 0 and listeners are
// refused without force; nothing is signed out that was not asked for.
func TestSafetyPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		id      uint32
		force   bool
		wantErr error
		reason  string
	}{
		{"own session", 1, false, session.ErrRefused, "the caller would sign itself out"},
		{"session 0", 0, false, session.ErrRefused, "session 0 runs services"},
		{"listener", 65536, false, session.ErrRefused, "a listener accepts new connections"},
		{"other user", 3, false, nil, "an ordinary session is fair game"},
		{"missing", 42, false, session.ErrNoSession, "a session that does not exist"},
		{"own session forced", 1, true, nil, "force overrides the policy"},
		{"missing forced", 42, true, session.ErrNoSession, "force does not invent sessions"},
	}
	for _, tt := range tests {
		for _, action := range []session.Action{session.ActionLogoff, session.ActionDisconnect} {
			t.Run(tt.name+"/"+string(action), func(t *testing.T) {
				svc := newService(t, fixture)
				ctx := context.Background()
				before, _, _ := svc.List(ctx, session.Query{})
				res, err := svc.Act(ctx, session.ActRequest{Action: action, ID: tt.id, Wait: true, Force: tt.force})
				host := res.ComputerName
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
					t.Fatalf("Act(%d, force=%v) = %v, want %v (%s)", tt.id, tt.force, err, tt.wantErr, tt.reason)
				}
				if host != "SIM01" {
					t.Errorf("computer name = %q, want SIM01", host)
				}
				after, _, _ := svc.List(ctx, session.Query{})
				changed := 0
				for i := range before {
					if i >= len(after) || before[i].ID != after[i].ID || before[i].State != after[i].State {
						changed++
					}
				}
				if err != nil && (len(after) != len(before) || changed != 0) {
					t.Errorf("a refused %s changed the sessions: before %s, after %s", action, ids(before), ids(after))
				}
				if err == nil && action == session.ActionLogoff {
					for _, s := range after {
						if s.ID == tt.id {
							t.Errorf("session %d is still there after logoff", tt.id)
						}
					}
					if len(after) != len(before)-1 {
						t.Errorf("logoff of %d removed %d sessions: before %s, after %s", tt.id, len(before)-len(after), ids(before), ids(after))
					}
				}
			})
		}
	}
}

func TestRefusalCarriesFacts(t *testing.T) {
	t.Parallel()
	_, err := newService(t, fixture).Act(context.Background(), session.ActRequest{Action: session.ActionLogoff, ComputerName: "localhost", ID: 1})
	var e *session.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *session.Error", err)
	}
	if e.ComputerName != "SIM01" || e.SessionID == nil || *e.SessionID != 1 || !strings.Contains(e.Reason, "own session") {
		t.Errorf("refusal = %+v, want computer SIM01, session 1 and a reason naming the own session", e)
	}
}

// TestListFanOut asks several hosts at once: live hosts are listed, dead
// and slow ones become failures with their codes, and the slow one does not
// hold the others back beyond its timeout.
func TestListFanOut(t *testing.T) {
	t.Parallel()
	svc := newService(t, fixture)
	ss, fails, _ := svc.List(context.Background(), session.Query{
		ComputerNames: []string{"SIM01", "srv02", "DEAD01", "SLOW01", "LOCKED", "NOWHERE", "SRV02"},
		Timeout:       300 * time.Millisecond,
	})
	if got, want := ids(ss), "SIM01/0 SIM01/1 SIM01/2 SIM01/3 SIM01/65536 SRV02/5"; got != want {
		t.Errorf("sessions = %s, want %s", got, want)
	}
	wantFails := map[string]error{"DEAD01": session.ErrUnreachable, "SLOW01": session.ErrTimeout,
		"LOCKED": session.ErrAccessDenied, "NOWHERE": session.ErrUnreachable}
	if len(fails) != len(wantFails) {
		t.Errorf("failures = %v, want %d", fails, len(wantFails))
	}
	for _, f := range fails {
		if !errors.Is(f.Err, wantFails[f.ComputerName]) {
			t.Errorf("failure of %s = %v, want %v", f.ComputerName, f.Err, wantFails[f.ComputerName])
		}
	}
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		q    session.Query
		want string
	}{
		{"all", session.Query{}, "SIM01/0 SIM01/1 SIM01/2 SIM01/3 SIM01/65536"},
		{"ids", session.Query{IDs: []uint32{3, 1, 99}}, "SIM01/1 SIM01/3"},
		{"wildcard", session.Query{UserNames: []string{"b*"}}, "SIM01/3"},
		{"case and non-ASCII", session.Query{UserNames: []string{"jörg"}}, "SIM01/2"},
		{"qualified", session.Query{UserNames: []string{`contoso\ad?in`}}, "SIM01/1"},
		{"state", session.Query{States: []session.State{session.StateDisconnected}}, "SIM01/0 SIM01/2"},
		{"and", session.Query{States: []session.State{session.StateActive}, UserNames: []string{"*b*"}}, "SIM01/3"},
		{"none", session.Query{UserNames: []string{"nobody"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, _, _ := newService(t, fixture).List(context.Background(), tt.q)
			if got := ids(ss); got != tt.want {
				t.Errorf("List(%+v) = %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*", "", true},
		{"a*c", "abbbc", true},
		{"a*c", "abbb", false},
		{"?", "ö", true},
		{"??", "ö", false},
		{`dom\*`, `dom\user`, true},
		{"*a*a*a*a*b", strings.Repeat("a", 40), false},
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := session.Match(tt.pattern, tt.name); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestIdleSeconds(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	in := now.Add(-90 * time.Second)
	disc := now.Add(-2 * time.Hour)
	tests := []struct {
		name      string
		state     session.State
		lastInput *time.Time
		disc      *time.Time
		want      *int64
	}{
		{"active since input", session.StateActive, &in, &disc, ptr(int64(90))},
		{"disconnected since disconnect", session.StateDisconnected, &in, &disc, ptr(int64(7200))},
		{"unknown input", session.StateActive, nil, &disc, nil},
		{"unknown disconnect", session.StateDisconnected, &in, nil, nil},
	}
	for _, tt := range tests {
		got := session.IdleSeconds(now, tt.state, tt.lastInput, tt.disc)
		if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
			t.Errorf("%s: IdleSeconds = %v, want %v", tt.name, deref(got), deref(tt.want))
		}
	}
}

func ptr[T any](v T) *T { return &v }

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
