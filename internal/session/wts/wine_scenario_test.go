//go:build linux

package wts

// The scenario the test DLL plays, as the wire must show it, and the
// checks the Wine tests share.

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// display is a client's display on the wire.
type display struct {
	Width      uint32 `json:"width"`
	Height     uint32 `json:"height"`
	ColorDepth uint32 `json:"colorDepth"`
}

// wireSession is a session as it comes off the wire, times as strings.
// It is the one view of the contract's session that the tests keep apart:
// decoded into session.Session, a time in another format or offset would
// still compare equal, and these tests check the text the helper writes.
// TestWireSessionNamesTheContract keeps its names those of the contract.
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
// it, from a prefix that reports Windows 7 (6.1) or, for win10, Windows 10:
// carol's IPv6 client address is known from 6.2 on only (KB951422). The DLL's clock reads 2026-11-24T10:00:00Z. The sessions of the two
// virtual machines of the DLL's enumeration are not the host's, and are
// not listed. Session 1 is the console and the helper's own: its idle
// time comes from GetLastInputInfo (see ownConsole), not from here. Wine
// resolves none of these accounts by name: session 1's SID is its shell's
// (explorer.exe's owner); the others have no shell, and no SID.
func localScenario(computer string, win10 bool) []wireSession {
	carolAddress := ""
	if win10 {
		carolAddress = "2001:db8::9"
	}
	return []wireSession{
		{ComputerName: computer, ID: 0, SessionName: "Services", State: "Disconnected", Protocol: "Console", IsRemote: bp(false)},
		{ComputerName: computer, ID: 1, SessionName: "Console", UserName: "admin", Domain: "CONTOSO", State: "Active",
			Protocol: "Console", LogonTime: sp("2026-11-24T07:55:00Z"), ConnectTime: sp("2026-11-24T07:55:00Z"),
			Locked: bp(false), IsCurrent: true, IsConsole: true, SID: sp("S-1-5-21-1-2-3-1001"), AccountName: sp(`CONTOSO\admin`),
			IsRemote: bp(false)},
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
			ClientName: "TABLET-9", ClientAddress: carolAddress, Protocol: "RDP",
			LogonTime: sp("2026-11-24T09:50:00Z"), ConnectTime: sp("2026-11-24T09:50:00Z"),
			LastInputTime: sp("2026-11-24T09:58:30Z"), IdleSeconds: ip(90), Locked: bp(false),
			AccountName: sp(`FABRIKAM\carol`), IsRemote: bp(true), ClientBuild: up(19045),
			ClientDisplay: &display{2560, 1440, 32}},
		{ComputerName: computer, ID: 65536, SessionName: "RDP-Tcp", State: "Listen", Protocol: "RDP"},
	}
}

// remoteScenario is a remote host of the test DLL: SRV02 (Windows Server
// 2008 R2, which swaps the lock flags and collapses an IPv6 client
// address, so that dave's is unknown) and SRV03 (Server 2022) list the
// same otherwise. The console has a user
// and, being a console, no idle time.
func remoteScenario(host string) []wireSession {
	daveAddress := "2001:db8::d"
	if host == "SRV02" {
		daveAddress = ""
	}
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
			ClientName: "DAVE-PC", ClientAddress: daveAddress, Protocol: "RDP",
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
// want gives it (class: count) and no others, and returns their total.
func perSession(t *testing.T, log []logLine, server string, sessions []wireSession, want func(wireSession) map[string]int) int {
	t.Helper()
	got := queriesBySession(log, server)
	total := 0
	for _, s := range sessions {
		id := strconv.FormatUint(uint64(s.ID), 10)
		w := want(s)
		if fmt.Sprint(got[id]) != fmt.Sprint(w) {
			t.Errorf("%s session %s: queries by class %v, want %v", server, id, got[id], w)
		}
		delete(got, id)
		for _, n := range w {
			total += n
		}
	}
	for id, classes := range got {
		t.Errorf("%s: queries %v of session %s, which is not listed", server, classes, id)
	}
	return total
}

// oneQueryEach is what a listing asks of each session: WTSSessionInfoEx,
// WTSClientInfo and WTSClientProtocolType, and WTSClientAddress of a
// session with a client.
func oneQueryEach(s wireSession) map[string]int {
	if s.ClientName != "" {
		return map[string]int{"14": 1, "16": 1, "23": 1, "25": 1}
	}
	return map[string]int{"16": 1, "23": 1, "25": 1}
}

// TestWireSessionNamesTheContract checks that every member the Wine tests
// read is a member of the contract's session, under the same name.
func TestWireSessionNamesTheContract(t *testing.T) {
	t.Parallel()
	names := map[string]bool{}
	contract := reflect.TypeOf(session.Session{})
	for i := 0; i < contract.NumField(); i++ {
		names[strings.Split(contract.Field(i).Tag.Get("json"), ",")[0]] = true
	}
	view := reflect.TypeOf(wireSession{})
	for i := 0; i < view.NumField(); i++ {
		if name := strings.Split(view.Field(i).Tag.Get("json"), ",")[0]; !names[name] {
			t.Errorf("wireSession.%s reads %q, which the contract's session does not have", view.Field(i).Name, name)
		}
	}
}
