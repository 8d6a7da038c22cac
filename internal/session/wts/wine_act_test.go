//go:build linux

package wts

// Sign-outs and disconnects under Wine: what reaches the DLL, the
// polling of a wait, and what is refused.

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestWineLogoffAndDisconnect: session.logoff and session.disconnect
func TestWineLogoffAndDisconnect(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{})
	var a struct {
		ComputerName string `json:"computerName"`
		ID           uint32 `json:"id"`
		Action       string `json:"action"`
		Completed    bool   `json:"completed"`
	}
	h.result("session.logoff", map[string]any{"id": 2, "wait": true}, &a)
	if a.Action != "logoff" || a.ID != 2 || !a.Completed || a.ComputerName != w.computer {
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
	// Neither is asked to wait: either can block forever.
	want := []act{
		{"WTSLogoffSession", "LOCAL", "2", "0"},
		{"WTSLogoffSession", "LOCAL", "3", "0"},
		{"WTSDisconnectSession", "LOCAL", "4", "0"},
		{"WTSDisconnectSession", "SRV02", "2", "0"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("calls reaching the DLL:\n got %v\nwant %v", got, want)
	}
}

// TestWineLogoffWaitLooks: a logoff with wait sends it, then looks until the session is gone
func TestWineLogoffWaitLooks(t *testing.T) {
	w := wineSuite(t)
	// The DLL's session takes 0.5 s to go, and answers 7007 (a close is
	// pending) meanwhile, as Windows does (Cassia issue #60).
	h := w.start(t, dllConfig{logoffMS: "500"})
	var a struct {
		Completed bool `json:"completed"`
	}
	began := time.Now()
	h.result("session.logoff", map[string]any{"id": 2, "wait": true}, &a)
	took := time.Since(began)
	log := h.stop()
	if !a.Completed {
		t.Errorf("logoff with wait of a session that goes after 0.5 s: not completed")
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
		if c["class"] != "25" || c["error"] != "7007" {
			t.Errorf("a look while the session signs out: %v, want 7007 (close pending), which is not the end", c)
		}
	}
	if last := after[len(after)-1]; last["error"] != "7022" {
		t.Errorf("the last look %v, want the session gone (7022)", last)
	}
	t.Logf("completed after %v and %d looks", took.Round(time.Millisecond), len(after))
}

// TestWineLogoffWaitNotSeen: a logoff with wait whose end is not seen in time is sent, not completed
func TestWineLogoffWaitNotSeen(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{logoffMS: "-1"})
	var a struct {
		Completed bool `json:"completed"`
	}
	began := time.Now()
	h.result("session.logoff", map[string]any{"id": 2, "wait": true, "timeoutSeconds": 1}, &a)
	took := time.Since(began)
	log := h.stop()
	if a.Completed {
		t.Error("completed, though the session never went (every look answered 7007, close pending)")
	}
	if c := calls(log, "WTSLogoffSession"); len(c) != 1 || c[0]["wait"] != "0" {
		t.Errorf("WTSLogoffSession calls %v", c)
	}
	t.Logf("answered after %v (timeout 1 s)", took.Round(time.Millisecond))
}

// TestWineProtectedSessions: own session, session 0 and the listener are refused without force
func TestWineProtectedSessions(t *testing.T) {
	w := wineSuite(t)
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
}

// TestWineVirtualMachineSessions: sessions of an RD Virtualization Host's virtual machines are not the host's
//
// The handles usersession opens (the local one, WTSOpenServerW's) do not
// enumerate the virtual machines' sessions; here the DLL lists them
// anyway, to test the second guard.
func TestWineVirtualMachineSessions(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{vmSessions: true})
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
	// at its first query, session 2's cost four, and its processes, for
	// the SID that Wine does not find by name; nothing was listed.
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
		"WTSQuerySessionInformationW/2/25/0", "WTSQuerySessionInformationW/2/23/0", "WTSQuerySessionInformationW/2/14/0",
		"WTSQuerySessionInformationW/2/16/0", "WTSEnumerateProcessesExW/2//0",
	}; fmt.Sprint(before) != fmt.Sprint(want) {
		t.Errorf("calls before the logoff:\n got %v\nwant %v", before, want)
	}
	// The enumeration still had VM01's session 2 and VM02's session 7.
	enums := calls(log, "WTSEnumerateSessionsExW")
	if len(enums) != 1 || enums[0]["count"] != "7" {
		t.Errorf("enumerations %v, want one of 7 (5 of the host, 2 of its virtual machines)", enums)
	}
}

// TestWineDisconnectWaitPolls: a disconnect with wait is sent without wait
// (WTSDisconnectSession can block as the logoff can) and looked at until
// the session reads Disconnected.
func TestWineDisconnectWaitPolls(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{disconnMS: "500"})
	var a struct {
		Completed bool `json:"completed"`
	}
	h.result("session.disconnect", map[string]any{"id": 4, "wait": true}, &a)
	var s listResult
	h.result("session.list", map[string]any{"ids": []int{4}}, &s)
	log := h.stop()
	if !a.Completed || len(s.Sessions) != 1 || s.Sessions[0].State != "Disconnected" {
		t.Errorf("disconnect with wait: completed %v, then %+v; want completed and Disconnected", a.Completed, s.Sessions)
	}
	c := calls(log, "WTSDisconnectSession")
	if len(c) != 1 || c[0]["wait"] != "0" {
		t.Fatalf("WTSDisconnectSession calls %v, want one, not asked to wait", c)
	}
	looks, sent := 0, false
	for _, l := range log {
		switch {
		case l.kind != "call" || l.kv["session"] != "4":
		case l.kv["func"] == "WTSDisconnectSession":
			sent = true
		case sent && l.kv["class"] == "25":
			looks++
		}
	}
	if looks < 2 {
		t.Errorf("%d looks after the disconnect, want several while it takes 0.5 s", looks)
	}

	// A disconnect whose end is not seen in time is sent, not completed.
	h = w.start(t, dllConfig{disconnMS: "-1"})
	h.result("session.disconnect", map[string]any{"id": 4, "wait": true, "timeoutSeconds": 1}, &a)
	h.stop()
	if a.Completed {
		t.Error("completed, though the session never disconnected")
	}
}

// TestWineNotFoundOrNoRight: a standard user's query of another user's
// session answers 7022, which MS-TSTS 3.7.4.1.10 gives for a session that
// does not exist or that the caller may not query: the session is listed
// with what the enumeration said, and an action on it says both meanings,
// with the access hint.
func TestWineNotFoundOrNoRight(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{nonAdmin: true})
	r := h.list(map[string]any{})
	d := h.fails("session.logoff", map[string]any{"id": 2}, -32002)
	log := h.stop()
	if len(r.Sessions) != 6 {
		t.Errorf("%d sessions listed, want the 6 the enumeration gave", len(r.Sessions))
	}
	for _, s := range r.Sessions {
		if s.ID == 2 && (s.UserName != "bob" || s.State != "Active" || s.LogonTime != nil) {
			t.Errorf("session 2 as the enumeration gives it, times unknown: %+v", s)
		}
	}
	if msg := fmt.Sprint(d["message"]); !strings.Contains(msg, "no such session, or no right to query it") ||
		!strings.Contains(fmt.Sprint(d["hint"]), "elevated") || d["win32Code"] != float64(7022) {
		t.Errorf("logoff of session 2: %v; want no such session, or no right to query it, with the access hint", d)
	}
	if c := calls(log, "WTSLogoffSession"); len(c) != 0 {
		t.Errorf("the logoff reached the DLL: %v", c)
	}
}

// TestWineLogoffWaitNeedsAReadBefore: 7022 ends the wait for a sign-out
// only when the session could be read just before it was sent, since 7022
// also means "no right to query it" (MS-TSTS 3.7.4.1.10). Here the read
// before the logoff fails (WTSSessionInfoEx once, WTSSessionInfo always,
// both with 5) after the safety check read the session: the session goes
// at once and answers 7022, and the logoff is sent, not completed.
func TestWineLogoffWaitNeedsAReadBefore(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{fail: "WTSQuerySessionInformationW:5:2:24", failOnce: "WTSQuerySessionInformationW:5:2:25:2"})
	var a struct {
		Completed bool `json:"completed"`
	}
	h.result("session.logoff", map[string]any{"id": 2, "wait": true, "timeoutSeconds": 1}, &a)
	log := h.stop()
	if a.Completed {
		t.Error("completed on 7022, though the session could not be read before the sign-out")
	}
	var seq []string
	for _, l := range log {
		if l.kind == "call" && l.kv["session"] == "2" && (l.kv["class"] == "25" || l.kv["class"] == "24" || l.kv["func"] == "WTSLogoffSession") {
			seq = append(seq, l.kv["func"]+"/"+l.kv["class"]+"/"+l.kv["error"])
		}
	}
	want := []string{"WTSQuerySessionInformationW/25/0", "WTSQuerySessionInformationW/25/5", "WTSQuerySessionInformationW/24/5",
		"WTSLogoffSession//0", "WTSQuerySessionInformationW/25/7022"}
	if len(seq) < len(want) || fmt.Sprint(seq[:len(want)]) != fmt.Sprint(want) {
		t.Errorf("calls for session 2:\n got %v\nwant %v, then more looks", seq, want)
	}
}
