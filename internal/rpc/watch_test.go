package rpc

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

// watchConn is a connection to Serve over pipes, as the module holds one.
type watchConn struct {
	in     *io.PipeWriter
	served <-chan error
	lines  chan string
	t      *testing.T
}

// startWatchConn serves b over pipes until the test closes w.in.
func startWatchConn(t *testing.T, b session.Backend) *watchConn {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	served := make(chan error, 1)
	go func() { served <- NewServer(b, Options{}).Serve(context.Background(), inR, outW); outW.Close() }()
	w := &watchConn{in: inW, served: served, lines: make(chan string, 100), t: t}
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			w.lines <- sc.Text()
		}
		close(w.lines)
	}()
	return w
}

// next returns the next message the server wrote, failing the test when
// none comes within 10 s.
func (w *watchConn) next() map[string]any {
	w.t.Helper()
	select {
	case l, ok := <-w.lines:
		if !ok {
			w.t.Fatal("output ended")
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			w.t.Fatalf("%s: %v", l, err)
		}
		return m
	case <-time.After(10 * time.Second):
		w.t.Fatal("no message within 10 s")
	}
	return nil
}

// send writes one request line.
func (w *watchConn) send(line string) {
	w.t.Helper()
	if _, err := io.WriteString(w.in, line+"\n"); err != nil {
		w.t.Fatal(err)
	}
}

// TestWatchNotifications: session.watch answers its watchId first, then
// each change of the simulator's timeline arrives as a session.event
// notification without id; session.unwatch stops them, and end of input
// ends the rest.
func TestWatchNotifications(t *testing.T) {
	t.Parallel()
	b, err := simulate.Parse([]byte(`{"computerName":"SIM01","elevated":true,
	 "sessions":[{"id":3,"userName":"bob","domain":"CONTOSO","state":"Active"}],
	 "timeline":[{"afterMs":100,"event":"disconnect","id":3},{"afterMs":200,"event":"logoff","id":3}]}`))
	if err != nil {
		t.Fatal(err)
	}
	w := startWatchConn(t, b)
	next, send := w.next, w.send
	send(`{"jsonrpc":"2.0","id":1,"method":"session.watch","params":{"intervalSeconds":0.05}}`)
	first := next()
	if first["id"] != float64(1) || first["result"].(map[string]any)["watchId"] == "" {
		t.Fatalf("first message %v, want the watchId", first)
	}
	watchID := first["result"].(map[string]any)["watchId"].(string)
	var kinds []string
	for len(kinds) < 2 {
		m := next()
		if _, hasID := m["id"]; hasID || m["method"] != "session.event" {
			t.Fatalf("message %v, want a session.event notification", m)
		}
		p := m["params"].(map[string]any)
		if p["watchId"] != watchID || p["computerName"] != "SIM01" || p["id"] != float64(3) || p["userName"] != "bob" {
			t.Errorf("event %v", p)
		}
		kinds = append(kinds, p["event"].(string))
		if p["event"] == "logoff" && p["session"] != nil {
			t.Errorf("logoff carries a session: %v", p)
		}
	}
	if strings.Join(kinds, " ") != "disconnect logoff" {
		t.Errorf("events %v, want disconnect then logoff", kinds)
	}
	send(`{"jsonrpc":"2.0","id":2,"method":"session.unwatch","params":{"watchId":"` + watchID + `"}}`)
	if m := next(); m["id"] != float64(2) || m["error"] != nil {
		t.Errorf("unwatch: %v", m)
	}
	send(`{"jsonrpc":"2.0","id":3,"method":"session.unwatch","params":{"watchId":"` + watchID + `"}}`)
	if m := next(); m["error"].(map[string]any)["code"] != float64(-32602) {
		t.Errorf("second unwatch: %v, want -32602", m)
	}
	send(`{"jsonrpc":"2.0","id":4,"method":"session.event","params":{}}`)
	if m := next(); m["error"].(map[string]any)["code"] != float64(-32601) {
		t.Errorf("calling the notification: %v, want -32601", m)
	}
	send(`{"jsonrpc":"2.0","id":5,"method":"session.watch","params":{"events":[]}}`)
	if m := next(); m["error"].(map[string]any)["code"] != float64(-32602) {
		t.Errorf("watch with events []: %v, want -32602", m)
	}
	send(`{"jsonrpc":"2.0","id":6,"method":"session.watch"}`)
	if m := next(); m["result"] == nil {
		t.Errorf("second watch: %v", m)
	}
	w.in.Close()
	select {
	case err := <-w.served:
		if err != nil {
			t.Errorf("Serve = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return at end of input with a watch running")
	}
}

// TestWatchNeedsAConnection: the one-shot Call has no connection to send
// events on.
func TestWatchNeedsAConnection(t *testing.T) {
	t.Parallel()
	_, errObj := newServer(t).Call(context.Background(), "session.watch", json.RawMessage(`{}`))
	if !strings.Contains(string(errObj), "-32602") || !strings.Contains(string(errObj), "usersession watch") {
		t.Errorf("Call(session.watch) = %s, want -32602 pointing to usersession watch", errObj)
	}
}

// slowList is a fixture whose listings take delay, as a remote host does.
type slowList struct {
	*simulate.Backend
	delay time.Duration
}

func (b slowList) Sessions(ctx context.Context, host string) ([]session.Session, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(b.delay):
	}
	return b.Backend.Sessions(ctx, host)
}

// TestWatchBaselineBeforeTheAnswer: a sign-out the client asks for once it
// has the watchId is an event, even when the first listing is slow: the
// answer waits for that listing, the baseline.
func TestWatchBaselineBeforeTheAnswer(t *testing.T) {
	t.Parallel()
	sim, err := simulate.Parse([]byte(`{"computerName":"SIM01","elevated":true,
	 "sessions":[{"id":3,"userName":"bob","domain":"CONTOSO","state":"Active"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	w := startWatchConn(t, slowList{Backend: sim, delay: 300 * time.Millisecond})
	defer w.in.Close()
	w.send(`{"jsonrpc":"2.0","id":1,"method":"session.watch","params":{"intervalSeconds":0.05}}`)
	if m := w.next(); m["id"] != float64(1) || m["result"] == nil {
		t.Fatalf("first message %v, want the watchId", m)
	}
	w.send(`{"jsonrpc":"2.0","id":2,"method":"session.logoff","params":{"id":3}}`)
	for {
		m := w.next() // fails the test when no event comes
		if m["id"] == float64(2) {
			if m["error"] != nil {
				t.Fatalf("logoff: %v", m)
			}
			continue
		}
		if p, _ := m["params"].(map[string]any); m["method"] == "session.event" && p["event"] == "logoff" && p["id"] == float64(3) {
			return
		}
		t.Fatalf("message %v, want the logoff of session 3", m)
	}
}
