//go:build linux

package wts

// Hosts that block or cannot be reached under Wine: each is bounded and
// asked nothing more than it must.

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestWineBlockedHost: a blocked host stalls nobody, and its next call fails at once
func TestWineBlockedHost(t *testing.T) {
	w := wineSuite(t)
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
	compareSessions(t, r.Sessions, localScenario(w.computer, false))
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
	if n := len(calls(log, "WTSOpenServerW")); n != 1 {
		t.Errorf("%d opens of SLOW01, want the first only", n)
	}
	t.Logf("first listing %v (timeout 1 s, grace 2 s); the next call to the stuck host answered in %v", took.Round(time.Millisecond),
		again.Round(time.Millisecond))
}

// TestWineBlockedLogoff: a logoff that blocks fails the next call to the host at once
func TestWineBlockedLogoff(t *testing.T) {
	w := wineSuite(t)
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
}

// TestWineStuckCallsCapped: calls stuck past their timeout are capped
func TestWineStuckCallsCapped(t *testing.T) {
	w := wineSuite(t)
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
}

// TestWineUnreachableHost: a host that answers unreachable is asked nothing more
func TestWineUnreachableHost(t *testing.T) {
	w := wineSuite(t)
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
		"WTSOpenServerW/0", "WTSQuerySessionInformationW/1722", "WTSCloseServer/0",
		"WTSOpenServerW/0", "WTSEnumerateSessionsExW/1722", "WTSCloseServer/0",
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
}
