//go:build linux

package wts

// The Wine suite: the real usersession.exe, built for windows/amd64, runs
// under Wine against a test wtsapi32.dll (testdata/wtsapi32/wtsapi32.c)
// and its siblings, which serve a fixed scenario, log every call,
// allocation and free, and fail or block the calls they are told to. The
// test talks JSON-RPC to the executable over pipes, one request at a time,
// and checks the answers against the scenario and the DLLs' log. The
// machinery is in wine_env_test.go.
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
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/procfs"
)

// display is a client's display on the wire.
type display struct {
	Width      uint32 `json:"width"`
	Height     uint32 `json:"height"`
	ColorDepth uint32 `json:"colorDepth"`
}

// wireSession is a session as it comes off the wire, times as strings.
type wireSession struct {
	ComputerName   string   `json:"computerName"`
	ID             uint32   `json:"id"`
	SessionName    string   `json:"sessionName"`
	UserName       string   `json:"userName"`
	Domain         string   `json:"domain"`
	State          string   `json:"state"`
	ClientName     string   `json:"clientName"`
	ClientAddress  string   `json:"clientAddress"`
	Protocol       string   `json:"protocol"`
	LogonTime      *string  `json:"logonTime"`
	ConnectTime    *string  `json:"connectTime"`
	DisconnectTime *string  `json:"disconnectTime"`
	LastInputTime  *string  `json:"lastInputTime"`
	IdleSeconds    *int64   `json:"idleSeconds"`
	Locked         *bool    `json:"locked"`
	IsCurrent      bool     `json:"isCurrent"`
	IsConsole      bool     `json:"isConsole"`
	SID            *string  `json:"sid"`
	AccountName    *string  `json:"accountName"`
	IsRemote       *bool    `json:"isRemote"`
	ClientBuild    *uint32  `json:"clientBuild"`
	ClientDisplay  *display `json:"clientDisplay"`
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
func up(u uint32) *uint32 { return &u }

// localScenario is the local host of the test DLL, as the wire must show
// it. The DLL's clock reads 2026-11-24T10:00:00Z. The sessions of the two
// virtual machines of the DLL's enumeration are not the host's, and are
// not listed. Session 1 is the console and the helper's own: its idle
// time comes from GetLastInputInfo (see ownConsole), not from here. No
// SID is known: Wine resolves none of these accounts.
func localScenario(computer string) []wireSession {
	return []wireSession{
		{ComputerName: computer, ID: 0, SessionName: "Services", State: "Disconnected", Protocol: "Console", IsRemote: bp(false)},
		{ComputerName: computer, ID: 1, SessionName: "Console", UserName: "admin", Domain: "CONTOSO", State: "Active",
			Protocol: "Console", LogonTime: sp("2026-11-24T07:55:00Z"), ConnectTime: sp("2026-11-24T07:55:00Z"),
			Locked: bp(false), IsCurrent: true, IsConsole: true, AccountName: sp(`CONTOSO\admin`), IsRemote: bp(false)},
		{ComputerName: computer, ID: 2, SessionName: "RDP-Tcp#7", UserName: "bob", Domain: "CONTOSO", State: "Active",
			ClientName: "LAPTOP-7", ClientAddress: "10.0.0.7", Protocol: "RDP",
			LogonTime: sp("2026-11-24T09:00:00Z"), ConnectTime: sp("2026-11-24T09:30:00Z"), Locked: bp(true),
			AccountName: sp(`CONTOSO\bob`), IsRemote: bp(true), ClientBuild: up(22621),
			ClientDisplay: &display{1920, 1080, 24}},
		{ComputerName: computer, ID: 3, UserName: "J\u00fcrgen", Domain: "CONTOSO", State: "Disconnected", Protocol: "RDP",
			LogonTime: sp("2026-11-23T10:00:00Z"), ConnectTime: sp("2026-11-24T08:00:00Z"),
			DisconnectTime: sp("2026-11-24T09:30:00Z"), LastInputTime: sp("2026-11-24T09:29:00Z"),
			IdleSeconds: ip(1800), Locked: bp(true), AccountName: sp("CONTOSO\\J\u00fcrgen"), IsRemote: bp(true)},
		{ComputerName: computer, ID: 4, SessionName: "RDP-Tcp#9", UserName: "carol", Domain: "FABRIKAM", State: "Active",
			ClientName: "TABLET-9", ClientAddress: "2001:db8::9", Protocol: "RDP",
			LogonTime: sp("2026-11-24T09:50:00Z"), ConnectTime: sp("2026-11-24T09:50:00Z"),
			LastInputTime: sp("2026-11-24T09:58:30Z"), IdleSeconds: ip(90), Locked: bp(false),
			AccountName: sp(`FABRIKAM\carol`), IsRemote: bp(true), ClientBuild: up(19045),
			ClientDisplay: &display{2560, 1440, 32}},
		{ComputerName: computer, ID: 65536, SessionName: "RDP-Tcp", State: "Listen", Protocol: "RDP"},
	}
}

// remoteScenario is a remote host of the test DLL: SRV02 (Windows Server
// 2008 R2, which swaps the lock flags and puts an IPv6 client address two
// bytes in) and SRV03 (Server 2022) list the same. The console has a user
// and, being a console, no idle time.
func remoteScenario(host string) []wireSession {
	return []wireSession{
		{ComputerName: host, ID: 0, SessionName: "Services", State: "Disconnected", Protocol: "Console", IsRemote: bp(false)},
		{ComputerName: host, ID: 1, SessionName: "Console", UserName: "operator", Domain: "FABRIKAM", State: "Active",
			Protocol: "Console", LogonTime: sp("2026-11-23T09:00:00Z"), ConnectTime: sp("2026-11-23T09:00:00Z"),
			Locked: bp(false), IsConsole: true, AccountName: sp(`FABRIKAM\operator`), IsRemote: bp(false)},
		{ComputerName: host, ID: 2, SessionName: "RDP-Tcp#1", UserName: "alice", Domain: "FABRIKAM", State: "Active",
			ClientName: "HOME-PC", ClientAddress: "192.168.1.20", Protocol: "RDP",
			LogonTime: sp("2026-11-24T09:55:00Z"), ConnectTime: sp("2026-11-24T09:55:00Z"),
			LastInputTime: sp("2026-11-24T09:59:55Z"), IdleSeconds: ip(5), Locked: bp(false),
			AccountName: sp(`FABRIKAM\alice`), IsRemote: bp(true), ClientBuild: up(9600), ClientDisplay: &display{1366, 768, 16}},
		{ComputerName: host, ID: 3, SessionName: "RDP-Tcp#2", UserName: "dave", Domain: "FABRIKAM", State: "Active",
			ClientName: "DAVE-PC", ClientAddress: "2001:db8::d", Protocol: "RDP",
			LogonTime: sp("2026-11-24T09:40:00Z"), ConnectTime: sp("2026-11-24T09:40:00Z"),
			LastInputTime: sp("2026-11-24T09:48:20Z"), IdleSeconds: ip(700), Locked: bp(true),
			AccountName: sp(`FABRIKAM\dave`), IsRemote: bp(true), ClientBuild: up(26100), ClientDisplay: &display{3840, 2160, 32}},
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

// uptime is the Linux machine's uptime, which Wine's GetTickCount counts.
func uptime(t *testing.T) float64 {
	t.Helper()
	b, err := os.ReadFile("/proc/uptime")
	if err != nil {
		t.Fatal(err)
	}
	f, err := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// ownConsole checks the idle time of the helper's own console session,
// which comes from GetLastInputInfo: nobody typed in the Wine prefix, so
// the last input is Wine's tick 0 and the idle time is GetTickCount's,
// which is the uptime of the machine, not the 60 s WTS reports. It then
// clears the two fields, for compareSessions.
func ownConsole(t *testing.T, ss []wireSession, before, after float64) {
	t.Helper()
	for i := range ss {
		s := &ss[i]
		if !s.IsConsole || !s.IsCurrent {
			continue
		}
		if s.IdleSeconds == nil || s.LastInputTime == nil {
			t.Errorf("own console %d: idleSeconds %v, lastInputTime %v; want both from GetLastInputInfo", s.ID, s.IdleSeconds, s.LastInputTime)
		} else {
			if idle := float64(*s.IdleSeconds); idle < before-5 || idle > after+5 {
				t.Errorf("own console %d: idleSeconds %d, want GetLastInputInfo's, the uptime %.0f..%.0f s (WTS says 60)", s.ID, *s.IdleSeconds, before, after)
			}
			last, err := time.Parse(time.RFC3339, *s.LastInputTime)
			if err != nil || time.Since(last) < time.Duration(before-5)*time.Second || time.Since(last) > time.Duration(after+10)*time.Second {
				t.Errorf("own console %d: lastInputTime %s, want by the local clock, %.0f s ago", s.ID, *s.LastInputTime, after)
			}
		}
		s.IdleSeconds, s.LastInputTime = nil, nil
	}
}

// list lists with params and checks the own console, which it clears.
func (h *helper) list(params map[string]any) listResult {
	h.t.Helper()
	before := uptime(h.t)
	var r listResult
	h.result("session.list", params, &r)
	ownConsole(h.t, r.Sessions, before, uptime(h.t))
	return r
}

// perSession checks that each listed session of server cost the queries
// want (class: count) and no others, and returns their total.
func perSession(t *testing.T, log []logLine, server string, sessions []wireSession, want map[string]int) int {
	t.Helper()
	got := queriesBySession(log, server)
	total := 0
	for _, s := range sessions {
		id := strconv.FormatUint(uint64(s.ID), 10)
		if fmt.Sprint(got[id]) != fmt.Sprint(want) {
			t.Errorf("%s session %s: queries by class %v, want %v", server, id, got[id], want)
		}
		delete(got, id)
		for _, n := range want {
			total += n
		}
	}
	for id, classes := range got {
		t.Errorf("%s: queries %v of session %s, which is not listed", server, classes, id)
	}
	return total
}

// oneQueryEach is what a listing asks of each session: WTSSessionInfoEx,
// WTSClientInfo and WTSClientProtocolType.
var oneQueryEach = map[string]int{"16": 1, "23": 1, "25": 1}

func TestWine(t *testing.T) {
	w := newWineEnv(t)
	start := time.Now()
	defer func() { t.Logf("Wine suite ran in %v", time.Since(start).Round(time.Millisecond)) }()

	var computer string
	var localNames []string

	t.Run("server.info", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		var info struct {
			Backend          string          `json:"backend"`
			OS               string          `json:"os"`
			ComputerName     string          `json:"computerName"`
			LocalNames       []string        `json:"localNames"`
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
		// GetComputerNameExW's names (NetBIOS, DNS, each once whatever its
		// case) and the interfaces' addresses.
		if len(info.LocalNames) < 2 || info.LocalNames[0] != info.ComputerName || !slices.Contains(info.LocalNames, "127.0.0.1") {
			t.Errorf("localNames = %v, want the computer name first, then the other names and the addresses", info.LocalNames)
		}
		t.Logf("localNames: %v", info.LocalNames)
		computer, localNames = info.ComputerName, info.LocalNames
	})
	if computer == "" {
		t.Fatal("no computer name: cannot go on")
	}

	t.Run("session.list local, Windows 7 flags", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		r := h.list(map[string]any{})
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
			// 6 sessions of the host and 2 of its virtual machines
			if c["server"] != "LOCAL" || c["level"] != "1" || c["count"] != "8" {
				t.Errorf("enumeration: %v", c)
			}
		}
		// Three queries for each listed session, none for the virtual
		// machines' (whose session 2 is not the host's session 2, which
		// is asked three times, not six).
		n := perSession(t, log, "LOCAL", r.Sessions, oneQueryEach)
		t.Logf("round trips: 1 enumeration + %d queries for %d sessions (%d each); there were 1 + 5 each",
			n, len(r.Sessions), n/len(r.Sessions))
		if c := calls(log, "NetServerGetInfo"); len(c) != 0 {
			t.Errorf("the local host's version was asked over the network: %v", c)
		}
	})

	t.Run("session.list filters", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		r := h.list(map[string]any{"userNames": []string{"j*RGEN"}})
		if len(r.Sessions) != 1 || r.Sessions[0].ID != 3 {
			t.Errorf("userNames j*RGEN: %+v", r.Sessions)
		}
		r = h.list(map[string]any{"states": []string{"Disconnected"}, "ids": []int{3, 4, 7}})
		if len(r.Sessions) != 1 || r.Sessions[0].ID != 3 {
			t.Errorf("states+ids: %+v", r.Sessions)
		}
		h.stop()
	})

	t.Run("session.list remote hosts: each one's version, asked once", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		var r listResult
		for i := 0; i < 2; i++ {
			r = h.list(map[string]any{"computerNames": []string{".", "SRV02", "SRV03", "DEAD01"}})
		}
		log := h.stop()
		want := append(append(localScenario(computer), remoteScenario("SRV02")...), remoteScenario("SRV03")...)
		compareSessions(t, r.Sessions, want)
		if len(r.Failures) != 1 {
			t.Fatalf("failures = %+v, want one for DEAD01", r.Failures)
		}
		f := r.Failures[0]
		if f.ComputerName != "DEAD01" || f.Code != -32005 || f.Data["win32Code"] != float64(1722) ||
			!strings.Contains(fmt.Sprint(f.Data["hint"]), "AllowRemoteRPC") {
			t.Errorf("DEAD01 failure = %+v, want -32005 with win32Code 1722 and the AllowRemoteRPC hint", f)
		}
		// Each host's version is learnt once for the helper's life, over
		// the connection that answered WTS; the dead host is not asked.
		versions := map[string]int{}
		for _, c := range calls(log, "NetServerGetInfo") {
			versions[c["server"]]++
			if c["level"] != "101" || c["result"] != "1" {
				t.Errorf("NetServerGetInfo call %v", c)
			}
		}
		if fmt.Sprint(versions) != "map[SRV02:1 SRV03:1]" {
			t.Errorf("NetServerGetInfo calls by host = %v, want one each for SRV02 and SRV03", versions)
		}
		for _, c := range calls(log, "NetWkstaGetInfo") {
			t.Errorf("NetWkstaGetInfo while NetServerGetInfo answers: %v", c)
		}
		// The DLL gave SRV02's flags swapped (6.1) and SRV03's not; the
		// wire shows the same lock states for both.
		opened := map[string]int{}
		for _, c := range calls(log, "WTSOpenServerExW") {
			opened[c["name"]]++
		}
		if fmt.Sprint(opened) != "map[DEAD01:2 SRV02:2 SRV03:2]" {
			t.Errorf("opened %v, want SRV02, SRV03 and DEAD01 once per listing", opened)
		}
		if n := len(calls(log, "WTSCloseServer")); n != 6 {
			t.Errorf("%d WTSCloseServer, want 6", n)
		}
		// The dead host is not asked twice: no fallback after an RPC failure.
		for _, c := range calls(log, "WTSEnumerateSessionsW") {
			t.Errorf("fallback enumeration on %s", c["server"])
		}
		for _, host := range []string{"SRV02", "SRV03"} {
			var listed []wireSession
			for _, s := range r.Sessions {
				if s.ComputerName == host {
					listed = append(listed, s)
				}
			}
			got := queriesBySession(log, host)
			for _, s := range listed {
				id := strconv.FormatUint(uint64(s.ID), 10)
				if fmt.Sprint(got[id]) != "map[16:2 23:2 25:2]" {
					t.Errorf("%s session %s: queries %v in two listings, want 3 each time", host, id, got[id])
				}
			}
		}
	})

	t.Run("every name of the local machine is local", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		names := append(append([]string{}, localNames...), "127.0.0.1", "::1", "[::1]", strings.ToLower(computer)+".")
		for _, name := range names {
			r := h.list(map[string]any{"computerNames": []string{name}})
			own := 0
			for _, s := range r.Sessions {
				if s.IsCurrent {
					own++
					if s.ID != 1 || !s.IsConsole || s.Locked == nil {
						t.Errorf("%s: own session %+v, want session 1, the console, with its lock state", name, s)
					}
				}
			}
			if own != 1 || len(r.Failures) != 0 || len(r.Sessions) != 6 {
				t.Errorf("%s: %d sessions, %d of them the caller's own, failures %v; want the local 6 and session 1 current",
					name, len(r.Sessions), own, r.Failures)
			}
			d := h.fails("session.logoff", map[string]any{"id": 1, "computerName": name}, -32003)
			if !strings.Contains(fmt.Sprint(d["reason"]), "caller's own session") {
				t.Errorf("%s: refusal %v", name, d)
			}
		}
		log := h.stop()
		if c := calls(log, "WTSOpenServerExW"); len(c) != 0 {
			t.Errorf("names of the local machine were opened as remote hosts: %v", c)
		}
		if c := calls(log, "WTSLogoffSession"); len(c) != 0 {
			t.Errorf("a refused logoff reached the DLL: %v", c)
		}
		t.Logf("local under %d names: %v", len(names), names)
	})

	t.Run("a blocked host stalls nobody, and its next call fails at once", func(t *testing.T) {
		h := w.start(t, dllConfig{slowMS: 60000})
		began := time.Now()
		r := h.list(map[string]any{"computerNames": []string{"SLOW01", "."}, "timeoutSeconds": 1})
		took := time.Since(began)
		if took > 8*time.Second {
			t.Errorf("session.list took %v with a 1 s timeout", took)
		}
		if len(r.Failures) != 1 || r.Failures[0].ComputerName != "SLOW01" || r.Failures[0].Code != -32006 {
			t.Errorf("failures = %+v, want a -32006 for SLOW01", r.Failures)
		}
		compareSessions(t, r.Sessions, localScenario(computer))
		// The enumeration of SLOW01 still blocks: the next call to that
		// host fails at once, naming it, and never reaches the DLL.
		began = time.Now()
		r = h.list(map[string]any{"computerNames": []string{"SLOW01"}, "timeoutSeconds": 30})
		again := time.Since(began)
		if len(r.Failures) != 1 || r.Failures[0].Code != -32006 ||
			!strings.Contains(r.Failures[0].Message, "an earlier list call to this host has not returned") {
			t.Errorf("second listing of SLOW01: %+v", r.Failures)
		}
		d := h.fails("session.logoff", map[string]any{"computerName": "SLOW01", "id": 2}, -32006)
		if !strings.Contains(fmt.Sprint(d["reason"]), "earlier list call") {
			t.Errorf("logoff on SLOW01: %v", d)
		}
		log := h.kill()
		if n := len(calls(log, "WTSOpenServerExW")); n != 1 {
			t.Errorf("%d opens of SLOW01, want the first only", n)
		}
		t.Logf("first listing %v (timeout 1 s, grace 2 s); the next call to the stuck host answered in %v", took.Round(time.Millisecond),
			again.Round(time.Millisecond))
	})

	t.Run("a logoff that blocks fails the next call to the host at once", func(t *testing.T) {
		h := w.start(t, dllConfig{block: "WTSLogoffSession:2"})
		d := h.fails("session.logoff", map[string]any{"id": 2, "timeoutSeconds": 1}, -32006)
		if d["timeoutSeconds"] != float64(1) {
			t.Errorf("timeout data %v", d)
		}
		d = h.fails("session.disconnect", map[string]any{"id": 4}, -32006)
		if !strings.Contains(fmt.Sprint(d["reason"]), "an earlier logoff call to this host has not returned") {
			t.Errorf("disconnect while the logoff blocks: %v", d)
		}
		log := h.kill()
		if n := len(calls(log, "WTSDisconnectSession")); n != 0 {
			t.Errorf("the disconnect reached the DLL while the host's logoff blocked")
		}
		blocked := 0
		for _, l := range log {
			if l.kind == "block" && l.kv["func"] == "WTSLogoffSession" {
				blocked++
			}
		}
		if blocked != 1 {
			t.Errorf("%d blocked WTSLogoffSession, want 1", blocked)
		}
	})

	t.Run("calls stuck past their timeout are capped", func(t *testing.T) {
		h := w.start(t, dllConfig{slowMS: 60000, env: []string{"USERSESSION_MAX_BLOCKED=1"}})
		r := h.list(map[string]any{"computerNames": []string{"SLOW01"}, "timeoutSeconds": 1})
		if len(r.Failures) != 1 || r.Failures[0].Code != -32006 {
			t.Fatalf("SLOW01: %+v", r.Failures)
		}
		r = h.list(map[string]any{"computerNames": []string{"SLOW02"}, "timeoutSeconds": 1})
		if len(r.Failures) != 1 || r.Failures[0].Code != -32006 ||
			!strings.Contains(r.Failures[0].Message, "1 calls to unresponsive hosts have not returned") {
			t.Errorf("SLOW02 with one call stuck and a cap of 1: %+v", r.Failures)
		}
		// The local host is not stuck, but the cap holds for every call.
		d := h.fails("session.list", map[string]any{}, -32006)
		if !strings.Contains(fmt.Sprint(d["message"]), "unresponsive hosts") {
			t.Errorf("local listing past the cap: %v", d)
		}
		log := h.kill()
		for _, c := range callsTo(log, "SLOW02") {
			t.Errorf("a call reached SLOW02 past the cap: %v", c)
		}
	})

	t.Run("a host that answers unreachable is asked nothing more", func(t *testing.T) {
		h := w.start(t, dllConfig{fail: "WTSQuerySessionInformationW:1722:2:23"})
		r := h.list(map[string]any{"computerNames": []string{"SRV02"}})
		if len(r.Failures) != 1 || r.Failures[0].Code != -32005 || r.Failures[0].Data["win32Code"] != float64(1722) {
			t.Errorf("failures = %+v, want -32005 with 1722", r.Failures)
		}
		// A dead host: the lookup of a logoff's target, and a listing, each
		// end at its first answer.
		h.fails("session.logoff", map[string]any{"computerName": "DEAD01", "id": 2, "force": true}, -32005)
		h.list(map[string]any{"computerNames": []string{"DEAD01"}})
		log := h.stop()
		var dead []string
		for _, c := range callsTo(log, "DEAD01") {
			dead = append(dead, c["func"]+"/"+c["error"])
		}
		if want := []string{
			"WTSOpenServerExW/0", "WTSQuerySessionInformationW/1722", "WTSCloseServer/0",
			"WTSOpenServerExW/0", "WTSEnumerateSessionsExW/1722", "WTSCloseServer/0",
		}; fmt.Sprint(dead) != fmt.Sprint(want) {
			t.Errorf("calls to DEAD01:\n got %v\nwant %v", dead, want)
		}
		seen := false
		for _, c := range callsTo(log, "SRV02") {
			switch {
			case c["func"] == "WTSQuerySessionInformationW" && c["error"] == "1722":
				seen = true
			case seen && c["func"] != "WTSCloseServer":
				t.Errorf("a call to SRV02 after it answered unreachable: %v", c)
			}
		}
		if !seen {
			t.Error("the failing query never came")
		}
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
		r := h.list(map[string]any{})
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
		if s := ids[4]; s.State != "Disconnected" || s.DisconnectTime == nil || *s.DisconnectTime != "2026-11-24T10:00:00Z" ||
			s.IdleSeconds == nil || *s.IdleSeconds != 0 || s.ClientDisplay != nil {
			t.Errorf("session 4 after disconnect = %+v", s)
		}
		type act struct{ fn, server, session, wait string }
		var got []act
		for _, fn := range []string{"WTSLogoffSession", "WTSDisconnectSession"} {
			for _, c := range calls(log, fn) {
				got = append(got, act{fn, c["server"], c["session"], c["wait"]})
			}
		}
		// WTSLogoffSession is never asked to wait: it can block forever.
		want := []act{
			{"WTSLogoffSession", "LOCAL", "2", "0"},
			{"WTSLogoffSession", "LOCAL", "3", "0"},
			{"WTSDisconnectSession", "LOCAL", "4", "1"},
			{"WTSDisconnectSession", "SRV02", "2", "0"},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("calls reaching the DLL:\n got %v\nwant %v", got, want)
		}
	})

	t.Run("a logoff with wait sends it, then looks until the session is gone", func(t *testing.T) {
		h := w.start(t, dllConfig{logoffMS: "1500"})
		var a struct {
			Completed bool `json:"completed"`
		}
		began := time.Now()
		h.result("session.logoff", map[string]any{"id": 2, "wait": true}, &a)
		took := time.Since(began)
		log := h.stop()
		if !a.Completed {
			t.Errorf("logoff with wait of a session that goes after 1.5 s: not completed")
		}
		var after []map[string]string
		sent := false
		for _, l := range log {
			if l.kind != "call" || l.kv["session"] != "2" {
				continue
			}
			if l.kv["func"] == "WTSLogoffSession" {
				sent = true
				if l.kv["wait"] != "0" {
					t.Errorf("WTSLogoffSession asked to wait: %v", l.kv)
				}
			} else if sent {
				after = append(after, l.kv)
			}
		}
		if len(after) < 2 {
			t.Fatalf("%d looks after the logoff, want several", len(after))
		}
		for _, c := range after[:len(after)-1] {
			if c["class"] != "25" || c["result"] != "1" {
				t.Errorf("a look while the session signs out: %v", c)
			}
		}
		if last := after[len(after)-1]; last["error"] != "7022" {
			t.Errorf("the last look %v, want the session gone (7022)", last)
		}
		t.Logf("completed after %v and %d looks", took.Round(time.Millisecond), len(after))
	})

	t.Run("a logoff with wait whose end is not seen in time is sent, not completed", func(t *testing.T) {
		h := w.start(t, dllConfig{logoffMS: "-1"})
		var a struct {
			Completed bool `json:"completed"`
		}
		began := time.Now()
		h.result("session.logoff", map[string]any{"id": 2, "wait": true, "timeoutSeconds": 1}, &a)
		took := time.Since(began)
		log := h.stop()
		if a.Completed {
			t.Error("completed, though the session never went")
		}
		if c := calls(log, "WTSLogoffSession"); len(c) != 1 || c[0]["wait"] != "0" {
			t.Errorf("WTSLogoffSession calls %v", c)
		}
		t.Logf("answered after %v (timeout 1 s)", took.Round(time.Millisecond))
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
		// The console stays after its sign-out, as the logon screen: the
		// wait ends when its user is gone.
		h.result("session.logoff", map[string]any{"id": 1, "force": true, "wait": true}, &a)
		if !a.Completed {
			t.Error("forced logoff of the console with wait: not completed")
		}
		log := h.stop()
		got := calls(log, "WTSLogoffSession")
		if len(got) != 1 || got[0]["session"] != "1" || got[0]["wait"] != "0" {
			t.Errorf("WTSLogoffSession calls = %v, want only the forced one of session 1", got)
		}
		if n := len(calls(log, "WTSDisconnectSession")); n != 0 {
			t.Errorf("%d refused disconnects reached the DLL", n)
		}
	})

	t.Run("sessions of an RD Virtualization Host's virtual machines are not the host's", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		// Session 7 runs in virtual machine VM02 only.
		h.fails("session.logoff", map[string]any{"id": 7, "force": true}, -32002)
		h.fails("session.message", map[string]any{"id": 7, "title": "t", "text": "x"}, -32002)
		// Session 2 is the host's (bob) and also VM01's (vmuser): the
		// logoff acts on the host's, after its lookup found it.
		var a struct {
			Completed bool `json:"completed"`
		}
		h.result("session.logoff", map[string]any{"id": 2}, &a)
		r := h.list(map[string]any{})
		log := h.stop()
		for _, s := range r.Sessions {
			if s.UserName == "vmuser" || s.UserName == "eve" || s.ID == 7 {
				t.Errorf("a virtual machine's session is listed: %+v", s)
			}
			if s.ID == 2 {
				t.Errorf("session 2 listed after its logoff: %+v", s)
			}
		}
		var order []string
		for _, l := range log {
			if l.kind == "call" && l.kv["session"] == "2" && (l.kv["func"] == "WTSLogoffSession" || l.kv["class"] == "25") {
				order = append(order, l.kv["func"]+"/"+l.kv["server"])
			}
		}
		if len(order) < 2 || order[0] != "WTSQuerySessionInformationW/LOCAL" || order[1] != "WTSLogoffSession/LOCAL" {
			t.Errorf("calls for session 2: %v, want the host's lookup, then the logoff", order)
		}
		if c := calls(log, "WTSLogoffSession"); len(c) != 1 || c[0]["session"] != "2" {
			t.Errorf("WTSLogoffSession calls %v, want session 2 only", c)
		}
		// Each safety check looked up its target alone: session 7's ended
		// at its first query, session 2's cost three; nothing was listed.
		var before []string
		for _, l := range log {
			if l.kind != "call" {
				continue
			}
			if l.kv["func"] == "WTSLogoffSession" {
				break
			}
			before = append(before, l.kv["func"]+"/"+l.kv["session"]+"/"+l.kv["class"]+"/"+l.kv["error"])
		}
		if want := []string{
			"WTSQuerySessionInformationW/7/25/7022", // the logoff of 7
			"WTSQuerySessionInformationW/7/25/7022", // the message to 7: its audit record looks the user up
			"WTSSendMessageW/7//7022",
			"WTSQuerySessionInformationW/2/25/0", "WTSQuerySessionInformationW/2/23/0", "WTSQuerySessionInformationW/2/16/0",
		}; fmt.Sprint(before) != fmt.Sprint(want) {
			t.Errorf("calls before the logoff:\n got %v\nwant %v", before, want)
		} else {
			t.Logf("the safety check of a logoff: %d calls (it listed the host: 1 + 5 a session)", 3)
		}
		// The enumeration still had VM01's session 2 and VM02's session 7.
		enums := calls(log, "WTSEnumerateSessionsExW")
		if len(enums) != 1 || enums[0]["count"] != "7" {
			t.Errorf("enumerations %v, want one of 7 (5 of the host, 2 of its virtual machines)", enums)
		}
	})

	t.Run("the account, SID, client build and display of a session", func(t *testing.T) {
		u, err := user.Current()
		if err != nil {
			t.Fatal(err)
		}
		// The console's user is the Wine user, whom Wine's
		// LookupAccountNameW resolves; the others are unknown to it.
		account := computer + `\` + u.Username
		h := w.start(t, dllConfig{consoleUser: account})
		r := h.list(map[string]any{"computerNames": []string{".", "SRV02"}})
		var one struct {
			Sessions []wireSession `json:"sessions"`
		}
		h.result("session.list", map[string]any{"ids": []int{1}}, &one)
		h.stop()
		sidRE := regexp.MustCompile(`^S-1-5-21-\d+-\d+-\d+-\d+$`)
		for _, s := range r.Sessions {
			switch {
			case s.ComputerName == computer && s.ID == 1:
				if s.AccountName == nil || *s.AccountName != account || s.SID == nil || !sidRE.MatchString(*s.SID) {
					t.Errorf("console: accountName %v, sid %v; want %s and its SID", s.AccountName, s.SID, account)
				} else {
					t.Logf("%s is %s", account, *s.SID)
				}
			case s.SID != nil:
				t.Errorf("%s/%d: sid %s for an account Wine does not know", s.ComputerName, s.ID, *s.SID)
			}
		}
		if len(one.Sessions) != 1 || one.Sessions[0].SID == nil {
			t.Errorf("a second listing: %+v", one.Sessions)
		}
	})

	t.Run("the console's idle time is reported only where it is reliable", func(t *testing.T) {
		h := w.start(t, dllConfig{})
		before := uptime(t)
		var r listResult
		h.result("session.list", map[string]any{"computerNames": []string{".", "SRV03"}}, &r)
		after := uptime(t)
		h.stop()
		for _, s := range r.Sessions {
			if !s.IsConsole {
				continue
			}
			if s.ComputerName == "SRV03" {
				// WTS says 30000 s: not trusted for a console.
				if s.IdleSeconds != nil || s.LastInputTime != nil {
					t.Errorf("SRV03's console: idle %v, last input %v; want null", s.IdleSeconds, s.LastInputTime)
				}
				continue
			}
			if s.IdleSeconds == nil || *s.IdleSeconds == 60 {
				t.Errorf("own console: idle %v, want GetLastInputInfo's, not WTS's 60", s.IdleSeconds)
			}
			ownConsole(t, []wireSession{s}, before, after)
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
		// GetProcessMemoryInfo gives the whole of it.
		want := []string{
			"0/0 System Idle Process  ws=8192 cpu=0 threads=2 handles=0 sid=<nil>",
			"0/4 System NT AUTHORITY\\SYSTEM ws=143360 cpu=12.345 threads=150 handles=3000 sid=S-1-5-18",
			"0/640 services.exe NT AUTHORITY\\SYSTEM ws=9011200 cpu=2 threads=8 handles=700 sid=S-1-5-18",
			"1/700 csrss.exe NT AUTHORITY\\SYSTEM ws=5242880 cpu=0.3 threads=12 handles=500 sid=S-1-5-18",
			"1/4242 explorer.exe \\S-1-5-21-1-2-3-1001 ws=81920000 cpu=42 threads=70 handles=2400 sid=S-1-5-21-1-2-3-1001",
			"2/5100 notepad.exe \\S-1-5-21-1-2-3-1002 ws=12582912 cpu=0.2 threads=4 handles=230 sid=S-1-5-21-1-2-3-1002",
			"3/5200 \u00dcbersicht.exe \\S-1-5-21-1-2-3-1003 ws=20971520 cpu=0 threads=9 handles=310 sid=S-1-5-21-1-2-3-1003",
			"4/5300 rdpclip.exe NT AUTHORITY\\NETWORK SERVICE ws=4194304 cpu=0.003 threads=6 handles=150 sid=S-1-5-20",
			"1/own usersession.exe \\S-1-5-21-1-2-3-1001 ws=6442450944 cpu=0.03 threads=11 handles=120 sid=S-1-5-21-1-2-3-1001",
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
			if p.WorkingSetBytes == nil || p.CPUSeconds == nil || p.ThreadCount == nil || p.HandleCount == nil {
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
			return fmt.Sprintf("%d/%s %s %s ws=%d cpu=%g threads=%d handles=%d sid=%s", p.SessionID, pid, p.Name, user,
				*p.WorkingSetBytes, *p.CPUSeconds, *p.ThreadCount, *p.HandleCount, sid)
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
		if len(one.Processes) != 3 || one.Processes[0].ProcessID != 700 || one.Processes[1].ProcessID != 4242 {
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
		// sessions and the names come from WTSINFOEX. Session 2 answers
		// neither WTSSessionInfoEx nor WTSSessionInfo: its times and user
		// are unknown, its client is not.
		h := w.start(t, dllConfig{fail: "WTSEnumerateSessionsExW:120;WTSQuerySessionInformationW:5:2:25;WTSQuerySessionInformationW:5:2:24"})
		r := h.list(map[string]any{})
		log := h.stop()
		want := localScenario(computer)
		want[2].UserName, want[2].Domain, want[2].AccountName = "", "", nil
		want[2].LogonTime, want[2].ConnectTime = nil, nil
		// Without a user there is no lock state to report.
		want[2].Locked = nil
		compareSessions(t, r.Sessions, want)
		if n := len(calls(log, "WTSEnumerateSessionsW")); n != 1 {
			t.Errorf("%d WTSEnumerateSessionsW calls, want 1", n)
		}
		if q := queriesBySession(log, "LOCAL")["2"]; fmt.Sprint(q) != "map[16:1 23:1 24:1 25:1]" {
			t.Errorf("session 2's queries %v, want WTSSessionInfo after WTSSessionInfoEx failed", q)
		}
	})

	t.Run("a host without WTSSessionInfoEx is read from WTSSessionInfo", func(t *testing.T) {
		// As Vista and Server 2008: every session's WTSSessionInfoEx
		// fails; WTSINFOW gives the times, and no lock state is known.
		h := w.start(t, dllConfig{fail: "WTSQuerySessionInformationW:87:*:25"})
		r := h.list(map[string]any{})
		log := h.stop()
		want := localScenario(computer)
		for i := range want {
			want[i].Locked = nil
		}
		compareSessions(t, r.Sessions, want)
		perSession(t, log, "LOCAL", r.Sessions, map[string]int{"16": 1, "23": 1, "24": 1, "25": 1})
	})

	t.Run("Windows 10 lock flags", func(t *testing.T) {
		w.setVersion(t, "win10")
		h := w.start(t, dllConfig{})
		r := h.list(map[string]any{"computerNames": []string{".", "SRV02"}})
		log := h.stop()
		if len(log) == 0 || log[0].kv["swapped"] != "0" || !strings.HasPrefix(log[0].kv["version"], "10.") {
			t.Fatalf("the prefix does not report Windows 10: %v", log)
		}
		// The local host is read as Windows 10, SRV02 still as 2008 R2.
		compareSessions(t, r.Sessions, append(localScenario(computer), remoteScenario("SRV02")...))
	})

	t.Run("package tests under Wine", func(t *testing.T) {
		// The Windows side of this package's tests (backend_windows_test.go
		// and the pure tables), cross-compiled and run against the DLLs.
		exe := filepath.Join(w.dir, "wts.test.exe")
		w.goTest(t, exe, ".")
		logPath := filepath.Join(w.dir, "package-tests.log")
		env := append(w.environ(dllConfig{fail: "WTSLogoffSession:5", trigger: filepath.Join(w.dir, "trigger")}, logPath),
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
	})

	t.Run("the helper ends with the process that started it", func(t *testing.T) {
		// parent.exe plays PowerShell: it starts usersession.exe serve
		// --parent-pid <its id> with its own standard handles, which are
		// this test's pipes, and sleeps; the test kills it.
		parent := filepath.Join(w.dir, "parent.exe")
		w.compile(t, parent, "-municode", filepath.Join("testdata", "lifeline", "parent.c"))
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, w.wine, parent, winPath(w.exe), "serve")
		cmd.Env = w.environ(dllConfig{}, filepath.Join(w.dir, "lifeline.log"))
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
	})

	t.Run("session.watch: a change the system signals is an event; every action in the audit log; resources", func(t *testing.T) {
		trigger := filepath.Join(w.dir, "watch-trigger")
		auditLog := filepath.Join(w.dir, "watch-audit.jsonl")
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
		if len(lines) != 2 || !strings.Contains(lines[0], `"action":"logoff","computerName":"`) ||
			!strings.Contains(lines[0], `"sessionId":2,"userName":"bob","domain":"CONTOSO","reason":"stale","result":"requested"`) ||
			!strings.Contains(lines[1], `"sessionId":1,"userName":"admin"`) || !strings.Contains(lines[1], `"result":"refused","code":-32003`) {
			t.Errorf("audit log:\n%s\nwant the requested logoff of session 2 (no wait) and the refused one of session 1", data)
		}
	})

	t.Run("the audit trail in the Windows event log", func(t *testing.T) {
		// internal/audit's Windows tests register the event source and
		// write a record of each action and result, then write without a
		// registration. Wine's ReportEventW stores nothing (nothing can be
		// read back) but traces what it is given: each call's type and
		// event id on the advapi channel, each line of its text on the
		// eventlog channel, as trace, warn or err by type.
		exe := filepath.Join(w.dir, "audit.test.exe")
		w.goTest(t, exe, "github.com/usersession/usersession/internal/audit")
		env := append(w.environ(dllConfig{}, filepath.Join(w.dir, "audit.log")), "WTSTEST_WINE=1",
			"WINEDEBUG=fixme+advapi,+eventlog")
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
	})

	t.Run("call subcommand", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		var logs []string
		run := func(args ...string) (string, string, error) {
			logPath := filepath.Join(w.dir, fmt.Sprintf("call-%d.log", len(logs)))
			logs = append(logs, logPath)
			cmd := exec.CommandContext(ctx, w.wine, append([]string{w.exe, "call"}, args...)...)
			cmd.Env = w.environ(dllConfig{}, logPath)
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
