//go:build linux

package wts

// The listings under Wine: the local host and remote ones, the names of
// the local machine, fallbacks, lock flags, accounts, SIDs and idle times.

import (
	"fmt"
	"os/user"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestWineServerInfo: server.info
func TestWineServerInfo(t *testing.T) {
	w := wineSuite(t)
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
}

// TestWineListLocal: session.list local, Windows 7 flags
func TestWineListLocal(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{})
	r := h.list(map[string]any{})
	log := h.stop()
	compareSessions(t, r.Sessions, localScenario(w.computer, false))
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
		// The 6 sessions of the host: the local handle, unlike one of
		// WTSOpenServerExW, does not enumerate its virtual machines'.
		if c["server"] != "LOCAL" || c["level"] != "1" || c["count"] != "6" {
			t.Errorf("enumeration: %v", c)
		}
	}
	// Three queries for each listed session, and WTSClientAddress for the
	// two with a client: bob's IPv4 address is read from it, while
	// WTSCLIENTW holds it as gowin32 saw it (one octet per USHORT), which
	// the scenario's comparison shows is not read; carol's IPv6 address
	// from this 6.1 prefix is unknown (KB951422).
	n := perSession(t, log, "LOCAL", r.Sessions, oneQueryEach)
	t.Logf("round trips: 1 enumeration + %d queries for %d sessions (%d each); there were 1 + 5 each",
		n, len(r.Sessions), n/len(r.Sessions))
	if c := calls(log, "NetServerGetInfo"); len(c) != 0 {
		t.Errorf("the local host's version was asked over the network: %v", c)
	}
}

// TestWineListFilters: session.list filters
func TestWineListFilters(t *testing.T) {
	w := wineSuite(t)
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
}

// TestWineListRemoteHosts: session.list remote hosts: each one's version, asked once
func TestWineListRemoteHosts(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{})
	var r listResult
	for i := 0; i < 2; i++ {
		r = h.list(map[string]any{"computerNames": []string{".", "SRV02", "SRV03", "DEAD01"}})
	}
	log := h.stop()
	want := append(append(localScenario(w.computer, false), remoteScenario("SRV02")...), remoteScenario("SRV03")...)
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
	if c := calls(log, "WTSOpenServerExW"); len(c) != 0 {
		t.Errorf("remote hosts opened with WTSOpenServerExW: %v", c)
	}
	for _, c := range calls(log, "WTSOpenServerW") {
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
			want := map[string]int{}
			for class, n := range oneQueryEach(s) {
				want[class] = 2 * n
			}
			if fmt.Sprint(got[id]) != fmt.Sprint(want) {
				t.Errorf("%s session %s: queries %v in two listings, want %v", host, id, got[id], want)
			}
		}
	}
}

// TestWineLocalNames: every name of the local machine is local
func TestWineLocalNames(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{})
	names := append(append([]string{}, w.localNames...), "127.0.0.1", "::1", "[::1]", strings.ToLower(w.computer)+".")
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
	if c := append(calls(log, "WTSOpenServerW"), calls(log, "WTSOpenServerExW")...); len(c) != 0 {
		t.Errorf("names of the local machine were opened as remote hosts: %v", c)
	}
	if c := calls(log, "WTSLogoffSession"); len(c) != 0 {
		t.Errorf("a refused logoff reached the DLL: %v", c)
	}
	t.Logf("local under %d names: %v", len(names), names)
}

// TestWineAccountAndSID: the account, SID, client build and display of a session
func TestWineAccountAndSID(t *testing.T) {
	w := wineSuite(t)
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	// The console's user is the Wine user, whom Wine's
	// LookupAccountNameW resolves; the others are unknown to it.
	account := w.computer + `\` + u.Username
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
		case s.ComputerName == w.computer && s.ID == 1:
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
}

// TestWineConsoleIdle: the console's idle time is reported only where it is reliable
func TestWineConsoleIdle(t *testing.T) {
	w := wineSuite(t)
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
}

// TestWineFallbacks: fallbacks and partial answers
func TestWineFallbacks(t *testing.T) {
	w := wineSuite(t)
	// Without WTSEnumerateSessionsExW, WTSEnumerateSessionsW lists the
	// sessions and the names come from WTSINFOEX. Session 2 answers
	// neither WTSSessionInfoEx nor WTSSessionInfo: its times and user
	// are unknown, its client is not.
	h := w.start(t, dllConfig{fail: "WTSEnumerateSessionsExW:120;WTSQuerySessionInformationW:5:2:25;WTSQuerySessionInformationW:5:2:24"})
	r := h.list(map[string]any{})
	log := h.stop()
	want := localScenario(w.computer, false)
	want[2].UserName, want[2].Domain, want[2].AccountName = "", "", nil
	want[2].LogonTime, want[2].ConnectTime = nil, nil
	// Without a user there is no lock state to report.
	want[2].Locked = nil
	compareSessions(t, r.Sessions, want)
	if n := len(calls(log, "WTSEnumerateSessionsW")); n != 1 {
		t.Errorf("%d WTSEnumerateSessionsW calls, want 1", n)
	}
	if q := queriesBySession(log, "LOCAL")["2"]; fmt.Sprint(q) != "map[14:1 16:1 23:1 24:1 25:1]" {
		t.Errorf("session 2's queries %v, want WTSSessionInfo after WTSSessionInfoEx failed", q)
	}
}

// TestWineWithoutSessionInfoEx: a host without WTSSessionInfoEx is read from WTSSessionInfo
func TestWineWithoutSessionInfoEx(t *testing.T) {
	w := wineSuite(t)
	// As Vista and Server 2008: every session's WTSSessionInfoEx
	// fails; WTSINFOW gives the times, and no lock state is known.
	h := w.start(t, dllConfig{fail: "WTSQuerySessionInformationW:87:*:25"})
	r := h.list(map[string]any{})
	log := h.stop()
	want := localScenario(w.computer, false)
	for i := range want {
		want[i].Locked = nil
	}
	compareSessions(t, r.Sessions, want)
	perSession(t, log, "LOCAL", r.Sessions, func(s wireSession) map[string]int {
		q := oneQueryEach(s)
		q["24"] = 1
		return q
	})
}

// TestWineWindows10LockFlags: Windows 10 lock flags
func TestWineWindows10LockFlags(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{win10: true})
	r := h.list(map[string]any{"computerNames": []string{".", "SRV02"}})
	log := h.stop()
	if len(log) == 0 || log[0].kv["swapped"] != "0" || !strings.HasPrefix(log[0].kv["version"], "10.") {
		t.Fatalf("the prefix does not report Windows 10: %v", log)
	}
	// The local host is read as Windows 10 (carol's IPv6 client address
	// is known), SRV02 still as 2008 R2.
	compareSessions(t, r.Sessions, append(localScenario(w.computer, true), remoteScenario("SRV02")...))
}
