//go:build linux

package wts

// usersession diagnose under Wine: the raw answers of the test DLL, next
// to the backend's reading, and nothing that acts.

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWineDiagnose(t *testing.T) {
	w := wineSuite(t)
	run := func(c dllConfig, args ...string) (Report, []logLine) {
		t.Helper()
		logPath := filepath.Join(t.TempDir(), "diagnose.log")
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, w.wine, append([]string{w.exe, "diagnose"}, args...)...)
		cmd.Env = w.environ(c, logPath)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("diagnose %v: %v\n%s", args, err, errOut.String())
		}
		for _, c := range out.String() {
			if c >= 0x80 {
				t.Fatalf("diagnose output is not ASCII")
			}
		}
		var r Report
		if err := json.Unmarshal([]byte(out.String()), &r); err != nil {
			t.Fatalf("diagnose output is not one JSON document: %v\n%s", err, out.String())
		}
		log := readLog(t, logPath)
		checkMemory(t, log)
		for _, fn := range []string{"WTSLogoffSession", "WTSDisconnectSession", "WTSSendMessageW"} {
			if c := calls(log, fn); len(c) != 0 {
				t.Errorf("diagnose called %s: %v", fn, c)
			}
		}
		return r, log
	}
	session := func(r Report, id uint32) map[string]any {
		for _, s := range r.Sessions {
			if s.ID == id {
				b, _ := json.Marshal(s)
				var m map[string]any
				_ = json.Unmarshal(b, &m)
				return m
			}
		}
		t.Fatalf("session %d not in the report", id)
		return nil
	}
	raw := func(s map[string]any, class float64) any {
		for _, c := range s["calls"].([]any) {
			c := c.(map[string]any)
			if c["class"] == class {
				return c["raw"]
			}
		}
		return nil
	}

	r, _ := run(dllConfig{})
	if r.Helper["version"] == "" || r.Version == nil || r.Version.Call != "RtlGetVersion" || r.Caller == nil {
		t.Errorf("helper %v, version %+v, caller %v", r.Helper, r.Version, r.Caller)
	}
	if entries, ok := r.Enumeration.Raw.([]any); !ok || len(entries) != 6 || len(r.Sessions) != 6 {
		t.Fatalf("enumeration %v, %d sessions; want the 6 of the local handle", r.Enumeration.Raw, len(r.Sessions))
	}
	bob := session(r, 2)
	// WTS_CLIENT_ADDRESS's 20 bytes, IPv4 two bytes in; WTSCLIENTW's
	// words as the DLL plays gowin32's observation; the reading of both.
	if a := fmt.Sprint(raw(bob, 14)); !strings.Contains(a, "address:00000a000007") {
		t.Errorf("WTSClientAddress raw %s", a)
	}
	if c, ok := raw(bob, 23).(map[string]any); !ok || fmt.Sprint(c["clientAddressWords"].([]any)[:4]) != "[000a 0000 0000 0007]" {
		t.Errorf("WTSClientInfo raw %v", raw(bob, 23))
	}
	if read := bob["read"].(map[string]any); read["clientAddress"] != "10.0.0.7" || read["userName"] != "bob" {
		t.Errorf("bob's session as read: %v", read)
	}
	if ex, ok := raw(bob, 25).(map[string]any); !ok || ex["currentTime"] == nil || ex["sessionFlags"] == nil {
		t.Errorf("WTSSessionInfoEx raw %v", raw(bob, 25))
	}
	// The processes, with the DLL's times raw and the helper's own from
	// GetProcessTimes.
	if procs, ok := r.Processes.Raw.([]any); !ok || len(procs) != 9 {
		t.Errorf("processes %v, want the 9 of the scenario", r.Processes)
	} else if own := procs[8].(map[string]any); own["userTime"] != float64(100000) || own["getProcessTimes"] == nil {
		t.Errorf("the helper's own process: %v, want the DLL's userTime 100000 and GetProcessTimes's", own)
	}
	// The console has no client: WTSClientAddress answers AF_UNSPEC.
	if a := fmt.Sprint(raw(session(r, 1), 14)); !strings.Contains(a, "addressFamily:0") {
		t.Errorf("the console's WTSClientAddress raw %s", a)
	}

	// A remote host, as a standard user: what could not be read is said.
	r, _ = run(dllConfig{nonAdmin: true}, "SRV02")
	if r.Host != "SRV02" || r.Version == nil || len(r.Sessions) != 4 {
		t.Fatalf("SRV02: host %q version %+v, %d sessions", r.Host, r.Version, len(r.Sessions))
	}
	if len(r.Unread) == 0 || !strings.Contains(strings.Join(r.Unread, "\n"), "no such session, or no right to query it") &&
		!strings.Contains(strings.Join(r.Unread, "\n"), "7022") {
		t.Errorf("unread %v, want the 7022 answers named", r.Unread)
	}
}
