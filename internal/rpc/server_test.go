package rpc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/audit"
	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/session/simulate"
)

// newServer returns a Server over the test fixture.
func newServer(t testing.TB) *Server {
	t.Helper()
	b, err := simulate.Load("testdata/fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	return NewServer(b, Options{})
}

// serveAll feeds input to a fresh server until end of input and returns
// the lines it wrote. Serve must return nil: every request was answered.
func serveAll(t testing.TB, input string) []string {
	t.Helper()
	var out bytes.Buffer
	if err := newServer(t).Serve(context.Background(), strings.NewReader(input), &out); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	var lines []string
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}

// reply is one response as a test sees it.
type reply struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int64           `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	} `json:"error"`
	JSONRPC string `json:"jsonrpc"`
}

func (r reply) code() int64 {
	if r.Error != nil {
		return r.Error.Code
	}
	return 0
}

// parseLine decodes one output line, which may be a batch.
func parseLine(t testing.TB, line string) []reply {
	t.Helper()
	for i := 0; i < len(line); i++ {
		if line[i] >= 0x80 {
			t.Fatalf("output is not ASCII at byte %d: %q", i, line)
		}
	}
	if strings.HasPrefix(line, "[") {
		var rs []reply
		if err := json.Unmarshal([]byte(line), &rs); err != nil {
			t.Fatalf("bad batch response %q: %v", line, err)
		}
		return rs
	}
	var r reply
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatalf("bad response %q: %v", line, err)
	}
	if r.JSONRPC != "2.0" {
		t.Fatalf("response without jsonrpc 2.0: %q", line)
	}
	if (r.Result == nil) == (r.Error == nil) {
		t.Fatalf("response must have exactly one of result and error: %q", line)
	}
	return []reply{r}
}

// want is an expected response: its id as JSON and its error code (0 for
// a result). batch marks a response that must arrive inside an array.
type want struct {
	id    string
	code  int64
	batch int // index of the array line it belongs to, -1 for a plain line
}

const probe = `{"jsonrpc":"2.0","id":"probe","method":"server.info"}`

// TestConformance feeds each malformed input followed by a valid request,
// which must still be answered: one bad line never ends the connection.
func TestConformance(t *testing.T) {
	t.Parallel()
	big := `{"jsonrpc":"2.0","id":9,"method":"server.info","params":{"x":"` + strings.Repeat("a", 2<<20) + `"}}`
	tests := []struct {
		name   string
		input  string
		want   []want // responses before the probe's, in order of lines
		reason string
	}{
		{"invalid JSON", `{"jsonrpc":"2.0",`, []want{{"null", -32700, -1}}, "unparsable input is a parse error with a null id"},
		{"garbage", `hello`, []want{{"null", -32700, -1}}, ""},
		{"BOM at start of stream", "\xEF\xBB\xBF" + `{"jsonrpc":"2.0","id":1,"method":"server.info"}`, []want{{"1", 0, -1}}, "Windows PowerShell 5.1 writes a BOM into a child's stdin"},
		{"BOM at start of a line", `{"jsonrpc":"2.0","id":1,"method":"server.info"}` + "\n\xEF\xBB\xBF" + `{"jsonrpc":"2.0","id":2,"method":"server.info"}`, []want{{"1", 0, -1}, {"2", 0, -1}}, ""},
		{"empty line", "", nil, "blank lines carry no message"},
		{"blank line", " \t ", nil, ""},
		{"CRLF", `{"jsonrpc":"2.0","id":1,"method":"server.info"}` + "\r", []want{{"1", 0, -1}}, ""},
		{"batch", `[{"jsonrpc":"2.0","id":1,"method":"server.info"},{"jsonrpc":"2.0","id":2,"method":"session.list"}]`, []want{{"1", 0, 0}, {"2", 0, 0}}, "a batch is answered with an array"},
		{"batch with invalid member", `[1,{"jsonrpc":"2.0","id":2,"method":"server.info"}]`, []want{{"null", -32600, 0}, {"2", 0, 0}}, ""},
		{"batch of notifications", `[{"jsonrpc":"2.0","method":"server.info"}]`, nil, "nothing to answer"},
		{"empty batch", `[]`, []want{{"null", -32600, -1}}, ""},
		{"string id", `{"jsonrpc":"2.0","id":"abc","method":"server.info"}`, []want{{`"abc"`, 0, -1}}, ""},
		{"non-ASCII string id", `{"jsonrpc":"2.0","id":"j\u00f6rg","method":"server.info"}`, []want{{`"jörg"`, 0, -1}}, "echoed, escaped"},
		{"number id", `{"jsonrpc":"2.0","id":7,"method":"server.info"}`, []want{{"7", 0, -1}}, ""},
		{"null id", `{"jsonrpc":"2.0","id":null,"method":"server.info"}`, []want{{"null", 0, -1}}, "a request with a null id is still answered"},
		{"fractional id", `{"jsonrpc":"2.0","id":1.5,"method":"server.info"}`, []want{{"1.5", 0, -1}}, "the library cannot hold it; the stream can"},
		{"negative id", `{"jsonrpc":"2.0","id":-3,"method":"server.info"}`, []want{{"-3", 0, -1}}, ""},
		{"huge id", `{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"server.info"}`, []want{{"123456789012345678901234567890", 0, -1}}, "echoed digit for digit"},
		{"object id", `{"jsonrpc":"2.0","id":{"a":1},"method":"server.info"}`, []want{{"null", -32600, -1}}, ""},
		{"notification", `{"jsonrpc":"2.0","method":"server.info"}`, nil, "no response to a notification"},
		{"missing method", `{"jsonrpc":"2.0","id":4}`, []want{{"4", -32600, -1}}, ""},
		{"method not a string", `{"jsonrpc":"2.0","id":4,"method":5}`, []want{{"4", -32600, -1}}, ""},
		{"wrong jsonrpc", `{"jsonrpc":"1.0","id":5,"method":"server.info"}`, []want{{"5", -32600, -1}}, ""},
		{"missing jsonrpc", `{"id":5,"method":"server.info"}`, []want{{"5", -32600, -1}}, ""},
		{"not an object", `42`, []want{{"null", -32600, -1}}, ""},
		{"a response", `{"jsonrpc":"2.0","id":1,"result":1}`, []want{{"1", -32600, -1}}, "the server takes requests only"},
		{"unknown method", `{"jsonrpc":"2.0","id":6,"method":"session.nope"}`, []want{{"6", -32601, -1}}, ""},
		{"params of wrong type", `{"jsonrpc":"2.0","id":7,"method":"session.logoff","params":{"id":"x"}}`, []want{{"7", -32602, -1}}, ""},
		{"params array", `{"jsonrpc":"2.0","id":7,"method":"session.list","params":[1]}`, []want{{"7", -32602, -1}}, "named params only"},
		{"params scalar", `{"jsonrpc":"2.0","id":7,"method":"session.list","params":5}`, []want{{"7", -32600, -1}}, ""},
		{"unknown param", `{"jsonrpc":"2.0","id":7,"method":"session.list","params":{"userName":["x"]}}`, []want{{"7", -32602, -1}}, "a misspelt filter must not widen the selection"},
		{"param case", `{"jsonrpc":"2.0","id":7,"method":"session.logoff","params":{"ID":3,"force":true}}`, []want{{"7", -32602, -1}}, "names match exactly"},
		{"missing id param", `{"jsonrpc":"2.0","id":7,"method":"session.logoff","params":{"force":true}}`, []want{{"7", -32602, -1}}, "a missing id must never mean session 0"},
		{"null id param", `{"jsonrpc":"2.0","id":7,"method":"session.logoff","params":{"id":null,"force":true}}`, []want{{"7", -32602, -1}}, ""},
		{"negative session id", `{"jsonrpc":"2.0","id":7,"method":"session.logoff","params":{"id":-1}}`, []want{{"7", -32602, -1}}, ""},
		{"bad state", `{"jsonrpc":"2.0","id":7,"method":"session.list","params":{"states":["Sleeping"]}}`, []want{{"7", -32602, -1}}, ""},
		{"bad buttons", `{"jsonrpc":"2.0","id":7,"method":"session.message","params":{"id":3,"title":"t","text":"x","buttons":"abort"}}`, []want{{"7", -32602, -1}}, ""},
		{"2 MiB line", big, []want{{"null", -32600, -1}}, "over the 1 MiB limit; the next line is read normally"},
		{"invalid UTF-8", "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"session.list\",\"params\":{\"userNames\":[\"j\xf6rg\"]}}", []want{{"null", -32700, -1}}, "input is UTF-8"},
		{"non-ASCII data", `{"jsonrpc":"2.0","id":9,"method":"session.list","params":{"userNames":["J` + "\u00d6" + `RG"]}}`, []want{{"9", 0, -1}}, "case folding beyond ASCII; output escaped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := serveAll(t, tt.input+"\n"+probe+"\n")
			var got []want
			for i, line := range lines {
				rs := parseLine(t, line)
				batch := -1
				if strings.HasPrefix(line, "[") {
					batch = i
				}
				for _, r := range rs {
					got = append(got, want{string(r.ID), r.code(), batch})
				}
			}
			// Requests run concurrently, so responses come in any order;
			// the probe must be among them.
			probeAt := -1
			for i, g := range got {
				if g == (want{`"probe"`, 0, -1}) {
					probeAt = i
				}
			}
			if probeAt < 0 {
				t.Fatalf("the request after the bad input was not answered: %v (%s)", got, tt.reason)
			}
			got = append(got[:probeAt], got[probeAt+1:]...)
			if !sameSet(got, normalize(tt.want)) {
				t.Errorf("responses = %v, want %v (%s)", got, tt.want, tt.reason)
			}
		})
	}
}

// normalize writes expected ids the way the ASCII output carries them.
func normalize(ws []want) []want {
	out := make([]want, len(ws))
	for i, w := range ws {
		w.id = string(contract.AppendASCII(nil, []byte(w.id)))
		out[i] = w
	}
	return out
}

func sameSet(a, b []want) bool {
	if len(a) != len(b) {
		return false
	}
	used := make([]bool, len(b))
outer:
	for _, x := range a {
		for j, y := range b {
			if !used[j] && x.id == y.id && x.code == y.code && (x.batch >= 0) == (y.batch >= 0) {
				used[j] = true
				continue outer
			}
		}
		return false
	}
	return true
}

// TestParamsErrorNamesField checks that -32602 says which field is wrong,
// in the message and in error.data.field.
func TestParamsErrorNamesField(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, method, params, field string }{
		{"type", "session.logoff", `{"id":"x"}`, "id"},
		{"unknown", "session.logoff", `{"id":3,"forse":true}`, "forse"},
		{"missing", "session.logoff", `{"wait":true}`, "id"},
		{"range", "session.logoff", `{"id":4294967296}`, "id"},
		{"timeout zero", "session.logoff", `{"id":3,"timeoutSeconds":0}`, "timeoutSeconds"},
		{"list timeout zero", "session.list", `{"timeoutSeconds":0}`, "timeoutSeconds"},
		{"list timeout too long", "session.list", `{"timeoutSeconds":3601}`, "timeoutSeconds"},
		{"empty ids", "session.list", `{"ids":[]}`, "ids"},
		{"empty userNames", "session.list", `{"userNames":[]}`, "userNames"},
		{"empty states", "session.list", `{"states":[]}`, "states"},
		{"empty computerNames", "session.list", `{"computerNames":[]}`, "computerNames"},
		{"empty process ids", "session.processes", `{"ids":[]}`, "ids"},
		{"list throttle zero", "session.list", `{"throttleLimit":0}`, "throttleLimit"},
		{"list throttle negative", "session.list", `{"throttleLimit":-1}`, "throttleLimit"},
		{"list throttle too high", "session.list", `{"throttleLimit":1025}`, "throttleLimit"},
		{"list throttle fraction", "session.list", `{"throttleLimit":1.5}`, "throttleLimit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := serveAll(t, `{"jsonrpc":"2.0","id":1,"method":"`+tt.method+`","params":`+tt.params+"}\n")
			r := parseLine(t, lines[0])[0]
			if r.code() != -32602 {
				t.Fatalf("code = %d, want -32602", r.code())
			}
			if !strings.Contains(r.Error.Message, tt.field) {
				t.Errorf("message %q does not name %s", r.Error.Message, tt.field)
			}
			var d contract.ErrorData
			_ = json.Unmarshal(r.Error.Data, &d)
			if d.Field != tt.field {
				t.Errorf("data.field = %q, want %q", d.Field, tt.field)
			}
		})
	}
}

// TestEndOfInputAnswersEverything closes the input while a message waits
// for its (simulated) user: the server still answers it, then returns.
func TestEndOfInputAnswersEverything(t *testing.T) {
	t.Parallel()
	in := `{"jsonrpc":"2.0","id":1,"method":"session.message","params":{"id":3,"title":"t","text":"hi","wait":true}}
{"jsonrpc":"2.0","id":2,"method":"session.list"}
`
	lines := serveAll(t, in)
	ids := map[string]json.RawMessage{}
	for _, l := range lines {
		r := parseLine(t, l)[0]
		if r.Error != nil {
			t.Fatalf("error response: %s", l)
		}
		ids[string(r.ID)] = r.Result
	}
	if len(ids) != 2 {
		t.Fatalf("got %d responses, want 2: %v", len(ids), lines)
	}
	var m contract.MessageResult
	if err := json.Unmarshal(ids["1"], &m); err != nil || m.Response != "no" {
		t.Errorf("message result = %s, want response no", ids["1"])
	}
}

// TestRequestsRunConcurrently sends a message that waits for its user and
// then a list: the list must be answered first.
func TestRequestsRunConcurrently(t *testing.T) {
	t.Parallel()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- newServer(t).Serve(context.Background(), inR, outW); outW.Close() }()
	fmt.Fprintln(inW, `{"jsonrpc":"2.0","id":"msg","method":"session.message","params":{"id":3,"title":"t","text":"hi","wait":true}}`)
	fmt.Fprintln(inW, `{"jsonrpc":"2.0","id":"list","method":"session.list"}`)
	sc := bufio.NewScanner(outR)
	var order []string
	for len(order) < 2 && sc.Scan() {
		order = append(order, string(parseLine(t, sc.Text())[0].ID))
		if len(order) == 1 {
			inW.Close()
		}
	}
	if len(order) != 2 || order[0] != `"list"` {
		t.Errorf("answer order = %v, want the list before the waiting message", order)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// TestClientGone checks that a server whose output is closed stops
// waiting for slow requests at end of input and reports the broken pipe.
func TestClientGone(t *testing.T) {
	t.Parallel()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- newServer(t).Serve(context.Background(), inR, outW) }()
	outR.Close()
	fmt.Fprintln(inW, `{"jsonrpc":"2.0","id":1,"method":"server.info"}`)
	fmt.Fprintln(inW, `{"jsonrpc":"2.0","id":2,"method":"session.list","params":{"computerNames":["SLOW01"]}}`)
	inW.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Serve returned nil although nothing could be written")
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve still waits for a request nobody can read the answer of")
	}
}

// TestASCII checks the escaping of every kind of character.
func TestASCII(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"plain", `{"a":"b"}`, `{"a":"b"}`},
		{"latin", `"jörg"`, `"j\u00f6rg"`},
		{"cjk", `"漢"`, `"\u6f22"`},
		{"astral", `"😀"`, `"\ud83d\ude00"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(contract.AppendASCII(nil, []byte(tt.in)))
			if got != tt.want {
				t.Errorf("contract.AppendASCII(%s) = %s, want %s", tt.in, got, tt.want)
			}
			var a, b string
			if json.Unmarshal([]byte(tt.in), &a) == nil {
				_ = json.Unmarshal([]byte(got), &b)
				if a != b {
					t.Errorf("escaped text decodes to %q, want %q", b, a)
				}
			}
		})
	}
}

// TestDiscoverServesGeneratedDocument checks that rpc.discover answers
// with the OpenRPC document.
func TestDiscoverServesGeneratedDocument(t *testing.T) {
	t.Parallel()
	lines := serveAll(t, `{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}`+"\n")
	r := parseLine(t, lines[0])[0]
	var doc struct {
		OpenRPC string            `json:"openrpc"`
		Methods []json.RawMessage `json:"methods"`
	}
	if err := json.Unmarshal(r.Result, &doc); err != nil || doc.OpenRPC == "" || len(doc.Methods) != 12 {
		t.Errorf("rpc.discover = %.200s, want an OpenRPC document with 12 methods (the notification session.event included)", r.Result)
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}

// failingSink is an audit sink that cannot write.
type failingSink struct{}

func (failingSink) Name() string             { return "nowhere" }
func (failingSink) Write(audit.Record) error { return errors.New("disk full") }

// TestInfoReportsTheAuditTrail: a record that could not be written shows in
// server.info, and the action's own result stands.
func TestInfoReportsTheAuditTrail(t *testing.T) {
	t.Parallel()
	b, err := simulate.Load("testdata/fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	var logged []string
	srv := NewServer(b, Options{Audit: &audit.Trail{Sinks: []audit.Sink{failingSink{}},
		Log: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }}})
	res, errObj := srv.Call(context.Background(), "session.disconnect", json.RawMessage(`{"id":3,"wait":true}`))
	if errObj != nil {
		t.Fatalf("disconnect: %s", errObj)
	}
	// The answer says that the best-effort sink failed, for the intent
	// and for the result.
	var ar contract.ActionResult
	if err := json.Unmarshal(res, &ar); err != nil {
		t.Fatal(err)
	}
	if !ar.Completed || len(ar.AuditFailures) != 2 || !strings.Contains(ar.AuditFailures[1], "nowhere: disk full") {
		t.Errorf("disconnect = %s, want it completed with auditFailures naming the sink twice", res)
	}
	raw, errObj := srv.Call(context.Background(), "server.info", nil)
	if errObj != nil {
		t.Fatal(string(errObj))
	}
	var info contract.InfoResult
	if err := json.Unmarshal(raw, &info); err != nil {
		t.Fatal(err)
	}
	if info.Audit == nil || info.Audit.Records != 2 || info.Audit.Failures != 2 || !strings.Contains(info.Audit.LastError, "disk full") ||
		len(info.Audit.Sinks) != 1 || info.Audit.Sinks[0] != "nowhere" {
		t.Errorf("server.info audit = %+v, want two records (intent, result), two failures naming the cause", info.Audit)
	}
	if len(logged) != 2 || !strings.Contains(logged[0], `"action":"disconnect"`) || !strings.Contains(logged[0], `"result":"intent"`) {
		t.Errorf("logged %q, want each failure with its record", logged)
	}
}

// TestAuditFileFirst: with an audit file that cannot be written, an action
// is answered -32007, never reaches the backend (the session is still
// there, unchanged), and the file sink's failure is logged.
func TestAuditFileFirst(t *testing.T) {
	t.Parallel()
	b, err := simulate.Load("testdata/fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	var logged []string
	var mu sync.Mutex
	file := &audit.File{Path: filepath.Join(t.TempDir(), "no", "such", "dir", "audit.jsonl")}
	srv := NewServer(b, Options{Audit: &audit.Trail{Sinks: []audit.Sink{file},
		Log: func(f string, a ...any) { mu.Lock(); logged = append(logged, fmt.Sprintf(f, a...)); mu.Unlock() }}})
	ctx := context.Background()
	before, _ := srv.Call(ctx, "session.list", json.RawMessage(`{"ids":[3]}`))
	for _, call := range []struct{ method, params string }{
		{"session.disconnect", `{"id":3}`}, {"session.logoff", `{"id":3,"wait":true}`},
		{"session.message", `{"id":3,"title":"t","text":"hi"}`},
	} {
		_, errObj := srv.Call(ctx, call.method, json.RawMessage(call.params))
		var eo contract.Error
		if errObj == nil || json.Unmarshal(errObj, &eo) != nil || eo.Code != contract.CodeAuditFailed ||
			!strings.Contains(eo.Message, "no such file") {
			t.Errorf("%s with an audit file that cannot be written = %s, want -32007 naming the cause", call.method, errObj)
		}
	}
	after, _ := srv.Call(ctx, "session.list", json.RawMessage(`{"ids":[3]}`))
	if string(before) != string(after) || !strings.Contains(string(after), `"id":3`) {
		t.Errorf("session 3 changed although nothing was recorded:\nbefore %s\nafter  %s", before, after)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logged) == 0 || !strings.Contains(logged[0], `"result":"intent"`) {
		t.Errorf("logged %q, want the record of intent that could not be written", logged)
	}
}
