//go:build linux

package wts

// The Wine suite's helper process, driven over its pipes, and the DLLs'
// log: the configuration of one process, its requests and answers, and
// the checks of every call, allocation and free the DLLs logged.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// dllConfig configures the test DLLs, and the helper, for one process.
type dllConfig struct {
	fail        string   // WTSTEST_FAIL
	block       string   // WTSTEST_BLOCK
	blockMS     int      // WTSTEST_BLOCK_MS
	response    string   // WTSTEST_RESPONSE
	slowMS      int      // WTSTEST_SLOW_MS
	logoffMS    string   // WTSTEST_LOGOFF_MS
	consoleUser string   // WTSTEST_CONSOLE_USER
	trigger     string   // WTSTEST_TRIGGER, a Linux path
	disconnMS   string   // WTSTEST_DISCONNECT_MS
	failOnce    string   // WTSTEST_FAIL_ONCE
	nonAdmin    bool     // WTSTEST_NONADMIN
	vmSessions  bool     // WTSTEST_VM_SESSIONS
	win10       bool     // run usersession-win10.exe, which Wine tells it is Windows 10
	env         []string // more of the helper's environment
	args        []string // the helper's arguments
}

// environ is the environment of a process configured by c that logs to
// logPath.
func (w *wineEnv) environ(c dllConfig, logPath string) []string {
	env := append(append([]string{}, w.env...),
		"WTSTEST_LOG="+winPath(logPath),
		"WTSTEST_FAIL="+c.fail,
		"WTSTEST_BLOCK="+c.block,
		"WTSTEST_RESPONSE="+c.response,
		"WTSTEST_LOGOFF_MS="+c.logoffMS,
		"WTSTEST_CONSOLE_USER="+c.consoleUser,
		"WTSTEST_DISCONNECT_MS="+c.disconnMS,
		"WTSTEST_FAIL_ONCE="+c.failOnce,
	)
	if c.nonAdmin {
		env = append(env, "WTSTEST_NONADMIN=1")
	}
	if c.vmSessions {
		env = append(env, "WTSTEST_VM_SESSIONS=1")
	}
	if c.blockMS > 0 {
		env = append(env, "WTSTEST_BLOCK_MS="+strconv.Itoa(c.blockMS))
	}
	if c.slowMS > 0 {
		env = append(env, "WTSTEST_SLOW_MS="+strconv.Itoa(c.slowMS))
	}
	if c.trigger != "" {
		env = append(env, "WTSTEST_TRIGGER="+winPath(c.trigger))
	}
	return append(env, c.env...)
}

// helper is one running usersession.exe, serving JSON-RPC on its pipes.
type helper struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *os.File
	log    string // the DLLs' log file
	nextID int
	cancel context.CancelFunc
}

// start runs `wine usersession.exe` with the DLLs configured by c.
func (w *wineEnv) start(t *testing.T, c dllConfig) *helper {
	t.Helper()
	h, err := w.launch(c)
	if err != nil {
		t.Fatal(err)
	}
	h.t = t
	t.Cleanup(func() {
		h.cancel()
		h.stderr.Close()
	})
	return h
}

// launch starts usersession.exe (usersession-win10.exe for c.win10) with
// the DLLs configured by c.
func (w *wineEnv) launch(c dllConfig) (*helper, error) {
	n := w.logs.Add(1)
	h := &helper{log: filepath.Join(w.dir, fmt.Sprintf("wts-%d.log", n))}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	h.cancel = cancel
	exe := w.exe
	if c.win10 {
		exe = w.exe10
	}
	h.cmd = exec.CommandContext(ctx, w.wine, append([]string{exe}, c.args...)...)
	h.cmd.Env = w.environ(c, h.log)
	var err error
	if h.stderr, err = os.Create(h.log + ".stderr"); err != nil {
		cancel()
		return nil, err
	}
	h.cmd.Stderr = h.stderr
	h.cmd.WaitDelay = 5 * time.Second
	if h.stdin, err = h.cmd.StdinPipe(); err != nil {
		cancel()
		return nil, err
	}
	stdout, err := h.cmd.StdoutPipe()
	if err != nil {
		cancel()
		return nil, err
	}
	h.out = bufio.NewReader(stdout)
	if err := h.cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("starting wine: %w", err)
	}
	return h, nil
}

// stderrText is what the helper wrote to stderr so far.
func (h *helper) stderrText() string {
	b, _ := os.ReadFile(h.stderr.Name())
	return string(b)
}

// rpcResponse is a JSON-RPC response.
type rpcResponse struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int                    `json:"code"`
		Message string                 `json:"message"`
		Data    map[string]interface{} `json:"data"`
	} `json:"error"`
}

// call sends one request and waits for its response.
func (h *helper) call(method string, params any) rpcResponse {
	h.t.Helper()
	r, err := h.exchange(method, params)
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

// exchange sends one request and reads up to its response.
func (h *helper) exchange(method string, params any) (rpcResponse, error) {
	h.nextID++
	p, err := json.Marshal(params)
	if err != nil {
		return rpcResponse{}, err
	}
	line := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`+"\n", h.nextID, method, p)
	if _, err := io.WriteString(h.stdin, line); err != nil {
		return rpcResponse{}, fmt.Errorf("writing %s: %w\nstderr: %s", method, err, h.stderrText())
	}
	for {
		b, err := h.out.ReadBytes('\n')
		if err != nil {
			// Every write end of the pipe is closed: the process ended.
			// Its exit status tells a crash of the helper (a Go panic
			// exits 2, with its trace on stderr) from Wine's loader
			// failing to start it (an NTSTATUS such as 0xc0000135).
			werr := h.cmd.Wait()
			return rpcResponse{}, fmt.Errorf("reading the answer to %s: %w (wine exited: %v, status %s)\nstderr: %s",
				method, err, werr, h.cmd.ProcessState, h.stderrText())
		}
		for _, c := range b {
			if c >= 0x80 {
				return rpcResponse{}, fmt.Errorf("output is not ASCII: %q", b)
			}
		}
		var r rpcResponse
		if err := json.Unmarshal(b, &r); err != nil {
			return rpcResponse{}, fmt.Errorf("answer to %s is not JSON: %w: %q", method, err, b)
		}
		if string(r.ID) == strconv.Itoa(h.nextID) {
			return r, nil
		}
	}
}

// roundTrip decodes the result of a call that must succeed.
func (h *helper) roundTrip(method string, params, v any) error {
	r, err := h.exchange(method, params)
	if err != nil {
		return err
	}
	if r.Error != nil {
		return fmt.Errorf("%s: error %d %s", method, r.Error.Code, r.Error.Message)
	}
	return json.Unmarshal(r.Result, v)
}

// result decodes the result of a call that must succeed.
func (h *helper) result(method string, params any, v any) {
	h.t.Helper()
	r := h.call(method, params)
	if r.Error != nil {
		h.t.Fatalf("%s %v: error %d %s %v", method, params, r.Error.Code, r.Error.Message, r.Error.Data)
	}
	if err := json.Unmarshal(r.Result, v); err != nil {
		h.t.Fatalf("%s: decoding %s: %v", method, r.Result, err)
	}
}

// fails checks that a call fails with code and returns the error data.
func (h *helper) fails(method string, params any, code int) map[string]interface{} {
	h.t.Helper()
	r := h.call(method, params)
	if r.Error == nil {
		h.t.Fatalf("%s %v succeeded with %s, want error %d", method, params, r.Result, code)
	}
	if r.Error.Code != code {
		h.t.Fatalf("%s %v: error %d %q, want %d", method, params, r.Error.Code, r.Error.Message, code)
	}
	if r.Error.Data == nil {
		return map[string]interface{}{"message": r.Error.Message}
	}
	r.Error.Data["message"] = r.Error.Message
	return r.Error.Data
}

// logLine is one line of the DLLs' log: its kind and its key=value pairs.
type logLine struct {
	kind string
	kv   map[string]string
}

// stop closes stdin, waits for the helper to exit 0, and returns the DLLs'
// log after checking that every allocation was freed with the right
// function, and every server handle closed.
func (h *helper) stop() []logLine {
	h.t.Helper()
	defer h.cancel()
	_ = h.stdin.Close()
	if err := h.cmd.Wait(); err != nil {
		h.t.Errorf("usersession.exe exited with %v\nstderr: %s", err, h.stderrText())
	}
	if _, err := os.Stat(h.log); os.IsNotExist(err) {
		return nil // the helper never loaded wtsapi32.dll
	}
	lines := readLog(h.t, h.log)
	checkMemory(h.t, lines)
	return lines
}

// kill ends a helper that has a call blocked in the DLL, whose handles and
// buffers are still in use, and returns the log without checking them.
func (h *helper) kill() []logLine {
	h.t.Helper()
	h.cancel()
	_ = h.cmd.Wait()
	if _, err := os.Stat(h.log); os.IsNotExist(err) {
		return nil
	}
	return readLog(h.t, h.log)
}

// readLog reads the DLLs' log, which must exist: the DLL was loaded.
func readLog(t *testing.T, path string) []logLine {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []logLine
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		ll := logLine{kind: f[0], kv: map[string]string{}}
		for _, kv := range f[1:] {
			k, v, _ := strings.Cut(kv, "=")
			ll.kv[k] = v
		}
		lines = append(lines, ll)
	}
	return lines
}

// checkMemory checks the DLLs' accounting: as many frees as allocations,
// each with the function that matches it, and every opened server closed.
func checkMemory(t *testing.T, lines []logLine) {
	t.Helper()
	allocs := map[string]string{}
	var summary *logLine
	for i, l := range lines {
		switch l.kind {
		case "alloc":
			allocs[l.kv["id"]] = l.kv["kind"]
		case "free":
			if _, ok := allocs[l.kv["id"]]; !ok {
				t.Errorf("free of an unknown allocation: %v", l.kv)
			}
			delete(allocs, l.kv["id"])
		case "badfree":
			t.Errorf("bad free: %v", l.kv)
		case "summary":
			summary = &lines[i]
		}
	}
	for id, kind := range allocs {
		t.Errorf("allocation %s (%s) was never freed", id, kind)
	}
	if summary == nil {
		t.Errorf("the DLL wrote no summary at unload")
		return
	}
	s := summary.kv
	if s["allocs"] != s["frees"] || s["badfrees"] != "0" || s["opens"] != s["closes"] {
		t.Errorf("DLL summary: %v", s)
	}
}

// calls returns the log lines of calls to fn.
func calls(lines []logLine, fn string) []map[string]string {
	var out []map[string]string
	for _, l := range lines {
		if l.kind == "call" && l.kv["func"] == fn {
			out = append(out, l.kv)
		}
	}
	return out
}

// callsTo returns every call of the log to server, in order.
func callsTo(lines []logLine, server string) []map[string]string {
	var out []map[string]string
	for _, l := range lines {
		if l.kind == "call" && (l.kv["server"] == server || l.kv["name"] == server) {
			out = append(out, l.kv)
		}
	}
	return out
}

// queriesBySession counts the WTSQuerySessionInformationW calls of the log
// to server, by session and by information class.
func queriesBySession(lines []logLine, server string) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, c := range calls(lines, "WTSQuerySessionInformationW") {
		if c["server"] != server {
			continue
		}
		if out[c["session"]] == nil {
			out[c["session"]] = map[string]int{}
		}
		out[c["session"]][c["class"]]++
	}
	return out
}
