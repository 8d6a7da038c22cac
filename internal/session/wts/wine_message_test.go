//go:build linux

package wts

// Messages and the mapping of Win32 errors to codes under Wine.

import (
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
)

// TestWineMessage: session.message
func TestWineMessage(t *testing.T) {
	w := wineSuite(t)
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
}

// TestWineErrorCodes: errors map to their codes
func TestWineErrorCodes(t *testing.T) {
	w := wineSuite(t)
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
			params: map[string]any{"id": 2}, code: -32002, win32: 7022, wantHint: "elevated"},
		{name: "forced logoff of a session that is gone", method: "session.logoff",
			params: map[string]any{"id": 99, "force": true}, code: -32002, wantHint: "elevated"},
		{name: "logoff of a session that is not listed", method: "session.logoff",
			params: map[string]any{"id": 99}, code: -32002, wantHint: "elevated"},
		{name: "message to a session that is gone", method: "session.message",
			params: map[string]any{"id": 42, "title": "t", "text": "x"}, code: -32002, win32: 7022, wantHint: "elevated"},
		{name: "message refused", fail: "WTSSendMessageW:5:2", method: "session.message",
			params: map[string]any{"id": 2, "title": "t", "text": "x"}, code: -32001, win32: 5, wantHint: "elevated"},
		{name: "processes not implemented", fail: "WTSEnumerateProcessesExW:120", method: "session.processes",
			params: map[string]any{}, code: -32004, win32: 120},
		{name: "processes of an unreachable host", method: "session.processes",
			params: map[string]any{"computerName": "DEAD01"}, code: -32005, win32: 1722, wantHint: "AllowRemoteRPC"},
		{name: "logoff on an unreachable host", method: "session.logoff",
			params: map[string]any{"id": 2, "computerName": "DEAD01", "force": true}, code: -32005, win32: 1722, wantHint: "firewall"},
		{name: "open fails at once", fail: "WTSOpenServerW:53", method: "session.message",
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
}
