package session_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

// safetyFixture: the caller runs in session 1 of SIM01, which is also
// sim01.contoso.com, 10.0.0.10 and fe80::10. Session 0, a listener in
// state Listen and listener ids in other states, an ordinary session (3),
// and remote hosts, one of them known by an alias.
const safetyFixture = `{"computerName":"SIM01","currentSessionId":1,"elevated":true,"now":"2026-11-24T10:00:00Z",
 "aliases":["sim01.contoso.com","SIM01.CONTOSO.COM.","10.0.0.10","fe80::10"],
 "sessions":[
  {"id":0,"sessionName":"Services","state":"Disconnected"},
  {"id":1,"sessionName":"Console","userName":"admin","domain":"CONTOSO","state":"Active"},
  {"id":3,"sessionName":"RDP-Tcp#7","userName":"bob","state":"Active","processes":[{"processId":10,"name":"excel.exe"}]},
  {"id":4,"userName":"carol","state":"Disconnected"},
  {"id":65536,"sessionName":"RDP-Tcp","state":"Listen"},
  {"id":65537,"sessionName":"ICA-tcp","state":"Down"},
  {"id":70000,"sessionName":"31C5CE94259D4006A9E4#0","state":"Init"}],
 "hosts":{"SRV02":{"aliases":["srv02.contoso.com","10.0.0.2"],"sessions":[{"id":1,"userName":"dave"},{"id":5,"userName":"erin","logonTime":"2026-11-24T09:30:00Z"}]},
          "DEAD01":{"unreachable":true},"LOCKED":{"accessDenied":true}}}`

// recorder is a Backend that counts the calls that reach the simulator
// below it. Info can be made to report Linux-style ids.
type recorder struct {
	*simulate.Backend
	linuxIDs bool

	mu    sync.Mutex
	calls map[string]int
}

func (r *recorder) count(method string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls == nil {
		r.calls = map[string]int{}
	}
	r.calls[method]++
}

// actions is the number of calls that change or show something in a session.
func (r *recorder) actions() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls["Logoff"] + r.calls["Disconnect"] + r.calls["Message"]
}

// all is every call that reached the backend, Info and host names aside.
func (r *recorder) all() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for m, c := range r.calls {
		if m != "Info" && m != "IdentifyHost" {
			n += c
		}
	}
	return n
}

func (r *recorder) Info(ctx context.Context) (session.HostInfo, error) {
	r.count("Info")
	hi, err := r.Backend.Info(ctx)
	if r.linuxIDs {
		hi.ListenerIDs = false
	}
	return hi, err
}

func (r *recorder) Sessions(ctx context.Context, host string) ([]session.Session, error) {
	r.count("Sessions")
	return r.Backend.Sessions(ctx, host)
}

func (r *recorder) Session(ctx context.Context, host string, id uint32) (session.Session, error) {
	r.count("Session")
	return r.Backend.Session(ctx, host, id)
}

func (r *recorder) Logoff(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	r.count("Logoff")
	return r.Backend.Logoff(ctx, host, id, wait)
}

func (r *recorder) Disconnect(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	r.count("Disconnect")
	return r.Backend.Disconnect(ctx, host, id, wait)
}

func (r *recorder) Message(ctx context.Context, host string, id uint32, m session.Message) (session.Response, error) {
	r.count("Message")
	return r.Backend.Message(ctx, host, id, m)
}

func (r *recorder) Processes(ctx context.Context, host string) ([]session.Process, error) {
	r.count("Processes")
	return r.Backend.Processes(ctx, host)
}

func (r *recorder) IdentifyHost(ctx context.Context, name string) (bool, string) {
	r.count("IdentifyHost")
	return r.Backend.IdentifyHost(ctx, name)
}

func newRecorder(t *testing.T, fix string) *recorder {
	t.Helper()
	b, err := simulate.Parse([]byte(fix))
	if err != nil {
		t.Fatal(err)
	}
	return &recorder{Backend: b}
}

// state renders every session of every host of the simulator, read
// directly (not through the Service), to see that nothing changed.
func state(t *testing.T, r *recorder) string {
	t.Helper()
	var out []string
	for _, host := range []string{"", "SRV02"} {
		ss, err := r.Backend.Sessions(context.Background(), host)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			out = append(out, fmt.Sprintf("%s/%d/%s", s.ComputerName, s.ID, s.State))
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// TestSafety is the table of the ways of asking that could hit a session
// nobody asked for: each row says how it is asked, what must happen and
// why. A rejected request (ErrInvalid) reaches no backend call at all; a
// refused one (ErrRefused) and one whose target is missing reach no
// action; neither changes anything in the simulator.
func TestSafety(t *testing.T) {
	t.Parallel()
	type outcome int
	const (
		done     outcome = iota // the action was carried out
		rejected                // ErrInvalid: no backend call at all
		refused                 // ErrRefused: looked up, not acted on
		missing                 // ErrNoSession: looked up, not acted on
		failed                  // another error: not acted on
	)
	type row struct {
		name     string
		do       func(context.Context, *session.Service) error
		want     outcome
		field    string // for rejected: the parameter named
		why      string
		linuxIDs bool
	}
	act := func(action session.Action, host string, id uint32, force bool) func(context.Context, *session.Service) error {
		return func(ctx context.Context, svc *session.Service) error {
			_, err := svc.Act(ctx, session.ActRequest{Action: action, ComputerName: host, ID: id, Wait: true, Force: force})
			return err
		}
	}
	list := func(q session.Query) func(context.Context, *session.Service) error {
		return func(ctx context.Context, svc *session.Service) error {
			_, _, err := svc.List(ctx, q)
			return err
		}
	}
	var rows []row
	for _, a := range []session.Action{session.ActionLogoff, session.ActionDisconnect} {
		rows = append(rows,
			row{name: "own session, no name", do: act(a, "", 1, false), want: refused, why: "the caller would sign itself out"})
		for _, alias := range []string{".", "localhost", "LOCALHOST", "SIM01", "sim01", "sim01.", "sim01.contoso.com",
			"SIM01.CONTOSO.COM", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1", "10.0.0.10", "fe80::10", " sim01 "} {
			rows = append(rows, row{name: "own session as " + alias, do: act(a, alias, 1, false), want: refused,
				why: "every name of the local machine is the local machine, so its own session stays protected"})
		}
		rows = append(rows,
			row{name: "session 0", do: act(a, "", 0, false), want: refused, why: "session 0 runs the services"},
			row{name: "session 0 of a remote host", do: act(a, "SRV02", 0, false), want: missing, why: "nothing is invented: SRV02 has no session 0"},
			row{name: "listener in state Listen", do: act(a, "", 65536, false), want: refused, why: "a listener accepts new connections"},
			row{name: "listener id in state Down", do: act(a, "", 65537, false), want: refused, why: "ids from 65536 are listeners whatever their state"},
			row{name: "listener id in state Init", do: act(a, "", 70000, false), want: refused, why: "ids from 65536 are listeners whatever their state"},
			row{name: "missing session", do: act(a, "", 42, false), want: missing, why: "a session that does not exist is not acted on"},
			row{name: "missing session forced", do: act(a, "", 42, true), want: missing, why: "force does not invent sessions"},
			row{name: "unreachable host", do: act(a, "DEAD01", 3, false), want: failed, why: "no answer, no action"},
			row{name: "access denied host", do: act(a, "LOCKED", 3, false), want: failed, why: "a failed lookup is not permission"},
			row{name: "timeout out of range", do: func(ctx context.Context, svc *session.Service) error {
				_, err := svc.Act(ctx, session.ActRequest{Action: a, ID: 3, Timeout: 2 * time.Hour})
				return err
			}, want: rejected, field: "timeoutSeconds", why: "a bad timeout is an error, not a default"},
			row{name: "stale object: the id is another user's now", do: func(ctx context.Context, svc *session.Service) error {
				_, err := svc.Act(ctx, session.ActRequest{Action: a, ID: 3, Expect: session.Expectation{UserName: "carol"}})
				return err
			}, want: refused, why: "a session listed earlier may have been signed out and its id reused"},
			row{name: "stale object forced", do: func(ctx context.Context, svc *session.Service) error {
				_, err := svc.Act(ctx, session.ActRequest{Action: a, ID: 3, Force: true, Expect: session.Expectation{UserName: "carol"}})
				return err
			}, want: refused, why: "force overrides the protection, not the caller's own expectation"},
			row{name: "stale object: a later logon of the same user", do: func(ctx context.Context, svc *session.Service) error {
				at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
				_, err := svc.Act(ctx, session.ActRequest{Action: a, ComputerName: "SRV02", ID: 5, Expect: session.Expectation{UserName: "erin", LogonTime: &at}})
				return err
			}, want: refused, why: "the same user signed in again is another session"},
			row{name: "expected user matches", do: func(ctx context.Context, svc *session.Service) error {
				_, err := svc.Act(ctx, session.ActRequest{Action: a, ID: 1, Force: true, Expect: session.Expectation{UserName: `contoso\ADMIN`}})
				return err
			}, want: done, why: "control: DOMAIN\\user in any case matches"},
			row{name: "ordinary session", do: act(a, "", 3, false), want: done, why: "control: another user's session is acted on"},
			row{name: "session 1 of a remote host", do: act(a, "SRV02", 1, false), want: done, why: "control: the caller's own session is on the local machine only"},
			row{name: "remote host by alias", do: act(a, "srv02.contoso.com", 5, false), want: done, why: "control: an alias reaches its host"},
			row{name: "own session forced", do: act(a, "sim01.contoso.com", 1, true), want: done, why: "force is the one explicit override"},
			row{name: "listener forced", do: act(a, "", 65537, true), want: done, why: "force is the one explicit override"},
			row{name: "high id on Linux", do: act(a, "", 70000, false), want: done, linuxIDs: true,
				why: "Linux ids are process ids: no listener range there"},
		)
	}
	rows = append(rows,
		row{name: "list with ids []", do: list(session.Query{IDs: []uint32{}}), want: rejected, field: "ids", why: "an empty filter is not 'all'"},
		row{name: "list with userNames []", do: list(session.Query{UserNames: []string{}}), want: rejected, field: "userNames", why: "an empty filter is not 'all'"},
		row{name: "list with states []", do: list(session.Query{States: []session.State{}}), want: rejected, field: "states", why: "an empty filter is not 'all'"},
		row{name: "list with computerNames []", do: list(session.Query{ComputerNames: []string{}}), want: rejected, field: "computerNames", why: "no hosts is not 'this host'"},
		row{name: "list with an empty user name", do: list(session.Query{UserNames: []string{""}}), want: rejected, field: "userNames", why: "an empty pattern matches nothing anyone meant"},
		row{name: "list with an empty computer name", do: list(session.Query{ComputerNames: []string{"SRV02", " "}}), want: rejected, field: "computerNames", why: "an empty name is not the local host"},
		row{name: "processes with ids []", do: func(ctx context.Context, svc *session.Service) error {
			_, err := svc.Processes(ctx, session.ProcessQuery{IDs: []uint32{}})
			return err
		}, want: rejected, field: "ids", why: "an empty filter is not 'all'"},
	)

	for _, tt := range rows {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, safetyFixture)
			rec.linuxIDs = tt.linuxIDs
			svc := session.NewService(rec)
			before := state(t, rec)
			err := tt.do(context.Background(), svc)
			after := state(t, rec)
			var got outcome
			switch {
			case err == nil:
				got = done
			case errors.Is(err, session.ErrInvalid):
				got = rejected
			case errors.Is(err, session.ErrRefused):
				got = refused
			case errors.Is(err, session.ErrNoSession):
				got = missing
			default:
				got = failed
			}
			if got != tt.want {
				t.Fatalf("outcome %d (err %v), want %d: %s", got, err, tt.want, tt.why)
			}
			if tt.want == done {
				return
			}
			if rec.actions() != 0 {
				t.Errorf("%d action calls reached the backend (%v): %s", rec.actions(), rec.calls, tt.why)
			}
			if tt.want == rejected && rec.all() != 0 {
				t.Errorf("a rejected request reached the backend: %v", rec.calls)
			}
			if before != after {
				t.Errorf("the sessions changed:\nbefore %s\nafter  %s", before, after)
			}
			var e *session.Error
			if tt.want == rejected && (!errors.As(err, &e) || e.Field != tt.field) {
				t.Errorf("error %v names field %q, want %q", err, e.Field, tt.field)
			}
		})
	}
}

// TestSafetyListsEachHostOnce: the same host named several ways is asked
// once and its sessions come once, under the first name given.
func TestSafetyListsEachHostOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		names []string
		want  string
	}{
		{[]string{"SIM01", "localhost", ".", "127.0.0.1", "sim01.contoso.com", "::1"}, "SIM01/0 SIM01/1 SIM01/3 SIM01/4 SIM01/65536 SIM01/65537 SIM01/70000"},
		{[]string{"SRV02", "srv02", "srv02.contoso.com", "10.0.0.2"}, "SRV02/1 SRV02/5"},
		{[]string{"localhost", "SRV02", "SIM01", "10.0.0.2"}, "SIM01/0 SIM01/1 SIM01/3 SIM01/4 SIM01/65536 SIM01/65537 SIM01/70000 SRV02/1 SRV02/5"},
	}
	for _, tt := range tests {
		rec := newRecorder(t, safetyFixture)
		ss, fails, err := session.NewService(rec).List(context.Background(), session.Query{ComputerNames: tt.names})
		if err != nil || len(fails) != 0 {
			t.Fatalf("List(%q) = %v, %v", tt.names, err, fails)
		}
		if got := ids(ss); got != tt.want {
			t.Errorf("List(%q) = %s, want %s", tt.names, got, tt.want)
		}
		if hosts := len(strings.Fields(tt.want)); rec.calls["Sessions"] > 2 || (hosts > 0 && rec.calls["Sessions"] == 0) {
			t.Errorf("List(%q) asked the backend %d times", tt.names, rec.calls["Sessions"])
		}
	}
}

// TestSafetyLocalNamesMarkCurrent: whatever the local machine is called,
// its listing marks the caller's own session as isCurrent.
func TestSafetyLocalNamesMarkCurrent(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", ".", "localhost", "sim01", "sim01.contoso.com", "127.0.0.1", "::1", "10.0.0.10"} {
		var names []string
		if name != "" {
			names = []string{name}
		}
		ss, _, err := session.NewService(newRecorder(t, safetyFixture)).List(context.Background(),
			session.Query{ComputerNames: names, IDs: []uint32{1}})
		if err != nil || len(ss) != 1 || !ss[0].IsCurrent || ss[0].ComputerName != "SIM01" {
			t.Errorf("List(%q, id 1) = %+v, %v: want SIM01's session 1, isCurrent", name, ss, err)
		}
	}
}

// TestSafetyErrorsNameTheAction: a logoff that fails on its lookup says
// it was a logoff.
func TestSafetyErrorsNameTheAction(t *testing.T) {
	t.Parallel()
	svc := session.NewService(newRecorder(t, safetyFixture))
	_, err := svc.Act(context.Background(), session.ActRequest{Action: session.ActionLogoff, ComputerName: "DEAD01", ID: 3})
	if err == nil || !strings.HasPrefix(err.Error(), "logoff: host unreachable (") || !strings.Contains(err.Error(), "DEAD01") {
		t.Errorf("err = %v, want it to start with \"logoff: host unreachable (\" and name DEAD01", err)
	}
}

// TestBlockedHosts: a call that does not return past its timeout costs the
// caller its timeout only; while it still runs, the next call to that
// host fails at once naming it and reaches no backend, and past
// MaxBlocked calls every call does. Once it returns, the host is asked
// again.
func TestBlockedHosts(t *testing.T) {
	t.Parallel()
	const fix = `{"computerName":"SIM01","elevated":true,"sessions":[{"id":3,"userName":"bob"}],
	 "hosts":{"HUNG":{"hangMs":1500,"sessions":[{"id":3,"userName":"bob"}]},"SRV02":{"sessions":[{"id":3,"userName":"bob"}]}}}`
	rec := newRecorder(t, fix)
	svc := session.NewService(rec)
	svc.Grace = 10 * time.Millisecond
	svc.MaxBlocked = 1
	ctx := context.Background()
	q := session.Query{ComputerNames: []string{"HUNG"}, Timeout: 50 * time.Millisecond}

	_, fails, _ := svc.List(ctx, q)
	if len(fails) != 1 || !errors.Is(fails[0].Err, session.ErrTimeout) {
		t.Fatalf("first listing of HUNG: failures %v, want one timeout", fails)
	}
	calls := rec.all()

	_, err := svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ComputerName: "hung", ID: 3, Timeout: 50 * time.Millisecond})
	var e *session.Error
	if !errors.As(err, &e) || !errors.Is(err, session.ErrTimeout) || !strings.Contains(e.Reason, "earlier list call") || e.Op != "logoff" {
		t.Errorf("logoff while the listing still hangs = %v, want a logoff timeout naming the earlier list call", err)
	}
	_, fails, _ = svc.List(ctx, session.Query{ComputerNames: []string{"SRV02"}})
	if len(fails) != 1 || !strings.Contains(fails[0].Err.Error(), "calls to unresponsive hosts have not returned") {
		t.Errorf("listing SRV02 past MaxBlocked: failures %v, want it refused at once", fails)
	}
	if rec.all() != calls {
		t.Errorf("calls refused for a hung host reached the backend: %v", rec.calls)
	}
	if rec.actions() != 0 {
		t.Errorf("a logoff reached the backend: %v", rec.calls)
	}

	deadline := time.Now().Add(10 * time.Second)
	for {
		ss, fails, _ := svc.List(ctx, session.Query{ComputerNames: []string{"SRV02"}})
		if len(fails) == 0 && len(ss) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("SRV02 is still refused after the hung call returned: %v", fails)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// auditLog collects the records of a Service.
type auditLog struct {
	mu   sync.Mutex
	recs []session.AuditRecord
}

func (a *auditLog) Audit(_ context.Context, r session.AuditRecord) session.AuditOutcome {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.recs = append(a.recs, r)
	return session.AuditOutcome{}
}

// TestAuditTrail: every action sent leaves a record of intent before it is
// sent and one of its result after; one refused or failed before it was
// sent leaves the result only. Each has its target's user, the reason and
// the actor; listings leave none.
func TestAuditTrail(t *testing.T) {
	t.Parallel()
	log := &auditLog{}
	svc := session.NewService(newRecorder(t, safetyFixture))
	svc.Audit = log
	ctx := context.Background()
	_, _, _ = svc.List(ctx, session.Query{})
	_, _ = svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ID: 3, Wait: true, Reason: "stale"})
	_, _ = svc.Act(ctx, session.ActRequest{Action: session.ActionDisconnect, ID: 1})
	_, _ = svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ComputerName: "DEAD01", ID: 3})
	_, _ = svc.Message(ctx, session.MessageRequest{ComputerName: "SRV02", ID: 5, Message: session.Message{Text: "hi"}})
	_, _ = svc.Message(ctx, session.MessageRequest{ID: 4, Message: session.Message{Text: "hi", Wait: true}, Reason: "ask"})
	want := []string{"logoff SIM01/3 bob stale intent", "logoff SIM01/3 bob stale completed", "disconnect SIM01/1 admin  refused",
		"logoff DEAD01/3   failed", "message SRV02/5 erin  intent", "message SRV02/5 erin  requested",
		"message SIM01/4 carol ask intent", "message SIM01/4 carol ask completed"}
	var got []string
	for _, r := range log.recs {
		got = append(got, fmt.Sprintf("%s %s/%d %s %s %s", r.Action, r.ComputerName, r.SessionID, r.UserName, r.Reason, r.Result))
		if r.Actor.PID == 0 || r.Actor.User == "" || r.Time.IsZero() {
			t.Errorf("record %+v lacks its actor or time", r)
		}
		if (r.Result == session.AuditRefused || r.Result == session.AuditFailed) != (r.Err != nil) {
			t.Errorf("record %+v: an error goes with refused and failed only", r)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// refusingAudit is an Auditor whose sink that must record fails, and one
// best-effort sink that fails too when bestEffort is set.
type refusingAudit struct {
	auditLog
	required, bestEffort bool
}

func (a *refusingAudit) Audit(ctx context.Context, r session.AuditRecord) session.AuditOutcome {
	a.auditLog.Audit(ctx, r)
	var out session.AuditOutcome
	if a.bestEffort {
		out.Unrecorded = append(out.Unrecorded, "syslog: no such file")
	}
	if a.required {
		out.Err = errors.New("file audit.jsonl: read-only file system")
		out.Unrecorded = append(out.Unrecorded, out.Err.Error())
	}
	return out
}

// TestAuditFirst: when a sink that must record cannot write the record of
// intent, nothing reaches the backend and the answer is ErrAuditFailed,
// not a refusal for safety; when only best-effort sinks fail, the action
// goes ahead and its result names them.
func TestAuditFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := newRecorder(t, safetyFixture)
	svc := session.NewService(rec)
	a := &refusingAudit{required: true, bestEffort: true}
	svc.Audit = a
	_, err := svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ID: 3, Wait: true})
	if !errors.Is(err, session.ErrAuditFailed) || errors.Is(err, session.ErrRefused) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("logoff with an audit file that cannot be written = %v, want ErrAuditFailed naming the cause", err)
	}
	_, err = svc.Message(ctx, session.MessageRequest{ID: 4, Message: session.Message{Text: "hi"}})
	if !errors.Is(err, session.ErrAuditFailed) {
		t.Errorf("message with an audit file that cannot be written = %v, want ErrAuditFailed", err)
	}
	if n := rec.actions(); n != 0 {
		t.Errorf("%d actions reached the backend with no record of intent: %v", n, rec.calls)
	}
	var results []string
	for _, r := range a.recs {
		results = append(results, r.Result)
	}
	if got := strings.Join(results, " "); got != "intent failed intent failed" {
		t.Errorf("records %s, want intent then failed for each", got)
	}

	svc.Audit = &refusingAudit{bestEffort: true}
	res, err := svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ID: 3, Wait: true})
	if err != nil || !res.Completed {
		t.Fatalf("logoff with only the system log failing = %+v, %v; want it done", res, err)
	}
	if len(res.AuditFailures) != 2 || !strings.Contains(res.AuditFailures[0], "syslog") {
		t.Errorf("AuditFailures = %q, want the system log's failure for the intent and the result", res.AuditFailures)
	}
	if rec.actions() != 1 {
		t.Errorf("actions %v, want the one logoff", rec.calls)
	}
}

// TestResolve groups names as List asks them, so a client that asks host
// by host asks each once.
func TestResolve(t *testing.T) {
	t.Parallel()
	svc := session.NewService(newRecorder(t, safetyFixture))
	hosts, err := svc.Resolve(context.Background(), []string{"SRV02", "localhost", "10.0.0.2", "sim01.contoso.com", "DEAD01", "srv02.contoso.com", "."})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hosts {
		got = append(got, fmt.Sprintf("%s%v local=%v", h.ComputerName, h.Names, h.Local))
	}
	want := "SRV02[SRV02 10.0.0.2 srv02.contoso.com] local=false|localhost[localhost sim01.contoso.com .] local=true|DEAD01[DEAD01] local=false"
	if strings.Join(got, "|") != want {
		t.Errorf("Resolve = %s\nwant      %s", strings.Join(got, "|"), want)
	}
	if _, err := svc.Resolve(context.Background(), nil); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("Resolve(nil) = %v, want ErrInvalid", err)
	}
}
