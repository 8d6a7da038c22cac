//go:build linux

package wts

// The Wine suite's machinery: a Wine prefix with the test DLLs installed
// (testdata/wtsapi32: wtsapi32.dll, its siblings netapi32.dll and
// psapi.dll, and bcryptprimitives.dll, which Go programs need and Wine 8
// lacks), the real usersession.exe built for windows/amd64, a helper
// process driven over its pipes, and the DLLs' log. The tests are in
// wine_test.go.

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
	"sync/atomic"
	"testing"
	"time"
)

// wineEnv is a Wine prefix with the test DLLs installed and the executable
// built.
type wineEnv struct {
	dir        string // the test's temporary directory
	wine       string // the wine loader
	wineserver string
	gcc        string // x86_64-w64-mingw32-gcc
	exe        string // usersession.exe
	gobin      string // the go command
	env        []string
	logs       atomic.Int64
}

// findTool returns the first of names that exists, as a path or in PATH.
func findTool(names ...string) string {
	for _, n := range names {
		if strings.Contains(n, "/") {
			if _, err := os.Stat(n); err == nil {
				return n
			}
			continue
		}
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// testDLLs are the DLLs the suite builds from testdata/wtsapi32 and
// installs in system32, with the libraries each links.
var testDLLs = []struct {
	name string
	libs []string
}{
	{"wtsapi32", []string{"-ladvapi32"}},
	{"netapi32", nil},
	{"psapi", nil},
	{"bcryptprimitives", []string{"-ladvapi32"}},
}

func newWineEnv(t *testing.T) *wineEnv {
	t.Helper()
	w := &wineEnv{
		wine:       findTool("/usr/lib/wine/wine64", "wine64", "wine"),
		wineserver: findTool("/usr/lib/wine/wineserver", "wineserver64", "wineserver"),
		gcc:        findTool("x86_64-w64-mingw32-gcc"),
	}
	if w.wine == "" || w.wineserver == "" || w.gcc == "" {
		msg := fmt.Sprintf("the Wine suite needs wine64 and gcc-mingw-w64-x86-64 (found wine=%q wineserver=%q mingw gcc=%q)",
			w.wine, w.wineserver, w.gcc)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg + "; skipping")
	}
	w.dir = t.TempDir()
	prefix := filepath.Join(w.dir, "prefix")
	overrides := []string{"mscoree=", "mshtml="}
	for _, d := range testDLLs {
		overrides = append(overrides, d.name+"=n")
	}
	w.env = append(os.Environ(),
		"HOME="+w.dir, // Wine writes below $HOME; keep it in the test's directory
		"WINEPREFIX="+prefix,
		"WINEDEBUG=-all",
		"WINEARCH=win64",
		"DISPLAY=",
		"WINEDLLOVERRIDES="+strings.Join(overrides, ";"),
	)

	// The DLLs, from C.
	src := filepath.Join("testdata", "wtsapi32")
	var dlls []string
	for _, d := range testDLLs {
		out := filepath.Join(w.dir, d.name+".dll")
		w.compile(t, out, append([]string{"-shared", "-I", src, filepath.Join(src, d.name+".c")}, d.libs...)...)
		dlls = append(dlls, out)
	}

	// The executable.
	w.exe = filepath.Join(w.dir, "usersession.exe")
	w.gobin = findTool(filepath.Join(os.Getenv("GOROOT"), "bin", "go"), "go", "/usr/local/go/bin/go")
	w.goBuild(t, w.exe, "github.com/usersession/usersession/cmd/usersession")

	// The prefix, once per run.
	start := time.Now()
	w.run(t, 120*time.Second, w.env, "wineboot", "-i")
	sys32 := filepath.Join(prefix, "drive_c", "windows", "system32")
	for _, f := range dlls {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sys32, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatalf("installing %s: %v", filepath.Base(f), err)
		}
	}
	t.Logf("Wine prefix ready in %v", time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() {
		cmd := exec.Command(w.wineserver, "-k")
		cmd.Env = w.env
		_ = cmd.Run()
	})
	return w
}

// compile runs mingw-w64's gcc with the suite's warnings.
func (w *wineEnv) compile(t *testing.T, out string, args ...string) {
	t.Helper()
	cmd := exec.Command(w.gcc, append([]string{"-O2", "-Wall", "-Wextra", "-Werror", "-o", out}, args...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", filepath.Base(out), err, b)
	}
}

// goBuild builds a package for windows/amd64.
func (w *wineEnv) goBuild(t *testing.T, out, pkg string) {
	t.Helper()
	w.goWindows(t, out, "build", "-o", out, pkg)
}

// goTest builds the test executable of a package for windows/amd64.
func (w *wineEnv) goTest(t *testing.T, exe, pkg string) {
	t.Helper()
	w.goWindows(t, exe, "test", "-c", "-o", exe, pkg)
}

// goWindows runs the go command with args for windows/amd64, to build out.
func (w *wineEnv) goWindows(t *testing.T, out string, args ...string) {
	t.Helper()
	cmd := exec.Command(w.gobin, args...)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", filepath.Base(out), err, b)
	}
}

// mustPass fails t for each of the tests names that the output of a test
// executable run with -test.v does not show passing.
func mustPass(t *testing.T, out string, names ...string) {
	t.Helper()
	for _, name := range names {
		if !strings.Contains(out, "--- PASS: "+name+" ") {
			t.Errorf("%s did not pass under Wine:\n%s", name, out)
		}
	}
}

// winPath is path as Wine's Z: drive names it.
func winPath(path string) string { return "Z:" + strings.ReplaceAll(path, "/", `\`) }

// run runs a Wine program to its end in the environment env and returns
// its output.
func (w *wineEnv) run(t *testing.T, timeout time.Duration, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// Output goes to a file: Wine's daemons inherit the descriptors, and a
	// pipe they hold open would never reach EOF.
	out, err := os.CreateTemp(w.dir, "wine-*.out")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.CommandContext(ctx, w.wine, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	b, _ := os.ReadFile(out.Name())
	if err != nil {
		t.Fatalf("wine %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	return string(b)
}

// setVersion makes the prefix report a Windows version: "win7" or "win10".
func (w *wineEnv) setVersion(t *testing.T, v string) {
	t.Helper()
	w.run(t, 60*time.Second, w.env, "winecfg", "-v", v)
}

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
	)
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
	n := w.logs.Add(1)
	h := &helper{t: t, log: filepath.Join(w.dir, fmt.Sprintf("wts-%d.log", n))}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	h.cancel = cancel
	h.cmd = exec.CommandContext(ctx, w.wine, append([]string{w.exe}, c.args...)...)
	h.cmd.Env = w.environ(c, h.log)
	var err error
	if h.stderr, err = os.Create(h.log + ".stderr"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.stderr.Close() })
	h.cmd.Stderr = h.stderr
	h.cmd.WaitDelay = 5 * time.Second
	if h.stdin, err = h.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := h.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	h.out = bufio.NewReader(stdout)
	if err := h.cmd.Start(); err != nil {
		t.Fatalf("starting wine: %v", err)
	}
	return h
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
	h.nextID++
	p, err := json.Marshal(params)
	if err != nil {
		h.t.Fatal(err)
	}
	line := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`+"\n", h.nextID, method, p)
	if _, err := io.WriteString(h.stdin, line); err != nil {
		h.t.Fatalf("writing %s: %v\nstderr: %s", method, err, h.stderrText())
	}
	for {
		b, err := h.out.ReadBytes('\n')
		if err != nil {
			h.t.Fatalf("reading the answer to %s: %v\nstderr: %s", method, err, h.stderrText())
		}
		for _, c := range b {
			if c >= 0x80 {
				h.t.Errorf("output is not ASCII: %q", b)
				break
			}
		}
		var r rpcResponse
		if err := json.Unmarshal(b, &r); err != nil {
			h.t.Fatalf("answer to %s is not JSON: %v: %q", method, err, b)
		}
		if string(r.ID) == strconv.Itoa(h.nextID) {
			return r
		}
	}
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
