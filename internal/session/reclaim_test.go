package session_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

// labFixture is a shared PC at 10:00 with one session for each rule, a
// host that slept until 09:50 and a host that does not answer.
const labFixture = `{"computerName":"LAB01","currentSessionId":1,"elevated":true,"now":"2026-11-24T10:00:00Z",
 "sessions":[
  {"id":0,"sessionName":"Services","state":"Disconnected","disconnectTime":"2026-11-20T00:00:00Z"},
  {"id":1,"sessionName":"Console","userName":"admin","state":"Active","lastInputTime":"2026-11-24T06:00:00Z","locked":false},
  {"id":2,"userName":"carol","state":"Disconnected","disconnectTime":"2026-11-24T01:00:00Z","logonTime":"2026-11-23T20:00:00Z"},
  {"id":3,"userName":"dave","state":"Disconnected","disconnectTime":"2026-11-24T09:30:00Z"},
  {"id":4,"userName":"bob","state":"Active","lastInputTime":"2026-11-24T08:00:00Z","locked":false},
  {"id":5,"userName":"erin","state":"Active","lastInputTime":"2026-11-24T08:00:00Z","locked":false,"inputOnMessage":true},
  {"id":6,"userName":"svc_kiosk","domain":"LAB","state":"Disconnected","disconnectTime":"2026-11-24T01:00:00Z"},
  {"id":7,"userName":"frank","domain":"CONTOSO","state":"Active"},
  {"id":8,"userName":"gina","state":"Active","lastInputTime":"2026-11-24T08:00:00Z","locked":true},
  {"id":65536,"sessionName":"RDP-Tcp","state":"Listen"}],
 "hosts":{"LAB02":{"lastWakeTime":"2026-11-24T09:50:00Z","sessions":[
            {"id":2,"userName":"hank","state":"Disconnected","disconnectTime":"2026-11-24T01:00:00Z"}]},
          "DEAD01":{"unreachable":true}}}`

func labPolicy() session.ReclaimPolicy {
	return session.ReclaimPolicy{
		ComputerNames:   []string{".", "LAB02", "DEAD01"},
		DisconnectedFor: 8 * time.Hour,
		IdleFor:         time.Hour,
		IdleAction:      session.ActionLogoff,
		Warn:            20 * time.Millisecond,
		Exclude:         []string{"svc_*"},
		Reason:          "CHG-7",
	}
}

// verdicts writes the decisions as host/id=verdict, one string to compare.
func verdicts(ds []session.Decision) string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s/%d=%s", d.ComputerName, d.ID, d.Verdict))
	}
	return strings.Join(out, " ")
}

func decisionOf(t *testing.T, ds []session.Decision, host string, id uint32) session.Decision {
	t.Helper()
	for _, d := range ds {
		if d.ComputerName == host && d.ID == id {
			return d
		}
	}
	t.Fatalf("no decision for %s/%d in %s", host, id, verdicts(ds))
	return session.Decision{}
}

// TestReclaimRules runs the lab policy for real: every rule decides its
// session, with its reason in numbers, and only the chosen sessions are
// acted on.
func TestReclaimRules(t *testing.T) {
	t.Parallel()
	svc := newService(t, labFixture)
	rec := &auditLog{}
	svc.Audit = rec
	ctx := context.Background()
	rep, err := svc.Reclaim(ctx, labPolicy())
	if err != nil {
		t.Fatal(err)
	}
	want := "LAB01/0=skip LAB01/1=skip LAB01/2=logoff LAB01/3=skip LAB01/4=logoff LAB01/5=cancelled " +
		"LAB01/6=skip LAB01/7=skip LAB01/8=disconnect LAB01/65536=skip LAB02/2=skip"
	if got := verdicts(rep.Decisions); got != want {
		t.Fatalf("verdicts\n got %s\nwant %s", got, want)
	}
	reasons := []struct {
		id     uint32
		host   string
		reason string
		why    string
	}{
		{0, "LAB01", "protected: session 0", "session 0 is never chosen"},
		{1, "LAB01", "caller's own session", "the caller's own session is never chosen, idle or not"},
		{2, "LAB01", "disconnected 9h, at or over the limit 8h", "the disconnected rule, in numbers"},
		{3, "LAB01", "disconnected 30m, under the limit 8h", "under the limit is skipped, in numbers"},
		{4, "LAB01", "idle 2h, at or over the limit 1h", "the idle rule, in numbers"},
		{5, "LAB01", "the user came back", "input after the warning cancels"},
		{6, "LAB01", `excluded: LAB\svc_kiosk matches svc_*`, "excluded names are never chosen"},
		{7, "LAB01", "idle time not known: an unknown time is not idle", "unknown idle is skipped"},
		{8, "LAB01", "not warned: it is locked; disconnected at most", "an unwarned session is not signed out"},
		{65536, "LAB01", "listener", "listeners are never chosen"},
		{2, "LAB02", "disconnected 10m since the host woke from sleep (9h since the last disconnect), under the limit 8h", "time asleep is not idle"},
	}
	for _, r := range reasons {
		d := decisionOf(t, rep.Decisions, r.host, r.id)
		if !strings.Contains(d.Reason, r.reason) {
			t.Errorf("%s/%d (%s): reason %q lacks %q", r.host, r.id, r.why, d.Reason, r.reason)
		}
	}
	if d := decisionOf(t, rep.Decisions, "LAB01", 4); d.Warning != session.WarningSent || !d.Acted || d.Err != nil {
		t.Errorf("bob: warning %s, acted %v, err %v; want sent, acted, no error", d.Warning, d.Acted, d.Err)
	}
	if d := decisionOf(t, rep.Decisions, "LAB01", 5); d.Warning != session.WarningSent || d.Acted {
		t.Errorf("erin: warning %s, acted %v; want warned and not acted on", d.Warning, d.Acted)
	}
	if len(rep.Failures) != 1 || rep.Failures[0].ComputerName != "DEAD01" {
		t.Errorf("failures %+v, want DEAD01 only", rep.Failures)
	}

	// What is left is what the run chose to leave.
	left, _, err := svc.List(ctx, session.Query{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[uint32]session.State{}
	for _, s := range left {
		got[s.ID] = s.State
	}
	for _, id := range []uint32{2, 4} {
		if _, ok := got[id]; ok {
			t.Errorf("session %d is still there after its sign-out", id)
		}
	}
	for id, st := range map[uint32]session.State{1: session.StateActive, 3: session.StateDisconnected, 5: session.StateActive,
		6: session.StateDisconnected, 7: session.StateActive, 8: session.StateDisconnected} {
		if got[id] != st {
			t.Errorf("session %d is %q after the run, want %s", id, got[id], st)
		}
	}

	// Every action and warning is audited with the policy as its reason.
	rec.mu.Lock()
	defer rec.mu.Unlock()
	// Each action sent has its record of intent before its result.
	var actions, intents []string
	for _, r := range rec.recs {
		if !strings.Contains(r.Reason, "CHG-7; reclaim policy: disconnectedFor=8h idleFor=1h action=logoff warn=20ms exclude=svc_*") {
			t.Errorf("audit reason %q lacks the policy", r.Reason)
		}
		if r.Result == session.AuditIntent {
			intents = append(intents, fmt.Sprintf("%s/%d", r.Action, r.SessionID))
			continue
		}
		actions = append(actions, fmt.Sprintf("%s/%d", r.Action, r.SessionID))
	}
	if got, want := strings.Join(actions, " "), "disconnect/8 logoff/2 logoff/4 message/4 message/5"; sortWords(got) != want {
		t.Errorf("audited %s, want %s", sortWords(got), want)
	}
	if got, want := sortWords(strings.Join(intents, " ")), "disconnect/8 logoff/2 logoff/4 message/4 message/5"; got != want {
		t.Errorf("records of intent %s, want %s", got, want)
	}
}

func sortWords(s string) string {
	w := strings.Fields(s)
	for i := range w {
		for j := i + 1; j < len(w); j++ {
			if w[j] < w[i] {
				w[i], w[j] = w[j], w[i]
			}
		}
	}
	return strings.Join(w, " ")
}

// TestReclaimDryRun decides as the real run would and changes nothing.
func TestReclaimDryRun(t *testing.T) {
	t.Parallel()
	svc := newService(t, labFixture)
	rec := &auditLog{}
	svc.Audit = rec
	p := labPolicy()
	p.DryRun = true
	p.Warn = time.Hour // a dry run does not wait
	rep, err := svc.Reclaim(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	// erin is not warned, so she cannot come back: the dry run says what
	// would happen if she does not.
	want := "LAB01/0=skip LAB01/1=skip LAB01/2=logoff LAB01/3=skip LAB01/4=logoff LAB01/5=logoff " +
		"LAB01/6=skip LAB01/7=skip LAB01/8=disconnect LAB01/65536=skip LAB02/2=skip"
	if got := verdicts(rep.Decisions); got != want {
		t.Fatalf("verdicts\n got %s\nwant %s", got, want)
	}
	for _, d := range rep.Decisions {
		if d.Acted {
			t.Errorf("%d acted on in a dry run", d.ID)
		}
	}
	if d := decisionOf(t, rep.Decisions, "LAB01", 4); d.Warning != session.WarningDryRun {
		t.Errorf("bob's warning is %s in a dry run, want %s", d.Warning, session.WarningDryRun)
	}
	if len(rec.recs) != 0 {
		t.Errorf("a dry run left %d audit records", len(rec.recs))
	}
	left, _, _ := svc.List(context.Background(), session.Query{})
	if len(left) != 10 {
		t.Errorf("%d sessions after a dry run, want all 10", len(left))
	}
}

// TestReclaimPolicyErrors: a policy that could mean more than it says is
// an error, and nothing is listed or acted on.
func TestReclaimPolicyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*session.ReclaimPolicy)
		field string
	}{
		{"no rule", func(p *session.ReclaimPolicy) { p.DisconnectedFor, p.IdleFor = 0, 0 }, "disconnectedForSeconds"},
		{"negative", func(p *session.ReclaimPolicy) { p.IdleFor = -time.Second }, "idleForSeconds"},
		{"empty hosts", func(p *session.ReclaimPolicy) { p.ComputerNames = []string{} }, "computerNames"},
		{"blank host", func(p *session.ReclaimPolicy) { p.ComputerNames = []string{" "} }, "computerNames"},
		{"empty exclude", func(p *session.ReclaimPolicy) { p.Exclude = []string{} }, "exclude"},
		{"blank exclude", func(p *session.ReclaimPolicy) { p.Exclude = []string{""} }, "exclude"},
		{"duplicate exclude", func(p *session.ReclaimPolicy) { p.Exclude = []string{"bob", "BOB"} }, "exclude"},
		{"bad action", func(p *session.ReclaimPolicy) { p.IdleAction = "kill" }, "idleAction"},
		{"long warning", func(p *session.ReclaimPolicy) { p.Warn = 2 * time.Hour }, "warnSeconds"},
		{"empty plan", func(p *session.ReclaimPolicy) { p.Plan = []session.PlanEntry{} }, "plan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := newService(t, labFixture)
			p := labPolicy()
			tt.edit(&p)
			_, err := svc.Reclaim(context.Background(), p)
			var e *session.Error
			if !errors.As(err, &e) || !errors.Is(err, session.ErrInvalid) || e.Field != tt.field {
				t.Fatalf("err %v, want ErrInvalid on %s", err, tt.field)
			}
			left, _, _ := svc.List(context.Background(), session.Query{})
			if len(left) != 10 {
				t.Errorf("a rejected policy changed the sessions: %d left", len(left))
			}
		})
	}
}

// heldLock is a Locker another run holds.
type heldLock struct{}

func (heldLock) TryLock() (func(), error) {
	return nil, errors.New("another reclaim run (process 4242) holds /run/usersession/reclaim.lock")
}

// TestReclaimLock: a run whose lock is held is refused with who holds it,
// and does nothing; within one process the runs exclude each other too.
func TestReclaimLock(t *testing.T) {
	t.Parallel()
	svc := newService(t, labFixture)
	svc.ReclaimLock = heldLock{}
	_, err := svc.Reclaim(context.Background(), labPolicy())
	if !errors.Is(err, session.ErrRefused) || !strings.Contains(err.Error(), "process 4242") {
		t.Fatalf("err %v, want a refusal naming the holder", err)
	}
	left, _, _ := svc.List(context.Background(), session.Query{})
	if len(left) != 10 {
		t.Errorf("a refused run changed the sessions: %d left", len(left))
	}

	// Two runs of one Service: a run started while the first waits out
	// its warning is refused. Until the first holds the lock, the second
	// (a dry run, which changes nothing) goes through, or takes the lock
	// first and the first is refused: start it again.
	svc2 := newService(t, labFixture)
	p := labPolicy()
	p.Warn = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := make(chan error, 1)
	start := func() { go func() { _, err := svc2.Reclaim(ctx, p); first <- err }() }
	start()
	dry := labPolicy()
	dry.DryRun = true
	var second error
	for second == nil {
		select {
		case err := <-first:
			if !errors.Is(err, session.ErrRefused) {
				t.Fatalf("first run ended with %v before the second was refused", err)
			}
			start()
		default:
		}
		_, second = svc2.Reclaim(context.Background(), dry)
	}
	cancel()
	if err := <-first; err != nil {
		t.Errorf("first run: %v", err)
	}
	if !errors.Is(second, session.ErrRefused) || !strings.Contains(second.Error(), "in progress") {
		t.Errorf("second run: %v, want refused as in progress", second)
	}
}

// TestReclaimSameLogon: a session whose id went to another logon while
// the run waited is not acted on.
func TestReclaimSameLogon(t *testing.T) {
	t.Parallel()
	b, err := simulate.Parse([]byte(labFixture))
	if err != nil {
		t.Fatal(err)
	}
	rb := &relogon{Backend: b}
	svc := session.NewService(rb)
	p := labPolicy()
	p.ComputerNames = nil
	rep, err := svc.Reclaim(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	d := decisionOf(t, rep.Decisions, "LAB01", 2)
	if d.Verdict != session.VerdictSkip || d.Acted || !strings.Contains(d.Reason, "later logon") {
		t.Errorf("carol's session after a new logon: %s, acted %v, %q; want skip as a later logon", d.Verdict, d.Acted, d.Reason)
	}
	if d := decisionOf(t, rep.Decisions, "LAB01", 4); d.Verdict != session.VerdictLogoff || !d.Acted {
		t.Errorf("bob: %s, acted %v; the other sessions go on", d.Verdict, d.Acted)
	}
}

// relogon lists session 2 with a later logon time from its second listing
// on, as when its id went to a new logon.
type relogon struct {
	*simulate.Backend
	mu    sync.Mutex
	calls int
}

func (r *relogon) Sessions(ctx context.Context, host string) ([]session.Session, error) {
	ss, err := r.Backend.Sessions(ctx, host)
	r.mu.Lock()
	r.calls++
	n := r.calls
	r.mu.Unlock()
	if n > 1 {
		for i := range ss {
			if ss[i].ID == 2 {
				later := time.Date(2026, 11, 24, 9, 59, 0, 0, time.UTC)
				ss[i].LogonTime = &later
			}
		}
	}
	return ss, err
}

// TestReclaimNoDisconnect: where the backend cannot disconnect, an idle
// active session under a disconnect policy is skipped with the reason.
func TestReclaimNoDisconnect(t *testing.T) {
	t.Parallel()
	b, err := simulate.Parse([]byte(labFixture))
	if err != nil {
		t.Fatal(err)
	}
	svc := session.NewService(noDisconnect{b})
	p := labPolicy()
	p.ComputerNames, p.IdleAction, p.DryRun = nil, session.ActionDisconnect, true
	rep, err := svc.Reclaim(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	d := decisionOf(t, rep.Decisions, "LAB01", 4)
	if d.Verdict != session.VerdictSkip || !strings.Contains(d.Reason, "cannot disconnect") {
		t.Errorf("bob: %s %q, want skip: cannot disconnect", d.Verdict, d.Reason)
	}
}

type noDisconnect struct{ *simulate.Backend }

func (n noDisconnect) Info(ctx context.Context) (session.HostInfo, error) {
	info, err := n.Backend.Info(ctx)
	info.Capabilities.Disconnect = false
	return info, err
}

// TestReclaimUnknownWake: a backend that cannot tell when its host woke
// chooses none of its sessions.
func TestReclaimUnknownWake(t *testing.T) {
	t.Parallel()
	b, err := simulate.Parse([]byte(labFixture))
	if err != nil {
		t.Fatal(err)
	}
	svc := session.NewService(noWake{b})
	p := labPolicy()
	p.ComputerNames, p.DryRun = nil, true
	rep, err := svc.Reclaim(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Decisions {
		if d.Verdict != session.VerdictSkip {
			t.Errorf("%d: %s without a known wake time", d.ID, d.Verdict)
		}
	}
	if d := decisionOf(t, rep.Decisions, "LAB01", 2); !strings.Contains(d.Reason, "time asleep is not idle time") {
		t.Errorf("carol: %q", d.Reason)
	}
}

// noWake hides the simulator's SinceWake.
type noWake struct{ b *simulate.Backend }

func (n noWake) Name() string                                       { return n.b.Name() }
func (n noWake) Info(ctx context.Context) (session.HostInfo, error) { return n.b.Info(ctx) }
func (n noWake) Sessions(ctx context.Context, h string) ([]session.Session, error) {
	return n.b.Sessions(ctx, h)
}
func (n noWake) Session(ctx context.Context, h string, id uint32) (session.Session, error) {
	return n.b.Session(ctx, h, id)
}
func (n noWake) Logoff(ctx context.Context, h string, id uint32, w bool) (bool, error) {
	return n.b.Logoff(ctx, h, id, w)
}
func (n noWake) Disconnect(ctx context.Context, h string, id uint32, w bool) (bool, error) {
	return n.b.Disconnect(ctx, h, id, w)
}
func (n noWake) Message(ctx context.Context, h string, id uint32, m session.Message) (session.Response, error) {
	return n.b.Message(ctx, h, id, m)
}
func (n noWake) Processes(ctx context.Context, h string) ([]session.Process, error) {
	return n.b.Processes(ctx, h)
}

// TestReclaimPlan: with a confirmed plan, only its sessions are acted on.
func TestReclaimPlan(t *testing.T) {
	t.Parallel()
	svc := newService(t, labFixture)
	p := labPolicy()
	logon := time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC)
	p.ComputerNames = nil
	p.Plan = []session.PlanEntry{{ComputerName: "LAB01", ID: 2, UserName: "carol", LogonTime: &logon}}
	rep, err := svc.Reclaim(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Decisions {
		if d.Acted != (d.ID == 2) {
			t.Errorf("%d: acted %v (%s, %q); only the confirmed session 2 may be", d.ID, d.Acted, d.Verdict, d.Reason)
		}
	}
	if d := decisionOf(t, rep.Decisions, "LAB01", 4); !strings.Contains(d.Reason, "not in the confirmed plan") {
		t.Errorf("bob: %q", d.Reason)
	}
}

// TestReclaimNeverProtected is a property: whatever the local machine is
// called and however wide the policy, a run never chooses the caller's
// own session, session 0 or a listener.
func TestReclaimNeverProtected(t *testing.T) {
	t.Parallel()
	const fix = `{"computerName":"SIM01","aliases":["sim01.contoso.com","10.0.0.10"],"currentSessionId":1,"elevated":true,
	 "now":"2026-11-24T10:00:00Z","sessions":[
	  {"id":0,"sessionName":"Services","userName":"SYSTEM","state":"Disconnected","disconnectTime":"2026-11-01T00:00:00Z"},
	  {"id":1,"userName":"admin","state":"Active","lastInputTime":"2026-11-01T00:00:00Z","locked":false},
	  {"id":65536,"userName":"x","state":"Listen","disconnectTime":"2026-11-01T00:00:00Z"},
	  {"id":65537,"userName":"y","state":"Disconnected","disconnectTime":"2026-11-01T00:00:00Z"},
	  {"id":3,"userName":"bob","state":"Disconnected","disconnectTime":"2026-11-01T00:00:00Z"}]}`
	for _, alias := range []string{".", "localhost", "SIM01", "sim01.contoso.com", "10.0.0.10", "127.0.0.1", "::1"} {
		for _, action := range []session.Action{session.ActionLogoff, session.ActionDisconnect} {
			svc := newService(t, fix)
			rep, err := svc.Reclaim(context.Background(), session.ReclaimPolicy{ComputerNames: []string{alias},
				DisconnectedFor: time.Second, IdleFor: time.Second, IdleAction: action, AllowUnwarnedLogoff: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range rep.Decisions {
				if d.Acted != (d.ID == 3) {
					t.Errorf("%s %s: session %d acted %v (%s)", alias, action, d.ID, d.Acted, d.Reason)
				}
			}
		}
	}
}
