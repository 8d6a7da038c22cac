package rpc

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session/simulate"
)

// TestWatchNotifications: session.watch answers its watchId first, then
// each change of the simulator's timeline arrives as a session.event
// notification without id; session.unwatch stops them, and end of input
// ends the rest.
func TestWatchNotifications(t *testing.T) {
	b, err := simulate.Parse([]byte(`{"computerName":"SIM01","elevated":true,
	 "sessions":[{"id":3,"userName":"bob","domain":"CONTOSO","state":"Active"}],
	 "timeline":[{"afterMs":100,"event":"disconnect","id":3},{"afterMs":200,"event":"logoff","id":3}]}`))
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(b, Options{})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background(), inR, outW); outW.Close() }()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	next := func() map[string]any {
		t.Helper()
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("output ended")
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			return m
		case <-time.After(10 * time.Second):
			t.Fatal("no message within 10 s")
		}
		return nil
	}
	send := func(line string) {
		t.Helper()
		if _, err := io.WriteString(inW, line+"\n"); err != nil {
			t.Fatal(err)
		}
	}
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
	inW.Close()
	select {
	case err := <-served:
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
	_, errObj := newServer(t).Call(context.Background(), "session.watch", json.RawMessage(`{}`))
	if !strings.Contains(string(errObj), "-32602") || !strings.Contains(string(errObj), "usersession watch") {
		t.Errorf("Call(session.watch) = %s, want -32602 pointing to usersession watch", errObj)
	}
}
