package simulate

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

const fixture = `{"computerName":"SIM01","currentSessionId":1,"now":"2026-11-24T10:00:00Z",
 "sessions":[
  {"id":1,"sessionName":"Console","userName":"admin","state":"Active","lastInputTime":"2026-11-24T09:58:00Z"},
  {"id":2,"userName":"admin","state":"Disconnected","disconnectTime":"2026-11-24T09:00:00Z"},
  {"id":3,"userName":"bob","state":"Active","clientName":"PC","clientAddress":"10.0.0.3","messageResponse":"cancel",
   "processes":[{"processId":30,"name":"a.exe"},{"processId":31,"name":"b.exe"}]},
  {"id":4,"userName":"carol","processes":[{"processId":40,"name":"c.exe"}]}],
 "hosts":{"FAR":{"latencyMs":30000,"sessions":[{"id":9}]},"DEAD":{"unreachable":true},"NO":{"accessDenied":true}}}`

func load(t *testing.T, elevated bool) *Backend {
	t.Helper()
	fix := fixture
	if elevated {
		fix = strings.Replace(fix, `"currentSessionId":1,`, `"currentSessionId":1,"elevated":true,`, 1)
	}
	b, err := Parse([]byte(fix))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, fixture, want string }{
		{"unknown field", `{"sesions":[]}`, "sesions"},
		{"duplicate id", `{"sessions":[{"id":1},{"id":1}]}`, "twice"},
		{"bad state", `{"sessions":[{"id":1,"state":"Asleep"}]}`, "Asleep"},
		{"bad time", `{"now":"yesterday"}`, "yesterday"},
		{"null host", `{"hosts":{"X":null}}`, "null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.fixture))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%s) = %v, want an error naming %q", tt.fixture, err, tt.want)
			}
		})
	}
}

func TestSessions(t *testing.T) {
	t.Parallel()
	ss, err := load(t, true).Sessions(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 4 {
		t.Fatalf("%d sessions, want 4", len(ss))
	}
	tests := []struct {
		name    string
		got     any
		want    any
		comment string
	}{
		{"computer name", ss[0].ComputerName, "SIM01", ""},
		{"current", ss[0].IsCurrent, true, "currentSessionId"},
		{"console", ss[0].IsConsole, true, "sessionName Console"},
		{"idle since input", *ss[0].IdleSeconds, int64(120), "now minus lastInputTime"},
		{"idle since disconnect", *ss[1].IdleSeconds, int64(3600), "now minus disconnectTime"},
		{"idle unknown", ss[2].IdleSeconds == nil, true, "no lastInputTime"},
		{"default state", ss[3].State, session.StateActive, ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v %s", tt.name, tt.got, tt.want, tt.comment)
		}
	}
}

func TestLogoffRemovesSessionAndProcesses(t *testing.T) {
	t.Parallel()
	b := load(t, true)
	ctx := context.Background()
	done, err := b.Logoff(ctx, "", 3, false)
	if err != nil || !done {
		t.Fatalf("Logoff = %v, %v", done, err)
	}
	ss, _ := b.Sessions(ctx, "")
	for _, s := range ss {
		if s.ID == 3 {
			t.Error("session 3 is still listed")
		}
	}
	ps, _ := b.Processes(ctx, "")
	if len(ps) != 1 || ps[0].ProcessID != 40 || ps[0].SessionID != 4 || ps[0].ComputerName != "SIM01" {
		t.Errorf("processes after logoff = %+v, want only carol's c.exe", ps)
	}
	if _, err := b.Logoff(ctx, "", 3, false); !errors.Is(err, session.ErrNoSession) {
		t.Errorf("second logoff = %v, want ErrNoSession", err)
	}
}

func TestDisconnect(t *testing.T) {
	t.Parallel()
	b := load(t, true)
	ctx := context.Background()
	if _, err := b.Disconnect(ctx, "", 3, true); err != nil {
		t.Fatal(err)
	}
	ss, _ := b.Sessions(ctx, "")
	s := ss[2]
	if s.State != session.StateDisconnected || s.DisconnectTime == nil || !s.DisconnectTime.Equal(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)) || s.ClientName != "" {
		t.Errorf("after disconnect: %+v, want Disconnected at now with no client", s)
	}
}

func TestMessageResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		id   uint32
		m    session.Message
		want session.Response
	}{
		{"set response", 3, session.Message{Wait: true, Buttons: session.ButtonsOKCancel}, session.ResponseCancel},
		{"no wait", 3, session.Message{Buttons: session.ButtonsOKCancel}, session.ResponseAsync},
		{"default ok", 4, session.Message{Wait: true, Buttons: session.ButtonsOK}, session.ResponseOK},
		{"default yes", 4, session.Message{Wait: true, Buttons: session.ButtonsYesNo}, session.ResponseYes},
		{"timeout", 4, session.Message{Wait: true, Timeout: time.Second}, session.ResponseTimeout},
	}
	for _, tt := range tests {
		got, err := load(t, true).Message(context.Background(), "", tt.id, tt.m)
		if err != nil || got != tt.want {
			t.Errorf("%s: Message = %q, %v, want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	tests := []struct {
		name string
		run  func(b *Backend) error
		want error
	}{
		{"unknown host", func(b *Backend) error { _, err := b.Sessions(ctx, "NOWHERE"); return err }, session.ErrUnreachable},
		{"unreachable", func(b *Backend) error { _, err := b.Sessions(ctx, "dead"); return err }, session.ErrUnreachable},
		{"access denied host", func(b *Backend) error { _, err := b.Processes(ctx, "NO"); return err }, session.ErrAccessDenied},
		{"latency beyond deadline", func(b *Backend) error { _, err := b.Sessions(ctx, "FAR"); return err }, session.ErrTimeout},
		{"not elevated, other user", func(b *Backend) error { _, err := b.Logoff(context.Background(), "", 3, false); return err }, session.ErrAccessDenied},
		{"not elevated, own user", func(b *Backend) error { _, err := b.Logoff(context.Background(), "", 2, false); return err }, nil},
		{"message to missing session", func(b *Backend) error {
			_, err := b.Message(context.Background(), "", 77, session.Message{})
			return err
		}, session.ErrNoSession},
	}
	for _, tt := range tests {
		err := tt.run(load(t, false))
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}
