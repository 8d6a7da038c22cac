//go:build linux

package wts

// Processes, the helper's lifeline, watches, audit records, the call
// subcommand and the package's own tests under Wine.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/procfs"
)

// TestWineProcesses: session.processes
func TestWineProcesses(t *testing.T) {
	w := wineSuite(t)
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
		SID             *string  `json:"sid"`
	}
	var all, one, remote struct {
		Processes []proc `json:"processes"`
	}
	h.result("session.processes", map[string]any{}, &all)
	h.result("session.processes", map[string]any{"ids": []int{1}}, &one)
	h.result("session.processes", map[string]any{"computerName": "SRV02", "ids": []int{2}}, &remote)
	log := h.stop()

	// The helper's own process (the last) has a working set of 6 GiB,
	// which WTS's 32-bit field reports as 2 GiB: on the local machine
	// GetProcessMemoryInfo gives the whole of it. CPU times come from
	// GetProcessTimes of the processes the helper can open, its own (the
	// DLL's UserTime and KernelTime, whose unit is unsettled, are not
	// read): null for the others.
	want := []string{
		"0/0 System Idle Process  ws=8192 cpu=null threads=2 handles=0 sid=<nil>",
		"0/4 System NT AUTHORITY\\SYSTEM ws=143360 cpu=null threads=150 handles=3000 sid=S-1-5-18",
		"0/642 services.exe NT AUTHORITY\\SYSTEM ws=9011200 cpu=null threads=8 handles=700 sid=S-1-5-18",
		"1/702 csrss.exe NT AUTHORITY\\SYSTEM ws=5242880 cpu=null threads=12 handles=500 sid=S-1-5-18",
		"1/4242 explorer.exe \\S-1-5-21-1-2-3-1001 ws=81920000 cpu=null threads=70 handles=2400 sid=S-1-5-21-1-2-3-1001",
		"2/5102 notepad.exe \\S-1-5-21-1-2-3-1002 ws=12582912 cpu=null threads=4 handles=230 sid=S-1-5-21-1-2-3-1002",
		"3/5202 \u00dcbersicht.exe \\S-1-5-21-1-2-3-1003 ws=20971520 cpu=null threads=9 handles=310 sid=S-1-5-21-1-2-3-1003",
		"4/5302 rdpclip.exe NT AUTHORITY\\NETWORK SERVICE ws=4194304 cpu=null threads=6 handles=150 sid=S-1-5-20",
		"1/own usersession.exe \\S-1-5-21-1-2-3-1001 ws=6442450944 cpu=read threads=11 handles=120 sid=S-1-5-21-1-2-3-1001",
	}
	own := ""
	for _, l := range log {
		if l.kind == "attach" {
			own = l.kv["pid"]
		}
	}
	format := func(p proc) string {
		user := ""
		if p.UserName != "" {
			user = p.Domain + `\` + p.UserName
		}
		if p.WorkingSetBytes == nil || p.ThreadCount == nil || p.HandleCount == nil {
			return fmt.Sprintf("%d/%d %s: missing counters", p.SessionID, p.ProcessID, p.Name)
		}
		pid := strconv.FormatUint(uint64(p.ProcessID), 10)
		if pid == own {
			pid = "own"
		}
		sid := "<nil>"
		if p.SID != nil {
			sid = *p.SID
		}
		cpu := "null"
		if p.CPUSeconds != nil && *p.CPUSeconds > 0 {
			cpu = "read"
		} else if p.CPUSeconds != nil {
			cpu = fmt.Sprint(*p.CPUSeconds)
		}
		return fmt.Sprintf("%d/%s %s %s ws=%d cpu=%s threads=%d handles=%d sid=%s", p.SessionID, pid, p.Name, user,
			*p.WorkingSetBytes, cpu, *p.ThreadCount, *p.HandleCount, sid)
	}
	if len(all.Processes) != len(want) {
		t.Errorf("%d processes, want %d", len(all.Processes), len(want))
	}
	for i := 0; i < len(all.Processes) && i < len(want); i++ {
		if got := format(all.Processes[i]); got != want[i] {
			t.Errorf("process %d:\n got %s\nwant %s", i, got, want[i])
		}
		if all.Processes[i].ComputerName != w.computer {
			t.Errorf("process %d on %q", i, all.Processes[i].ComputerName)
		}
	}
	if len(one.Processes) != 3 || one.Processes[0].ProcessID != 702 || one.Processes[1].ProcessID != 4242 {
		t.Errorf("ids [1]: %+v", one.Processes)
	}
	if len(remote.Processes) != 1 || remote.Processes[0].Name != "winword.exe" || remote.Processes[0].ComputerName != "SRV02" ||
		*remote.Processes[0].WorkingSetBytes != 209715200 {
		t.Errorf("SRV02 ids [2]: %+v", remote.Processes)
	}
	for _, c := range calls(log, "WTSEnumerateProcessesExW") {
		if c["level"] != "1" || c["session"] != "-2" {
			t.Errorf("WTSEnumerateProcessesExW call %v, want level 1 for WTS_ANY_SESSION", c)
		}
	}
	// Only the local processes are opened; the helper's own answers.
	read := 0
	for _, c := range calls(log, "GetProcessMemoryInfo") {
		if c["pid"] == own && c["result"] == "1" {
			read++
		}
		if c["pid"] == "7100" {
			t.Errorf("a remote process was read locally: %v", c)
		}
	}
	if read != 2 {
		t.Errorf("the helper's own working set was read %d times, want once for each local listing", read)
	}
}

// TestWinePackageTests: package tests under Wine
func TestWinePackageTests(t *testing.T) {
	w := wineSuite(t)
	// The Windows side of this package's tests (backend_windows_test.go
	// and the pure tables), cross-compiled and run against the DLLs.
	dir := t.TempDir()
	exe := filepath.Join(dir, "wts.test.exe")
	w.goTest(t, exe, ".")
	logPath := filepath.Join(dir, "package-tests.log")
	env := append(w.environ(dllConfig{fail: "WTSLogoffSession:5", trigger: filepath.Join(dir, "trigger")}, logPath),
		"WTSTEST_WINE=1")
	out := w.run(t, 90*time.Second, env, exe, "-test.v", "-test.count=1")
	mustPass(t, out, "TestErrorsKeepTheWin32Code", "TestBackendAgainstTheTestDLL", "TestWatcher",
		"TestLayoutsNative", "TestLayoutsOnEveryArchitecture", "TestLocked")
	log := readLog(t, logPath)
	checkMemory(t, log)
	// Each watch waited, and Close woke it with WTS_EVENT_FLUSH.
	waits := map[string]int{}
	for _, c := range calls(log, "WTSWaitSystemEvent") {
		waits[c["server"]+" "+c["mask"]+" "+c["flags"]]++
	}
	t.Logf("WTSWaitSystemEvent returns: %v", waits)
	if waits["LOCAL 0x7fffffff 0xa0"] != 2 || waits["SRV02 0x7fffffff 0xa0"] != 2 ||
		waits["LOCAL 0x80000000 0x0"] < 1 || waits["SRV02 0x80000000 0x0"] < 1 {
		t.Errorf("WTSWaitSystemEvent calls %v, want two events on each host and a flush to close each watch", waits)
	}
	// The remote watch waits on a handle of WTSOpenServerW, the one
	// WTSWaitSystemEvent's page documents.
	if ex, plain := calls(log, "WTSOpenServerExW"), calls(log, "WTSOpenServerW"); len(ex) != 0 || len(plain) == 0 {
		t.Errorf("opens: WTSOpenServerExW %v, WTSOpenServerW %v; want WTSOpenServerW only", ex, plain)
	}
}

// TestWineLifeline: the helper ends with the process that started it
func TestWineLifeline(t *testing.T) {
	w := wineSuite(t)
	// parent.exe plays PowerShell: it starts usersession.exe serve
	// --parent-pid <its id> with its own standard handles, which are
	// this test's pipes, and sleeps; the test kills it.
	dir := t.TempDir()
	parent := filepath.Join(dir, "parent.exe")
	if err := w.compile(parent, "-municode", filepath.Join("testdata", "lifeline", "parent.c")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.wine, parent, winPath(w.exe), "serve")
	cmd.Env = w.environ(dllConfig{}, filepath.Join(dir, "lifeline.log"))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatalf("reading the helper's id from parent.exe: %v", err)
	}
	winPID := strings.TrimSpace(line)
	// The helper answers on the parent's pipes.
	if _, err := stdin.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"server.info"}` + "\n")); err != nil {
		t.Fatal(err)
	}
	if line, err := out.ReadString('\n'); err != nil || !strings.Contains(line, `"backend":"wts"`) {
		t.Fatalf("server.info through parent.exe's pipes: %q, %v", line, err)
	}
	helper := unixProcess(t, w.exe, "--parent-pid")
	if helper == 0 {
		t.Fatal("the helper's process is not found in /proc")
	}
	killed := time.Now()
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = cmd.Process.Wait() // not cmd.Wait, which would close the helper's output
	for processRuns(helper) {
		if time.Since(killed) > 5*time.Second {
			t.Fatalf("usersession.exe (Windows id %s, process %d) still runs 5 s after its parent was killed", winPID, helper)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("usersession.exe ended %v after parent.exe was killed", time.Since(killed).Round(time.Millisecond))
}

// TestWineWatchAndAudit: session.watch: a change the system signals is an event; every action in the audit log; resources
func TestWineWatchAndAudit(t *testing.T) {
	w := wineSuite(t)
	dir := t.TempDir()
	trigger := filepath.Join(dir, "watch-trigger")
	auditLog := filepath.Join(dir, "watch-audit.jsonl")
	h := w.start(t, dllConfig{trigger: trigger, args: []string{"serve", "--audit-log", winPath(auditLog)}})
	var watch struct {
		WatchID string `json:"watchId"`
	}
	h.result("session.watch", map[string]any{}, &watch)
	if watch.WatchID == "" {
		t.Fatal("session.watch answered no watchId")
	}
	var act struct {
		Completed bool `json:"completed"`
	}
	h.result("session.logoff", map[string]any{"id": 2, "reason": "stale"}, &act)
	h.fails("session.logoff", map[string]any{"id": 1}, -32003)
	// The DLL's WTSWaitSystemEvent returns when this file appears.
	if err := os.WriteFile(trigger, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var ev struct {
		Method string `json:"method"`
		Params struct {
			WatchID  string          `json:"watchId"`
			ID       uint32          `json:"id"`
			UserName string          `json:"userName"`
			Event    string          `json:"event"`
			Session  json.RawMessage `json:"session"`
		} `json:"params"`
	}
	deadline := time.Now().Add(30 * time.Second)
	for ev.Method != "session.event" {
		if time.Now().After(deadline) {
			t.Fatal("no session.event within 30 s of the system's signal")
		}
		line, err := h.out.ReadBytes('\n')
		if err != nil {
			t.Fatalf("reading the event: %v\nstderr: %s", err, h.stderrText())
		}
		_ = json.Unmarshal(line, &ev)
	}
	if ev.Params.WatchID != watch.WatchID || ev.Params.Event != "logoff" || ev.Params.ID != 2 || ev.Params.UserName != "bob" ||
		string(ev.Params.Session) != "null" {
		t.Errorf("event %+v, want the logoff of bob's session 2 with no session", ev.Params)
	}
	var withResources struct {
		Sessions []struct {
			ProcessCount    *uint32 `json:"processCount"`
			WorkingSetBytes *uint64 `json:"workingSetBytes"`
		} `json:"sessions"`
	}
	raw := h.call("session.list", map[string]any{"includeResources": true, "ids": []int{1}})
	if err := json.Unmarshal(raw.Result, &withResources); err != nil || len(withResources.Sessions) != 1 ||
		withResources.Sessions[0].ProcessCount == nil || *withResources.Sessions[0].ProcessCount == 0 ||
		withResources.Sessions[0].WorkingSetBytes == nil || *withResources.Sessions[0].WorkingSetBytes == 0 {
		t.Errorf("session.list includeResources = %s, want session 1 with its processes counted and summed", raw.Result)
	}
	h.call("session.unwatch", map[string]any{"watchId": watch.WatchID})
	h.stop()
	data, err := os.ReadFile(auditLog)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], `"action":"logoff","computerName":"`) ||
		!strings.Contains(lines[0], `"sessionId":2,"userName":"bob","domain":"CONTOSO","reason":"stale","result":"intent"`) ||
		!strings.Contains(lines[1], `"sessionId":2,"userName":"bob","domain":"CONTOSO","reason":"stale","result":"requested"`) ||
		!strings.Contains(lines[2], `"sessionId":1,"userName":"admin"`) || !strings.Contains(lines[2], `"result":"refused","code":-32003`) {
		t.Errorf("audit log:\n%s\nwant the intent and the requested logoff of session 2 (no wait), and the refused one of session 1", data)
	}
}

// TestWineEventLog: the audit trail in the Windows event log
func TestWineEventLog(t *testing.T) {
	w := wineSuite(t)
	// internal/audit's Windows tests register the event source and
	// write a record of each action and result, then write without a
	// registration. Wine's ReportEventW stores nothing (nothing can be
	// read back) but traces what it is given: each call's type and
	// event id on the advapi channel, each line of its text on the
	// eventlog channel, as trace, warn or err by type.
	//
	// They run in a prefix of their own: every helper of the other tests
	// that acts registers the same event source in the shared prefix's
	// HKLM, which the test of writing without a registration must not
	// find there.
	dir := t.TempDir()
	exe := filepath.Join(dir, "audit.test.exe")
	w.goTest(t, exe, "github.com/usersession/usersession/internal/audit")
	env := append(append(w.environ(dllConfig{}, filepath.Join(dir, "audit.log")), "WTSTEST_WINE=1",
		"WINEDEBUG=fixme+advapi,+eventlog"), w.privatePrefix(t)...)
	out := w.run(t, 60*time.Second, env, exe, "-test.v", "-test.count=1")
	mustPass(t, out, "TestEventLogRegistersItsSourceAndWrites", "TestEventLogWritesWhenItCannotRegister")
	wrote := regexp.MustCompile(`^wrote event id=(\d+) type=(0x[0-9a-f]+) action=(\w+) result=(\w+)$`)
	reported := regexp.MustCompile(`fixme:advapi:ReportEventW \([0-9A-Fa-f]+,0x([0-9a-f]{4}),0x[0-9a-f]{4},0x([0-9a-f]{8}),`)
	// Wine shows the text escaped, and cut after some 300 characters.
	text := regexp.MustCompile(`:(trace|warn|err):eventlog:ReportEventW L"(.*)`)
	channel := map[uint64]string{4: "trace", 2: "warn", 1: "err"}
	type event struct {
		id      string
		typ     uint64
		channel string
		first   string
	}
	var want, got []event
	var pending *event
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := wrote.FindStringSubmatch(line); m != nil {
			typ, _ := strconv.ParseUint(strings.TrimPrefix(m[2], "0x"), 16, 16)
			want = append(want, event{m[1], typ, channel[typ], "usersession " + m[3] + " of session 2 (CONTOSO\\\\bob) on RDS01: " + m[4]})
			continue
		}
		if m := reported.FindStringSubmatch(line); m != nil {
			id, _ := strconv.ParseUint(m[2], 16, 32)
			typ, _ := strconv.ParseUint(m[1], 16, 16)
			got = append(got, event{id: strconv.FormatUint(id, 10), typ: typ})
			pending = &got[len(got)-1]
			continue
		}
		if m := text.FindStringSubmatch(line); m != nil && pending != nil {
			pending.channel, pending.first = m[1], m[2]
			pending = nil
		}
	}
	if len(want) != 24 || len(got) != len(want) {
		t.Fatalf("%d records written, %d reached ReportEventW; want 24 each\n%s", len(want), len(got), out)
	}
	for i := range want {
		if got[i].id != want[i].id || got[i].typ != want[i].typ || got[i].channel != want[i].channel ||
			!strings.HasPrefix(got[i].first, want[i].first) {
			t.Errorf("event %d: ReportEventW got %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, e := range got {
		if !strings.Contains(e.first, `\r\n\r\n{\"time\":`) {
			t.Errorf("event %s: no JSON after the text: %s", e.id, e.first)
			break
		}
	}
	t.Logf("%d events reached ReportEventW with their ids and types, e.g. %+v", len(got), got[2])
}

// TestWineCallSubcommand: call subcommand
func TestWineCallSubcommand(t *testing.T) {
	w := wineSuite(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var logs []string
	run := func(args ...string) (string, string, error) {
		logPath := filepath.Join(dir, fmt.Sprintf("call-%d.log", len(logs)))
		logs = append(logs, logPath)
		cmd := exec.CommandContext(ctx, w.wine, append([]string{w.exe, "call"}, args...)...)
		cmd.Env = w.environ(dllConfig{}, logPath)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		return out.String(), errOut.String(), err
	}
	out, errText, err := run("session.list", `{"ids":[2]}`)
	if err != nil {
		t.Fatalf("call session.list: %v\n%s", err, errText)
	}
	var r listResult
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Sessions) != 1 || r.Sessions[0].ClientAddress != "10.0.0.7" {
		t.Errorf("call session.list = %s (%v)", out, err)
	}
	_, stderr, err := run("session.logoff", `{"id":1}`)
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(stderr, "-32003") {
		t.Errorf("call session.logoff own session: %v %s", err, stderr)
	}
	for _, l := range logs {
		checkMemory(t, readLog(t, l))
	}
}

// unixProcess finds the Linux process that runs the Windows program exe
// with an argument arg, or 0.
func unixProcess(t *testing.T, exe, arg string) int {
	t.Helper()
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(exe)
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
		if err != nil {
			continue
		}
		cmdline := strings.ReplaceAll(string(b), "\x00", " ")
		if strings.Contains(cmdline, base) && strings.Contains(cmdline, arg) && processRuns(pid) {
			return pid
		}
	}
	return 0
}

// processRuns reports whether Linux process pid runs: it exists and has
// not exited (an orphan may wait as a zombie for a reaper).
func processRuns(pid int) bool {
	st, err := procfs.ReadStat(pid)
	return err == nil && !st.Zombie()
}
