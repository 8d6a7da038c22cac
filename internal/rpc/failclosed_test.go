package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

// recorder is a simulator that notes every action that reaches it.
type recorder struct {
	*simulate.Backend
	mu   sync.Mutex
	acts []string // "logoff HOST ID", HOST "" for the local machine
}

func (r *recorder) note(action, host string, id uint32) {
	r.mu.Lock()
	r.acts = append(r.acts, fmt.Sprintf("%s %s %d", action, host, id))
	r.mu.Unlock()
}

func (r *recorder) Logoff(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	r.note("logoff", host, id)
	return r.Backend.Logoff(ctx, host, id, wait)
}

func (r *recorder) Disconnect(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	r.note("disconnect", host, id)
	return r.Backend.Disconnect(ctx, host, id, wait)
}

func (r *recorder) Message(ctx context.Context, host string, id uint32, m session.Message) (session.Response, error) {
	r.note("message", host, id)
	return r.Backend.Message(ctx, host, id, m)
}

func (r *recorder) done() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.acts)
}

// syncBuffer is a bytes.Buffer for a log written from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestFailClosedOnTheWire: a request or params that say a thing twice, a
// target given as null, empty or blank, and an action sent as a
// notification reach no backend; each is answered with an error naming
// the member (or, for a notification, logged as refused).
func TestFailClosedOnTheWire(t *testing.T) {
	t.Parallel()
	req := func(id, method, params string) string {
		return `{"jsonrpc":"2.0","id":` + id + `,"method":"` + method + `","params":` + params + `}`
	}
	msg := func(extra string) string { return `{"id":3,"title":"t","text":"x"` + extra + `}` }
	type tc struct {
		name, line string
		code       int64  // of the answer to id 1; 0 for none expected
		field      string // data.field of the error
		acts       []string
		log        string // in the server's log
		nullCodes  []int64
	}
	tests := []tc{
		{name: "control: a valid logoff acts", line: req("1", "session.logoff", `{"id":3}`), acts: []string{"logoff  3"}},
		{name: "params id twice", line: req("1", "session.logoff", `{"id":3,"id":2}`), code: -32602, field: "id"},
		{name: "params id twice, once escaped", line: req("1", "session.logoff", `{"id":3,"\u0069d":2}`), code: -32602, field: "id"},
		{name: "params force twice", line: req("1", "session.logoff", `{"id":1,"force":false,"force":true}`), code: -32602, field: "force"},
		{name: "params computerName twice", line: req("1", "session.disconnect", `{"id":5,"computerName":"SRV02","computerName":"."}`), code: -32602, field: "computerName"},
		{name: "request method twice", line: `{"jsonrpc":"2.0","id":1,"method":"session.list","method":"session.logoff","params":{"id":3}}`, code: -32600},
		{name: "request params twice", line: `{"jsonrpc":"2.0","id":1,"method":"session.logoff","params":{"id":2},"params":{"id":3}}`, code: -32600},
		{name: "request id twice", line: `{"jsonrpc":"2.0","id":1,"id":2,"method":"session.logoff","params":{"id":3}}`, nullCodes: []int64{-32600}},
		{name: "expectedUserName empty", line: req("1", "session.logoff", `{"id":3,"expectedUserName":""}`), code: -32602, field: "expectedUserName"},
		{name: "expectedLogonTime not a time", line: req("1", "session.logoff", `{"id":3,"expectedLogonTime":"yesterday"}`), code: -32602, field: "expectedLogonTime"},
		{name: "expectedLogonTime null", line: req("1", "session.logoff", `{"id":3,"expectedLogonTime":null}`), code: -32602, field: "expectedLogonTime"},
		{name: "caller null", line: req("1", "session.logoff", `{"id":3,"caller":null}`), code: -32602, field: "caller"},
		{name: "caller userName blank", line: req("1", "session.logoff", `{"id":3,"caller":{"userName":" ","computerName":"WS1"}}`), code: -32602, field: "caller"},
		{name: "caller computerName missing", line: req("1", "session.disconnect", `{"id":3,"caller":{"userName":"adm"}}`), code: -32602, field: "caller"},
		{name: "message caller computerName empty", line: req("1", "session.message", `{"id":3,"text":"t","title":"t","caller":{"userName":"adm","computerName":""}}`), code: -32602, field: "caller"},
		{name: "control: a claimed caller elsewhere lifts nothing and acts", line: req("1", "session.logoff", `{"id":3,"caller":{"userName":"adm","computerName":"WS1","sessionId":3}}`), acts: []string{"logoff  3"}},
		{name: "reclaim caller null", line: req("1", "session.reclaim", `{"disconnectedForSeconds":1,"caller":null}`), code: -32602, field: "caller"},
		{name: "reclaim caller userName blank", line: req("1", "session.reclaim", `{"disconnectedForSeconds":1,"caller":{"userName":"","computerName":"WS1"}}`), code: -32602, field: "caller"},
		{name: "control: a reclaim acts on the disconnected session", line: req("1", "session.reclaim", `{"disconnectedForSeconds":1}`), acts: []string{"logoff  2"}},
		{name: "reclaim never chooses the session a caller claims on this host", line: req("1", "session.reclaim", `{"disconnectedForSeconds":1,"caller":{"userName":"adm","computerName":"sim01","sessionId":2}}`)},
		{name: "control: a reclaim caller claimed elsewhere lifts nothing and acts", line: req("1", "session.reclaim", `{"disconnectedForSeconds":1,"caller":{"userName":"adm","computerName":"WS1","sessionId":2}}`), acts: []string{"logoff  2"}},
		{name: "list computerNames null", line: req("1", "session.list", `{"computerNames":null}`), code: -32602, field: "computerNames"},
		{name: "list userNames blank", line: req("1", "session.list", `{"userNames":["  "]}`), code: -32602, field: "userNames"},
		{name: "processes ids null", line: req("1", "session.processes", `{"ids":null}`), code: -32602, field: "ids"},
		{name: "notification logoff", line: `{"jsonrpc":"2.0","method":"session.logoff","params":{"id":3}}`, log: "refused: session.logoff sent as a notification"},
		{name: "notification disconnect, escaped name", line: `{"jsonrpc":"2.0","method":"session.disconnec\u0074","params":{"id":3}}`, log: "refused: session.disconnect sent as a notification"},
		{name: "notification message", line: `{"jsonrpc":"2.0","method":"session.message","params":` + msg("") + `}`, log: "refused: session.message sent as a notification"},
		{name: "notification logoff in a batch", line: `[{"jsonrpc":"2.0","method":"session.logoff","params":{"id":3}},` + req("1", "session.list", `{}`) + `]`, log: "refused: session.logoff"},
	}
	for _, method := range []string{"session.logoff", "session.disconnect", "session.message", "session.processes"} {
		for _, v := range []string{`""`, `"   "`, `null`, `"\t"`} {
			p := `{"id":3,"computerName":` + v + `}`
			switch method {
			case "session.message":
				p = msg(`,"computerName":` + v)
			case "session.processes":
				p = `{"computerName":` + v + `}`
			}
			tests = append(tests, tc{name: method + " computerName " + v, line: req("1", method, p), code: -32602, field: "computerName"})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim, err := simulate.Load("testdata/fixture.json")
			if err != nil {
				t.Fatal(err)
			}
			rec := &recorder{Backend: sim}
			var logged syncBuffer
			srv := NewServer(rec, Options{Log: log.New(&logged, "", 0)})
			var out bytes.Buffer
			if err := srv.Serve(context.Background(), strings.NewReader(tt.line+"\n"), &out); err != nil {
				t.Fatalf("Serve: %v", err)
			}
			if got := rec.done(); !slices.Equal(got, tt.acts) {
				t.Errorf("actions %q, want %q", got, tt.acts)
			}
			if !strings.Contains(logged.String(), tt.log) {
				t.Errorf("log %q, want it to say %q", logged.String(), tt.log)
			}
			var answer *reply
			var nullCodes []int64
			for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				if line == "" {
					continue
				}
				for _, r := range parseLine(t, line) {
					switch string(r.ID) {
					case "1":
						answer = &r
					case "null":
						nullCodes = append(nullCodes, r.code())
					default:
						t.Errorf("unexpected response %s", line)
					}
				}
			}
			if !slices.Equal(nullCodes, tt.nullCodes) {
				t.Errorf("answers with a null id: codes %v, want %v", nullCodes, tt.nullCodes)
			}
			if tt.code == 0 {
				if answer != nil && answer.code() != 0 {
					t.Errorf("answer %+v, want a result", answer.Error)
				}
				return
			}
			if answer == nil || answer.code() != tt.code {
				t.Fatalf("output %s, want error %d for id 1", out.String(), tt.code)
			}
			var data struct {
				Field string `json:"field"`
			}
			_ = json.Unmarshal(answer.Error.Data, &data)
			if data.Field != tt.field {
				t.Errorf("data.field %q, want %q (%s)", data.Field, tt.field, answer.Error.Message)
			}
		})
	}
}
