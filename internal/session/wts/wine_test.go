//go:build linux

package wts

// The Wine suite: the real usersession.exe, built for windows/amd64, runs
// under Wine against a test wtsapi32.dll (testdata/wtsapi32/wtsapi32.c)
// that serves a fixed scenario, logs every call, allocation and free, and
// fails the calls it is told to. The test talks JSON-RPC to the executable
// over pipes, one request at a time, and checks the answers against the
// scenario and the DLL's log.
//
// It needs wine64 and gcc-mingw-w64-x86-64 and skips without them, except
// when CI=true, where it fails. Run it alone with
//
//	go test -count=1 -v -run TestWine ./internal/session/wts/

import (
	"bufio"
	"context"
	"encoding/hex"
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

func newWineEnv(t *testing.T) *wineEnv {
	t.Helper()
	w := &wineEnv{
		wine:       findTool("/usr/lib/wine/wine64", "wine64", "wine"),
		wineserver: findTool("/usr/lib/wine/wineserver", "wineserver64", "wineserver"),
	}
	gcc := findTool("x86_64-w64-mingw32-gcc")
	if w.wine == "" || w.wineserver == "" || gcc == "" {
		msg := fmt.Sprintf("the Wine suite needs wine64 and gcc-mingw-w64-x86-64 (found wine=%q wineserver=%q mingw gcc=%q)",
			w.wine, w.wineserver, gcc)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg + "; skipping")
	}
	w.dir = t.TempDir()
	prefix := filepath.Join(w.dir, "prefix")
	w.env = append(os.Environ(),
		"HOME="+w.dir, // Wine writes below $HOME; keep it in the test's directory
		"WINEPREFIX="+prefix,
		"WINEDEBUG=-all",
		"WINEARCH=win64",
		"DISPLAY=",
		"WINEDLLOVERRIDES=wtsapi32=n;bcryptprimitives=n;mscoree=;mshtml=",
	)

	// The DLLs, from C.
	src := filepath.Join("testdata", "wtsapi32")
	build := func(out string, args ...string) {
		cmd := exec.Command(gcc, append([]string{"-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-o", out}, args...)...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", filepath.Base(out), err, b)
		}
	}
	wtsDLL := filepath.Join(w.dir, "wtsapi32.dll")
	prngDLL := filepath.Join(w.dir, "bcryptprimitives.dll")
	build(wtsDLL, filepath.Join(src, "wtsapi32.c"))
	build(prngDLL, filepath.Join(src, "bcryptprimitives.c"), "-ladvapi32")

	// The executable.
	w.exe = filepath.Join(w.dir, "usersession.exe")
	w.gobin = findTool(filepath.Join(os.Getenv("GOROOT"), "bin", "go"), "go", "/usr/local/go/bin/go")
	cmd := exec.Command(w.gobin, "build", "-o", w.exe, "github.com/usersession/usersession/cmd/usersession")
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building usersession.exe: %v\n%s", err, b)
	}

	// The prefix, once per run.
	start := time.Now()
	w.run(t, 120*time.Second, "wineboot", "-i")
	sys32 := filepath.Join(prefix, "drive_c", "windows", "system32")
	for _, f := range []string{wtsDLL, prngDLL} {
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

// run runs a Wine program to its end.
func (w *wineEnv) run(t *testing.T, timeout time.Duration, args ...string) {
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
	cmd.Env = w.env
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		b, _ := os.ReadFile(out.Name())
		t.Fatalf("wine %s: %v\n%s", strings.Join(args, " "), err, b)
	}
}

// setVersion makes the prefix report a Windows version: "win7" or "win10".
func (w *wineEnv) setVersion(t *testing.T, v string) {
	t.Helper()
	w.run(t, 60*time.Second, "winecfg", "-v", v)
}

// dllConfig configures the test DLL for one process.
type dllConfig struct {
	fail     string // WTSTEST_FAIL
	response string // WTSTEST_RESPONSE
	slowMS   int    // WTSTEST_SLOW_MS
}

// helper is one running usersession.exe, serving JSON-RPC on its pipes.
type helper struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *os.File
	log    string // the DLL's log file
	nextID int
	cancel context.CancelFunc
}

// start runs `wine usersession.exe` with the DLL configured by c.
func (w *wineEnv) start(t *testing.T, c dllConfig) *helper {
	t.Helper()
	n := w.logs.Add(1)
	h := &helper{t: t, log: filepath.Join(w.dir, fmt.Sprintf("wts-%d.log", n))}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	h.cancel = cancel
	h.cmd = exec.CommandContext(ctx, w.wine, w.exe)
	h.cmd.Env = append(append([]string{}, w.env...),
		"WTSTEST_LOG=Z:"+strings.ReplaceAll(h.log, "/", `\`),
		"WTSTEST_FAIL="+c.fail,
		"WTSTEST_RESPONSE="+c.response,
		"WTSTEST_SLOW_MS="+strconv.Itoa(c.slowMS),
	)
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
	return r.Error.Data
}

// logLine is one line of the DLL's log: its kind and its key=value pairs.
type logLine struct {
	kind string
	kv   map[string]string
}

// stop closes stdin, waits for the helper to exit 0, and returns the DLL's
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

// readLog reads the DLL's log, which must exist: the DLL was loaded.
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

// checkMemory checks the DLL's accounting: as many frees as allocations,
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

// wireSession is a session as it comes off the wire, times as strings.
type wireSession struct {
	ComputerName   string  `json:"computerName"`
	ID             uint32  `json:"id"`
	SessionName    string  `json:"sessionName"`
	UserName       string  `json:"userName"`
	Domain         string  `json:"domain"`
	State          string  `json:"state"`
	ClientName     string  `json:"clientName"`
	ClientAddress  string  `json:"clientAddress"`
	Protocol       string  `json:"protocol"`
	LogonTime      *string `json:"logonTime"`
	ConnectTime    *string `json:"connectTime"`
	DisconnectTime *string `json:"disconnectTime"`
	LastInputTime  *string `json:"lastInputTime"`
	IdleSeconds    *int64  `json:"idleSeconds"`
	Locked         *bool   `json:"locked"`
	IsCurrent      bool    `json:"isCurrent"`
	IsConsole      bool    `json:"isConsole"`
}

type listResult struct {
	Sessions []wireSession `json:"sessions"`
	Failures []struct {
		ComputerName string                 `json:"computerName"`
		Code         int                    `json:"code"`
		Message      string                 `json:"message"`
		Data         map[string]interface{} `json:"data"`
	} `json:"failures"`
}

func sp(s string) *string { return &s }
func ip(i int64) *int64   { return &i }
func bp(b bool) *bool     { return &b }

// localScenario is the local host of the test DLL, as the wire must show
// it. The DLL's clock reads 2026-11-24T10:00:00Z.
func localScenario(computer string) []wireSession {
	return []wireSession{
		{ComputerName: computer, ID: 0, SessionName: "Services", State: "Disconnected", Protocol: "Console"},
		{ComputerName: computer, ID: 1, SessionName: "Console", UserName: "admin", Domain: "CONTOSO", State: "Active",
			Protocol: "Console", LogonTime: sp("2026-11-24T07:55:00Z"), ConnectTime: sp("2026-11-24T07:55:00Z"),
			LastInputTime: sp("2026-11-24T09:59:00Z"), IdleSeconds: ip(60), Locked: bp(false), IsCurrent: true, IsConsole: true},
		{ComputerName: computer, ID: 2, SessionName: "RDP-Tcp#7", UserName: "bob", Domain: "CONTOSO", State: "Active",
			ClientName: "LAPTOP-7", ClientAddress: "10.0.0.7", Protocol: "RDP",
			LogonTime: sp("2026-11-24T09:00:00Z"), ConnectTime: sp("2026-11-24T09:30:00Z"), Locked: bp(true)},
		{ComputerName: computer, ID: 3, UserName: "J\u00fcrgen", Domain: "CONTOSO", State: "Disconnected", Protocol: "RDP",
			LogonTime: sp("2026-11-23T10:00:00Z"), ConnectTime: sp("2026-11-24T08:00:00Z"),
			DisconnectTime: sp("2026-11-24T09:30:00Z"), LastInputTime: sp("2026-11-24T09:29:00Z"),
			IdleSeconds: ip(1800), Locked: bp(true)},
		{ComputerName: computer, ID: 4, SessionName: "RDP-Tcp#9", UserName: "carol", Domain: "FABRIKAM", State: "Active",
			ClientName: "TABLET-9", ClientAddress: "2001:db8::9", Protocol: "RDP",
			LogonTime: sp("2026-11-24T09:50:00Z"), ConnectTime: sp("2026-11-24T09:50:00Z"),
			LastInputTime: sp("2026-11-24T09:58:30Z"), IdleSeconds: ip(90), Locked: bp(false)},
		{ComputerName: computer, ID: 65536, SessionName: "RDP-Tcp", State: "Listen", Protocol: "RDP"},
	}
}

// remoteScenario is host SRV02 of the test DLL. Its Windows version is not
// known, so no lock state is reported.
func remoteScenario() []wireSession {
	return []wireSession{
		{ComputerName: "SRV02", ID: 0, SessionName: "Services", State: "Disconnected", Protocol: "Console"},
		{ComputerName: "SRV02", ID: 1, SessionName: "Console", State: "Connected", Protocol: "Console", IsConsole: true},
		{ComputerName: "SRV02", ID: 2, SessionName: "RDP-Tcp#1", UserName: "alice", Domain: "FABRIKAM", State: "Active",
			ClientName: "HOME-PC", ClientAddress: "192.168.1.20", Protocol: "RDP",
			LogonTime: sp("2026-11-24T09:55:00Z"), ConnectTime: sp("2026-11-24T09:55:00Z"),
			LastInputTime: sp("2026-11-24T09:59:55Z"), IdleSeconds: ip(5)},
	}
}

// compareSessions compares two lists field by field.
func compareSessions(t *testing.T, got, want []wireSession) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d sessions, want %d", len(got), len(want))
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		g, _ := json.Marshal(got[i])
		w, _ := json.Marshal(want[i])
		if string(g) != string(w) {
			t.Errorf("session %d:\n got %s\nwant %s", i, g, w)
		}
	}
}

func TestWine(t *testing.T) {
	w := newWineEnv(t)
	start := time.Now()
	defer func() { t.Logf("Wine suite ran in %v", time.Since(start).Round(time.Millisecond)) }()

	var computer string

	t.Run("server.info", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		var info struct {
			Backend          string          `json:"backend"`
			OS               string          `json:"os"`
			ComputerName     string          `json:"computerName"`
			CurrentSessionID *uint32         `json:"currentSessionId"`
			Capabilities     map[string]bool `json:"capabilities"`
		}
		h.result("server.info", map[string]any{}, &info)
		h.stop()
		if info.Backend != "wts" || info.OS != "windows" || info.ComputerName == "" {
			t.Errorf("server.info = %+v", info)
		}
		if info.CurrentSessionID == nil || *info.CurrentSessionID != 1 {
			t.Errorf("currentSessionId = %v, want 1 (Wine runs programs in session 1)", info.CurrentSessionID)
		}
		for _, c := range []string{"remote", "disconnect", "message", "processes"} {
			if !info.Capabilities[c] {
				t.Errorf("capability %s is false", c)
			}
		}
		computer = info.ComputerName
	})
	if computer == "" {
		t.Fatal("no computer name: cannot go on")
	}

	t.Run("session.list local, Windows 7 flags", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		var r listResult
		h.result("session.list", map[string]any{}, &r)
		log := h.stop()
		compareSessions(t, r.Sessions, localScenario(computer))
		if len(r.Failures) != 0 {
			t.Errorf("failures: %+v", r.Failures)
		}
		// The DLL reported the lock flags swapped, as Windows 7 does.
		if len(log) == 0 || log[0].kind != "attach" || log[0].kv["swapped"] != "1" || !strings.HasPrefix(log[0].kv["version"], "6.1.") {
			t.Errorf("the prefix does not report Windows 7: %v", log[0])
		}
		if len(calls(log, "WTSEnumerateSessionsExW")) != 1 || len(calls(log, "WTSEnumerateSessionsW")) != 0 {
			t.Errorf("want one WTSEnumerateSessionsExW and no fallback")
		}
		for _, c := range calls(log, "WTSEnumerateSessionsExW") {
			if c["server"] != "LOCAL" || c["level"] != "1" {
				t.Errorf("enumeration: %v", c)
			}
		}
		classes := map[string]int{}
		for _, c := range calls(log, "WTSQuerySessionInformationW") {
			classes[c["class"]]++
		}
		for _, class := range []string{"10", "14", "16", "24", "25"} {
			if classes[class] != 6 {
				t.Errorf("info class %s asked %d times, want once for each of 6 sessions", class, classes[class])
			}
		}
	})

	t.Run("session.list filters", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		var r listResult
		h.result("session.list", map[string]any{"userNames": []string{"j*RGEN"}}, &r)
		if len(r.Sessions) != 1 || r.Sessions[0].ID != 3 {
			t.Errorf("userNames j*RGEN: %+v", r.Sessions)
		}
		h.result("session.list", map[string]any{"states": []string{"Disconnected"}, "ids": []int{3, 4}}, &r)
		if len(r.Sessions) != 1 || r.Sessions[0].ID != 3 {
			t.Errorf("states+ids: %+v", r.Sessions)
		}
		h.stop()
	})

	t.Run("session.list remote hosts", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		var r listResult
		h.result("session.list", map[string]any{"computerNames": []string{".", "SRV02", "DEAD01"}}, &r)
		log := h.stop()
		want := append(localScenario(computer), remoteScenario()...)
		compareSessions(t, r.Sessions, want)
		if len(r.Failures) != 1 {
			t.Fatalf("failures = %+v, want one for DEAD01", r.Failures)
		}
		f := r.Failures[0]
		if f.ComputerName != "DEAD01" || f.Code != -32005 || f.Data["win32Code"] != float64(1722) {
			t.Errorf("DEAD01 failure = %+v, want -32005 with win32Code 1722", f)
		}
		opened := map[string]bool{}
		for _, c := range calls(log, "WTSOpenServerExW") {
			opened[c["name"]] = true
		}
		if !opened["SRV02"] || !opened["DEAD01"] || len(opened) != 2 {
			t.Errorf("opened %v, want SRV02 and DEAD01 only", opened)
		}
		if n := len(calls(log, "WTSCloseServer")); n != 2 {
			t.Errorf("%d WTSCloseServer, want 2", n)
		}
		// The dead host is not asked twice: no fallback after an RPC failure.
		for _, c := range calls(log, "WTSEnumerateSessionsW") {
			t.Errorf("fallback enumeration on %s", c["server"])
		}
	})

	t.Run("a blocked host stalls nobody", func(t *testing.T) {
		h := w.start(t, dllConfig{slowMS: 20000})
		began := time.Now()
		var r listResult
		h.result("session.list", map[string]any{"computerNames": []string{"SLOW01", "."}, "timeoutSeconds": 1}, &r)
		took := time.Since(began)
		h.cancel() // the blocked call never returns in time: end the process
		_ = h.cmd.Wait()
		if took > 8*time.Second {
			t.Errorf("session.list took %v with a 1 s timeout", took)
		}
		if len(r.Failures) != 1 || r.Failures[0].ComputerName != "SLOW01" || r.Failures[0].Code != -32006 {
			t.Errorf("failures = %+v, want a -32006 for SLOW01", r.Failures)
		}
		compareSessions(t, r.Sessions, localScenario(computer))
	})

	t.Run("session.logoff and session.disconnect", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		var a struct {
			ComputerName string `json:"computerName"`
			ID           uint32 `json:"id"`
			Action       string `json:"action"`
			Completed    bool   `json:"completed"`
		}
		h.result("session.logoff", map[string]any{"id": 2, "wait": true}, &a)
		if a.Action != "logoff" || a.ID != 2 || !a.Completed || a.ComputerName != computer {
			t.Errorf("logoff 2 = %+v", a)
		}
		h.result("session.disconnect", map[string]any{"id": 4, "wait": true}, &a)
		if a.Action != "disconnect" || a.ID != 4 || !a.Completed {
			t.Errorf("disconnect 4 = %+v", a)
		}
		h.result("session.logoff", map[string]any{"id": 3}, &a)
		if a.Completed {
			t.Errorf("logoff without wait reports completed")
		}
		h.result("session.disconnect", map[string]any{"id": 2, "computerName": "SRV02"}, &a)
		if a.ComputerName != "SRV02" || a.Completed {
			t.Errorf("disconnect SRV02 2 = %+v", a)
		}
		var r listResult
		h.result("session.list", map[string]any{}, &r)
		log := h.stop()

		ids := map[uint32]wireSession{}
		for _, s := range r.Sessions {
			ids[s.ID] = s
		}
		if _, ok := ids[2]; ok {
			t.Errorf("session 2 still listed after logoff")
		}
		if _, ok := ids[3]; ok {
			t.Errorf("session 3 still listed after logoff")
		}
		if s := ids[4]; s.State != "Disconnected" || s.DisconnectTime == nil || *s.DisconnectTime != "2026-11-24T10:00:00Z" || s.IdleSeconds == nil || *s.IdleSeconds != 0 {
			t.Errorf("session 4 after disconnect = %+v", s)
		}
		type act struct{ fn, server, session, wait string }
		var got []act
		for _, fn := range []string{"WTSLogoffSession", "WTSDisconnectSession"} {
			for _, c := range calls(log, fn) {
				got = append(got, act{fn, c["server"], c["session"], c["wait"]})
			}
		}
		want := []act{
			{"WTSLogoffSession", "LOCAL", "2", "1"},
			{"WTSLogoffSession", "LOCAL", "3", "0"},
			{"WTSDisconnectSession", "LOCAL", "4", "1"},
			{"WTSDisconnectSession", "SRV02", "2", "0"},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("calls reaching the DLL:\n got %v\nwant %v", got, want)
		}
	})

	t.Run("own session, session 0 and the listener are refused without force", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		for _, id := range []int{1, 0, 65536} {
			d := h.fails("session.logoff", map[string]any{"id": id}, -32003)
			if d["reason"] == nil || d["reason"] == "" {
				t.Errorf("refusal of %d has no reason: %v", id, d)
			}
			h.fails("session.disconnect", map[string]any{"id": id}, -32003)
		}
		var a struct {
			Completed bool `json:"completed"`
		}
		h.result("session.logoff", map[string]any{"id": 1, "force": true, "wait": true}, &a)
		log := h.stop()
		got := calls(log, "WTSLogoffSession")
		if len(got) != 1 || got[0]["session"] != "1" || got[0]["wait"] != "1" {
			t.Errorf("WTSLogoffSession calls = %v, want only the forced one of session 1", got)
		}
		if n := len(calls(log, "WTSDisconnectSession")); n != 0 {
			t.Errorf("%d refused disconnects reached the DLL", n)
		}
	})

	t.Run("session.message", func(t *testing.T) {
		title := "Wartung \u2013 Neustart"
		text := "Bitte speichern Sie Ihre Arbeit \U0001F4BE"
		tests := []struct {
			name      string
			title     string
			buttons   string
			response  string
			wait      bool
			timeout   int
			want      string
			wantStyle string
			wantTitle string // what the DLL must see, when not the title
		}{
			{name: "ok", title: title, buttons: "ok", response: "1", wait: true, want: "ok", wantStyle: "0"},
			{name: "cancel", title: title, buttons: "okCancel", response: "2", wait: true, want: "cancel", wantStyle: "1"},
			{name: "yes", title: title, buttons: "yesNo", response: "6", wait: true, want: "yes", wantStyle: "4"},
			{name: "no", title: title, buttons: "yesNo", response: "7", wait: true, want: "no", wantStyle: "4"},
			{name: "timeout", title: title, buttons: "okCancel", response: "32000", wait: true, timeout: 30, want: "timeout", wantStyle: "1"},
			{name: "0 from an older server is a timeout", title: title, buttons: "yesNo", response: "0", wait: true, timeout: 30,
				want: "timeout", wantStyle: "4"},
			{name: "an empty title is sent as a space", title: "", buttons: "ok", response: "1", wait: true, want: "ok",
				wantStyle: "0", wantTitle: " "},
			{name: "async without wait", title: title, buttons: "", wait: false, want: "async", wantStyle: "0"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := w.start(t, dllConfig{response: tt.response})
				params := map[string]any{"id": 2, "title": tt.title, "text": text, "wait": tt.wait}
				if tt.buttons != "" {
					params["buttons"] = tt.buttons
				}
				if tt.timeout > 0 {
					params["timeoutSeconds"] = tt.timeout
				}
				var m struct {
					ID       uint32 `json:"id"`
					Response string `json:"response"`
				}
				h.result("session.message", params, &m)
				log := h.stop()
				if m.Response != tt.want || m.ID != 2 {
					t.Errorf("response = %+v, want %q", m, tt.want)
				}
				c := calls(log, "WTSSendMessageW")
				if len(c) != 1 {
					t.Fatalf("%d WTSSendMessageW calls", len(c))
				}
				wantWait := map[bool]string{true: "1", false: "0"}[tt.wait]
				if c[0]["style"] != tt.wantStyle || c[0]["wait"] != wantWait || c[0]["timeout"] != strconv.Itoa(tt.timeout) ||
					c[0]["session"] != "2" || c[0]["lenok"] != "1" {
					t.Errorf("WTSSendMessageW call = %v", c[0])
				}
				wantTitle := tt.title
				if tt.wantTitle != "" {
					wantTitle = tt.wantTitle
				}
				gotTitle, _ := hex.DecodeString(c[0]["title"])
				gotText, _ := hex.DecodeString(c[0]["text"])
				if string(gotTitle) != wantTitle || string(gotText) != text {
					t.Errorf("the DLL saw title %q text %q", gotTitle, gotText)
				}
			})
		}
	})

	t.Run("session.processes", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		type proc struct {
			ComputerName    string   `json:"computerName"`
			SessionID       uint32   `json:"sessionId"`
			ProcessID       uint32   `json:"processId"`
			Name            string   `json:"name"`
			UserName        string   `json:"userName"`
			Domain          string   `json:"domain"`
			WorkingSetBytes *uint64  `json:"workingSetBytes"`
			CPUSeconds      *float64 `json:"cpuSeconds"`
			ThreadCount     *uint32  `json:"threadCount"`
			HandleCount     *uint32  `json:"handleCount"`
		}
		var all, one, remote struct {
			Processes []proc `json:"processes"`
		}
		h.result("session.processes", map[string]any{}, &all)
		h.result("session.processes", map[string]any{"ids": []int{1}}, &one)
		h.result("session.processes", map[string]any{"computerName": "SRV02", "ids": []int{2}}, &remote)
		log := h.stop()

		want := []string{
			"0/0 System Idle Process  ws=8192 cpu=0 threads=2 handles=0",
			"0/4 System NT AUTHORITY\\SYSTEM ws=143360 cpu=12.345 threads=150 handles=3000",
			"0/640 services.exe NT AUTHORITY\\SYSTEM ws=9011200 cpu=2 threads=8 handles=700",
			"1/700 csrss.exe NT AUTHORITY\\SYSTEM ws=5242880 cpu=0.3 threads=12 handles=500",
			"1/4242 explorer.exe \\S-1-5-21-1-2-3-1001 ws=81920000 cpu=42 threads=70 handles=2400",
			"2/5100 notepad.exe \\S-1-5-21-1-2-3-1002 ws=12582912 cpu=0.2 threads=4 handles=230",
			"3/5200 \u00dcbersicht.exe \\S-1-5-21-1-2-3-1003 ws=20971520 cpu=0 threads=9 handles=310",
			"4/5300 rdpclip.exe NT AUTHORITY\\NETWORK SERVICE ws=4194304 cpu=0.003 threads=6 handles=150",
		}
		format := func(p proc) string {
			user := ""
			if p.UserName != "" {
				user = p.Domain + `\` + p.UserName
			}
			if p.WorkingSetBytes == nil || p.CPUSeconds == nil || p.ThreadCount == nil || p.HandleCount == nil {
				return fmt.Sprintf("%d/%d %s: missing counters", p.SessionID, p.ProcessID, p.Name)
			}
			return fmt.Sprintf("%d/%d %s %s ws=%d cpu=%g threads=%d handles=%d", p.SessionID, p.ProcessID, p.Name, user,
				*p.WorkingSetBytes, *p.CPUSeconds, *p.ThreadCount, *p.HandleCount)
		}
		if len(all.Processes) != len(want) {
			t.Errorf("%d processes, want %d", len(all.Processes), len(want))
		}
		for i := 0; i < len(all.Processes) && i < len(want); i++ {
			if got := format(all.Processes[i]); got != want[i] {
				t.Errorf("process %d:\n got %s\nwant %s", i, got, want[i])
			}
			if all.Processes[i].ComputerName != computer {
				t.Errorf("process %d on %q", i, all.Processes[i].ComputerName)
			}
		}
		if len(one.Processes) != 2 || one.Processes[0].ProcessID != 700 || one.Processes[1].ProcessID != 4242 {
			t.Errorf("ids [1]: %+v", one.Processes)
		}
		if len(remote.Processes) != 1 || remote.Processes[0].Name != "winword.exe" || remote.Processes[0].ComputerName != "SRV02" {
			t.Errorf("SRV02 ids [2]: %+v", remote.Processes)
		}
		for _, c := range calls(log, "WTSEnumerateProcessesExW") {
			if c["level"] != "1" || c["session"] != "-2" {
				t.Errorf("WTSEnumerateProcessesExW call %v, want level 1 for WTS_ANY_SESSION", c)
			}
		}
	})

	t.Run("errors map to their codes", func(t *testing.T) {
		tests := []struct {
			name     string
			fail     string
			method   string
			params   map[string]any
			code     int
			win32    float64 // 0: not checked
			wantHint string  // a word the hint must contain, "" for no hint
		}{
			{name: "logoff access denied", fail: "WTSLogoffSession:5", method: "session.logoff",
				params: map[string]any{"id": 2}, code: -32001, win32: 5, wantHint: "elevated"},
			{name: "disconnect WinStation access denied", fail: "WTSDisconnectSession:7045", method: "session.disconnect",
				params: map[string]any{"id": 4}, code: -32001, win32: 7045, wantHint: "elevated"},
			{name: "list access denied", fail: "WTSEnumerateSessionsExW:5;WTSEnumerateSessionsW:5", method: "session.list",
				params: map[string]any{"computerNames": []string{"SRV02"}}, code: -32001, win32: 5, wantHint: "AllowRemoteRPC"},
			{name: "Kerberos finds no account for the name", fail: "WTSEnumerateSessionsExW:1396;WTSEnumerateSessionsW:1396", method: "session.list",
				params: map[string]any{"computerNames": []string{"SRV02"}}, code: -32001, win32: 1396, wantHint: "Kerberos"},
			{name: "a security package error (clock skew)", fail: "WTSLogoffSession:1825", method: "session.logoff",
				params: map[string]any{"id": 2, "computerName": "SRV02"}, code: -32001, win32: 1825, wantHint: "clocks"},
			{name: "no logon servers", fail: "WTSSendMessageW:1311", method: "session.message",
				params: map[string]any{"id": 2, "computerName": "SRV02", "title": "t", "text": "x"}, code: -32001, win32: 1311, wantHint: "domain controller"},
			{name: "logon type not granted", fail: "WTSDisconnectSession:1385", method: "session.disconnect",
				params: map[string]any{"id": 2, "computerName": "SRV02"}, code: -32001, win32: 1385, wantHint: "credentials"},
			{name: "other credentials in use", fail: "WTSEnumerateProcessesExW:1219", method: "session.processes",
				params: map[string]any{"computerName": "SRV02"}, code: -32001, win32: 1219, wantHint: "net use"},
			{name: "the host lacks the call", fail: "WTSLogoffSession:1745", method: "session.logoff",
				params: map[string]any{"id": 2, "computerName": "SRV02"}, code: -32004, win32: 1745},
			{name: "logoff of a session that ended after its lookup", fail: "WTSLogoffSession:7022", method: "session.logoff",
				params: map[string]any{"id": 2}, code: -32002, win32: 7022},
			{name: "forced logoff of a session that is gone", method: "session.logoff",
				params: map[string]any{"id": 99, "force": true}, code: -32002},
			{name: "logoff of a session that is not listed", method: "session.logoff",
				params: map[string]any{"id": 99}, code: -32002},
			{name: "message to a session that is gone", method: "session.message",
				params: map[string]any{"id": 42, "title": "t", "text": "x"}, code: -32002, win32: 7022},
			{name: "message refused", fail: "WTSSendMessageW:5:2", method: "session.message",
				params: map[string]any{"id": 2, "title": "t", "text": "x"}, code: -32001, win32: 5, wantHint: "elevated"},
			{name: "processes not implemented", fail: "WTSEnumerateProcessesExW:120", method: "session.processes",
				params: map[string]any{}, code: -32004, win32: 120},
			{name: "processes of an unreachable host", method: "session.processes",
				params: map[string]any{"computerName": "DEAD01"}, code: -32005, win32: 1722, wantHint: "AllowRemoteRPC"},
			{name: "logoff on an unreachable host", method: "session.logoff",
				params: map[string]any{"id": 2, "computerName": "DEAD01", "force": true}, code: -32005, win32: 1722, wantHint: "firewall"},
			{name: "open fails at once", fail: "WTSOpenServerExW:53", method: "session.message",
				params: map[string]any{"computerName": "FAR01", "id": 2, "title": "t", "text": "x"}, code: -32005, win32: 53, wantHint: "firewall"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := w.start(t, dllConfig{fail: tt.fail})
				var d map[string]interface{}
				if tt.method == "session.list" {
					var r listResult
					h.result(tt.method, tt.params, &r)
					if len(r.Failures) != 1 || r.Failures[0].Code != tt.code {
						t.Fatalf("failures = %+v, want one with %d", r.Failures, tt.code)
					}
					d = r.Failures[0].Data
				} else {
					d = h.fails(tt.method, tt.params, tt.code)
				}
				h.stop()
				if tt.win32 != 0 && d["win32Code"] != tt.win32 {
					t.Errorf("data = %v, want win32Code %v", d, tt.win32)
				}
				hint, _ := d["hint"].(string)
				switch {
				case tt.wantHint == "" && hint != "":
					t.Errorf("hint = %q, want none", hint)
				case !strings.Contains(hint, tt.wantHint):
					t.Errorf("hint = %q, want one that mentions %q", hint, tt.wantHint)
				}
			})
		}
	})

	t.Run("fallbacks and partial answers", func(t *testing.T) {
		// Without WTSEnumerateSessionsExW, WTSEnumerateSessionsW lists the
		// sessions and the names come from WTSINFOW.
		h := w.start(t, dllConfig{fail: "WTSEnumerateSessionsExW:120;WTSQuerySessionInformationW:5:2:24"})
		var r listResult
		h.result("session.list", map[string]any{}, &r)
		log := h.stop()
		want := localScenario(computer)
		// Session 2 answered no WTSSessionInfo: its times are unknown, its
		// user comes from nowhere.
		want[2].UserName, want[2].Domain = "", ""
		want[2].LogonTime, want[2].ConnectTime = nil, nil
		// Without a user there is no lock state to report.
		want[2].Locked = nil
		compareSessions(t, r.Sessions, want)
		if n := len(calls(log, "WTSEnumerateSessionsW")); n != 1 {
			t.Errorf("%d WTSEnumerateSessionsW calls, want 1", n)
		}
	})

	t.Run("Windows 10 lock flags", func(t *testing.T) {
		w.setVersion(t, "win10")
		h := w.start(t, dllConfig{})
		var r listResult
		h.result("session.list", map[string]any{}, &r)
		log := h.stop()
		if len(log) == 0 || log[0].kv["swapped"] != "0" || !strings.HasPrefix(log[0].kv["version"], "10.") {
			t.Fatalf("the prefix does not report Windows 10: %v", log)
		}
		compareSessions(t, r.Sessions, localScenario(computer))
	})

	t.Run("package tests under Wine", func(t *testing.T) {
		// The Windows side of this package's tests (backend_windows_test.go
		// and the pure tables), cross-compiled and run against the DLL.
		exe := filepath.Join(w.dir, "wts.test.exe")
		cmd := exec.Command(w.gobin, "test", "-c", "-o", exe, ".")
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building wts.test.exe: %v\n%s", err, b)
		}
		logPath := filepath.Join(w.dir, "package-tests.log")
		outPath := filepath.Join(w.dir, "package-tests.out")
		out, err := os.Create(outPath)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		cmd = exec.CommandContext(ctx, w.wine, exe, "-test.v", "-test.count=1")
		cmd.Env = append(append([]string{}, w.env...),
			"WTSTEST_WINE=1",
			"WTSTEST_FAIL=WTSLogoffSession:5",
			"WTSTEST_LOG=Z:"+strings.ReplaceAll(logPath, "/", `\`))
		cmd.Stdout, cmd.Stderr = out, out
		cmd.WaitDelay = 5 * time.Second
		runErr := cmd.Run()
		b, _ := os.ReadFile(outPath)
		if runErr != nil {
			t.Fatalf("wts.test.exe: %v\n%s", runErr, b)
		}
		for _, name := range []string{"TestWithServerAbandonsABlockedCall", "TestErrorsKeepTheWin32Code",
			"TestBackendAgainstTheTestDLL", "TestLayoutsNative", "TestLayoutsOnEveryArchitecture", "TestLocked"} {
			if !strings.Contains(string(b), "--- PASS: "+name+" ") {
				t.Errorf("%s did not pass under Wine:\n%s", name, b)
			}
		}
		checkMemory(t, readLog(t, logPath))
	})

	t.Run("call subcommand", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		var logs []string
		run := func(args ...string) (string, string, error) {
			logPath := filepath.Join(w.dir, fmt.Sprintf("call-%d.log", len(logs)))
			logs = append(logs, logPath)
			cmd := exec.CommandContext(ctx, w.wine, append([]string{w.exe, "call"}, args...)...)
			cmd.Env = append(append([]string{}, w.env...), "WTSTEST_LOG=Z:"+strings.ReplaceAll(logPath, "/", `\`))
			var out, errOut strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errOut
			err := cmd.Run()
			return out.String(), errOut.String(), err
		}
		out, errText, err := run("session.list", `{"ids":[4]}`)
		if err != nil {
			t.Fatalf("call session.list: %v\n%s", err, errText)
		}
		var r listResult
		if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Sessions) != 1 || r.Sessions[0].ClientAddress != "2001:db8::9" {
			t.Errorf("call session.list = %s (%v)", out, err)
		}
		_, stderr, err := run("session.logoff", `{"id":1}`)
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(stderr, "-32003") {
			t.Errorf("call session.logoff own session: %v %s", err, stderr)
		}
		for _, l := range logs {
			checkMemory(t, readLog(t, l))
		}
	})
}
