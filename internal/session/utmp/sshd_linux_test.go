package utmp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/audit"
	"github.com/usersession/usersession/internal/procfs"
	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/sshdtest"
)

// TestSSHD checks the backend against a real OpenSSH server and who(1).
// It starts its own sshd on 127.0.0.1 (own port, host key and config,
// UsePAM no) and a test user with a key, opens two ssh sessions with a
// pseudo-terminal each running a distinct sleep, and checks that
//
//   - session.list (through the Service) and who(1) agree on user, line,
//     host and login minute, and both ssh sessions are listed as SSH from
//     127.0.0.1;
//   - the built usersession binary's "call session.list" agrees with who;
//   - run by the test user inside a third ssh session, the binary reports
//     that session as currentSessionId and as the only isCurrent one;
//   - the processes of a session include its remote command;
//   - logging one session off with wait ends its ssh client and leaves
//     the other session, its command and its client running.
//
// Only the test user's logins are compared with who, so the test holds on
// a machine where somebody else is signed in. It needs root and
// openssh-server, and skips without them, except under CI=true, where it
// fails (see package sshdtest, which makes the sessions).
func TestSSHD(t *testing.T) {
	sshdtest.Require(t, "go")
	ctx := context.Background()
	srv := sshdtest.Start(t)
	name := srv.User
	dir := t.TempDir()

	b := New("")
	svc := session.NewService(b)
	ours := func() []session.Session {
		ss, failures, err := svc.List(ctx, session.Query{UserNames: []string{name}})
		if err != nil {
			t.Fatal(err)
		}
		if len(failures) > 0 {
			t.Fatalf("session.list failures: %v", failures[0].Err)
		}
		return ss
	}
	begin := time.Now()
	c1 := srv.Open(t, "sleep 601")
	sshdtest.WaitFor(t, 15*time.Second, "the first ssh session in utmp", func() bool { return len(ours()) == 1 })
	c2 := srv.Open(t, "sleep 602")
	sshdtest.WaitFor(t, 15*time.Second, "the second ssh session in utmp", func() bool { return len(ours()) == 2 })
	end := time.Now()

	// Which session runs which command.
	sleeps := map[string]uint32{}   // "601" -> session id
	sleepPID := map[string]uint32{} // "601" -> pid of the remote sleep
	var procs []session.Process
	sshdtest.WaitFor(t, 10*time.Second, "both remote commands", func() bool {
		var err error
		procs, err = svc.Processes(ctx, session.ProcessQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range procs {
			if p.Name != "sleep" {
				continue
			}
			argv := cmdline(int(p.ProcessID))
			if len(argv) == 2 && argv[0] == "sleep" && (argv[1] == "601" || argv[1] == "602") && p.UserName == name {
				sleeps[argv[1]], sleepPID[argv[1]] = p.SessionID, p.ProcessID
			}
		}
		return len(sleeps) == 2
	})

	t.Run("list agrees with who", func(t *testing.T) {
		ss, failures, err := svc.List(ctx, session.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if len(failures) > 0 {
			t.Fatalf("session.list failures: %v", failures[0].Err)
		}
		ss = ofUser(ss, name)
		who := sshdtest.WhoLines(t, name)
		t.Logf("who:          %q", who)
		t.Logf("session.list: %q", sessionLines(ss))
		if d := diffLines(who, sessionLines(ss)); d != "" {
			t.Errorf("who vs session.list %s", d)
		}
		mine := ours()
		ids := []uint32{mine[0].ID, mine[1].ID}
		want := []uint32{sleeps["601"], sleeps["602"]}
		slices.Sort(ids)
		slices.Sort(want)
		if !slices.Equal(ids, want) || ids[0] == ids[1] {
			t.Errorf("session ids %v, want the sessions of the two commands %v", ids, want)
		}
		for _, s := range mine {
			ok := s.State == session.StateActive && s.Protocol == "SSH" && s.ClientName == "127.0.0.1" &&
				s.ClientAddress == "127.0.0.1" && strings.HasPrefix(s.SessionName, "pts/") &&
				!s.IsConsole && !s.IsCurrent && s.LastInputTime != nil && s.IdleSeconds != nil &&
				s.LogonTime != nil && !s.LogonTime.Before(begin.Truncate(time.Second)) && !s.LogonTime.After(end)
			if !ok {
				j, _ := json.Marshal(s)
				t.Errorf("session %s: want Active, SSH from 127.0.0.1 on a pts, logged on between %s and %s, idle known",
					j, begin.Format(time.RFC3339), end.Format(time.RFC3339))
			}
		}
	})

	exe := helperBinary(t)

	t.Run("usersession call session.list agrees with who", func(t *testing.T) {
		cmd := exec.Command(exe, "call", "session.list", "{}")
		// The default utmp file, whatever the test's environment says.
		cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "USERSESSION_UTMP=") })
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("usersession call session.list: %v\n%s", err, stderr.Bytes())
		}
		t.Logf("usersession call session.list:\n%s", out)
		var res struct {
			Sessions []session.Session `json:"sessions"`
			Failures []json.RawMessage `json:"failures"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("decode %s: %v", out, err)
		}
		if len(res.Failures) > 0 {
			t.Errorf("failures: %s", res.Failures)
		}
		if d := diffLines(sshdtest.WhoLines(t, name), sessionLines(ofUser(res.Sessions, name))); d != "" {
			t.Errorf("who vs usersession call session.list %s", d)
		}
	})

	t.Run("inside a session: currentSessionId and isCurrent, as the user", func(t *testing.T) {
		srv.Install(t, exe, "usersession")
		out := srv.Run(t, "./usersession call server.info && echo @@ && ./usersession call session.list")
		infoText, listText, ok := strings.Cut(strings.ReplaceAll(out, "\r", ""), "@@")
		if !ok {
			t.Fatalf("unexpected output:\n%s", out)
		}
		var info struct {
			Elevated         bool    `json:"elevated"`
			CurrentSessionID *uint32 `json:"currentSessionId"`
		}
		var list struct {
			Sessions []session.Session `json:"sessions"`
		}
		if err := json.Unmarshal([]byte(infoText), &info); err != nil {
			t.Fatalf("server.info: %v\n%s", err, infoText)
		}
		if err := json.Unmarshal([]byte(listText), &list); err != nil {
			t.Fatalf("session.list: %v\n%s", err, listText)
		}
		if info.Elevated || info.CurrentSessionID == nil {
			t.Fatalf("server.info as %s: elevated %v, currentSessionId %v: want false and the ssh session", name, info.Elevated, info.CurrentSessionID)
		}
		list.Sessions = ofUser(list.Sessions, name)
		var current []uint32
		for _, s := range list.Sessions {
			if s.IsCurrent {
				current = append(current, s.ID)
			}
		}
		if len(list.Sessions) != 3 || !slices.Equal(current, []uint32{*info.CurrentSessionID}) ||
			*info.CurrentSessionID == sleeps["601"] || *info.CurrentSessionID == sleeps["602"] {
			t.Errorf("inside its own ssh session the helper listed %d sessions of %s, current %v, currentSessionId %d: want 3, only its own (not %d or %d)",
				len(list.Sessions), name, current, *info.CurrentSessionID, sleeps["601"], sleeps["602"])
		}
		sshdtest.WaitFor(t, 10*time.Second, "the third ssh session to end", func() bool { return len(ours()) == 2 })
	})

	t.Run("inside a session: every name of this machine is local", func(t *testing.T) {
		names := localNamesForTest(t)
		script := `id=$(./usersession call server.info | sed -n 's/.*"currentSessionId": \([0-9]*\).*/\1/p'); echo "@@id $id"; ` +
			`for n in ` + strings.Join(names, " ") + `; do echo "@@list $n"; ./usersession call session.list "{\"computerNames\":[\"$n\"],\"ids\":[$id]}"; ` +
			`echo "@@logoff $n"; ./usersession call session.logoff "{\"id\":$id,\"computerName\":\"$n\"}" 2>&1; echo "@@rc $?"; done`
		out := strings.ReplaceAll(srv.Run(t, script), "\r", "")
		parts := strings.Split(out, "@@")
		var own string
		for _, part := range parts {
			head, body, _ := strings.Cut(part, "\n")
			kind, n, _ := strings.Cut(head, " ")
			switch kind {
			case "id":
				own = n
				if own == "" {
					t.Fatalf("no currentSessionId inside the ssh session:\n%s", out)
				}
			case "list":
				var res struct {
					Sessions []session.Session `json:"sessions"`
				}
				if err := json.Unmarshal([]byte(body), &res); err != nil {
					t.Errorf("session.list of %s: %v\n%s", n, err, body)
					continue
				}
				if len(res.Sessions) != 1 || !res.Sessions[0].IsCurrent || strconv.Itoa(int(res.Sessions[0].ID)) != own {
					t.Errorf("session.list of %s, id %s: %s: want the caller's own session once, isCurrent", n, own, body)
				}
			case "logoff":
				if !strings.Contains(body, "-32003") || !strings.Contains(body, "own session") {
					t.Errorf("logoff of the own session %s via %s: %s: want -32003, the caller's own session", own, n, body)
				}
			case "rc":
				if strings.TrimSpace(n) != "1" {
					t.Errorf("a refused logoff exited %q, want 1", n)
				}
			}
		}
		t.Logf("names tried: %v", names)
		sshdtest.WaitFor(t, 10*time.Second, "the ssh session to end", func() bool { return len(ours()) == 2 })
	})

	t.Run("a watch sees a login and its logout, in order", func(t *testing.T) {
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type seen struct {
			kind session.EventKind
			id   uint32
			at   time.Time
		}
		events := make(chan seen, 16)
		go func() {
			_ = svc.Watch(wctx, session.WatchRequest{Interval: time.Hour, Resync: time.Hour}, func(e session.Event) {
				if e.UserName == name {
					events <- seen{e.Kind, e.ID, time.Now()}
				}
			})
		}()
		time.Sleep(300 * time.Millisecond) // the watch's first listing
		opened := time.Now()
		c := srv.Open(t, "sleep 603")
		next := func(what string) seen {
			select {
			case e := <-events:
				return e
			case <-time.After(15 * time.Second):
				t.Fatalf("no %s event", what)
			}
			return seen{}
		}
		logon := next("logon")
		if logon.kind != session.EventLogon {
			t.Fatalf("first event %s, want logon", logon.kind)
		}
		closed := time.Now()
		if err := syscall.Kill(c.PID(), syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		logoff := next("logoff")
		if logoff.kind != session.EventLogoff || logoff.id != logon.id {
			t.Errorf("second event %s of session %d, want the logoff of %d", logoff.kind, logoff.id, logon.id)
		}
		// Reported, not asserted: this machine is shared.
		t.Logf("logon seen %v after ssh started (the login itself included), logoff %v after the client was killed",
			logon.at.Sub(opened).Round(time.Millisecond), logoff.at.Sub(closed).Round(time.Millisecond))
	})

	t.Run("includeResources sums each session's processes", func(t *testing.T) {
		ss, failures, err := svc.List(ctx, session.Query{UserNames: []string{name}, IncludeResources: true})
		if err != nil || len(failures) > 0 {
			t.Fatalf("List: %v %v", err, failures)
		}
		for _, s := range ss {
			// The login process and the remote sleep at least.
			if s.ProcessCount == nil || *s.ProcessCount < 2 || s.WorkingSetBytes == nil || *s.WorkingSetBytes == 0 || s.CPUSeconds == nil {
				t.Errorf("session %d: processCount %v, workingSetBytes %v, cpuSeconds %v: want its processes summed",
					s.ID, s.ProcessCount, s.WorkingSetBytes, s.CPUSeconds)
			}
		}
	})

	t.Run("processes include the remote command", func(t *testing.T) {
		for _, marker := range []string{"601", "602"} {
			var found, sshd bool
			for _, p := range procs {
				if p.SessionID != sleeps[marker] {
					continue
				}
				if p.ProcessID == sleepPID[marker] {
					found = p.UserName == name && p.WorkingSetBytes != nil && p.CPUSeconds != nil &&
						p.ThreadCount != nil && p.HandleCount != nil
				}
				if p.ProcessID == sleeps[marker] && p.Name == "sshd" {
					sshd = true
				}
			}
			if !found {
				t.Errorf("session %d: remote command \"sleep %s\" (pid %d) missing or incomplete in %+v",
					sleeps[marker], marker, sleepPID[marker], procs)
			}
			if !sshd {
				t.Errorf("session %d: its login process (sshd) is not among its processes", sleeps[marker])
			}
		}
	})

	t.Run("logoff ends one session only", func(t *testing.T) {
		target, other := sleeps["601"], sleeps["602"]
		auditLog := filepath.Join(dir, "audit.jsonl")
		svc.Audit = &audit.Trail{Sinks: []audit.Sink{&audit.File{Path: auditLog}}}
		defer func() { svc.Audit = nil }()
		begin := time.Now()
		res, err := svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ID: target, Wait: true})
		completed := res.Completed
		if err != nil || !completed {
			t.Fatalf("logoff of session %d = %v, %v, want completed", target, completed, err)
		}
		t.Logf("logoff with wait took %v", time.Since(begin).Round(time.Millisecond))
		if !c1.Exited(10 * time.Second) {
			t.Error("the ssh client of the logged-off session still runs")
		}
		if c2.Exited(0) {
			t.Errorf("the ssh client of the other session ended: %s", c2.Output())
		}
		if !alive2(sleepPID["602"]) {
			t.Error("the other session's remote command ended")
		}
		if alive2(sleepPID["601"]) {
			t.Error("the logged-off session's remote command still runs")
		}
		mine := ours()
		if len(mine) != 1 || mine[0].ID != other {
			t.Errorf("after logoff: sessions %+v, want only %d", mine, other)
		}
		if d := diffLines(sshdtest.WhoLines(t, name), sessionLines(mine)); d != "" {
			t.Errorf("after logoff, who vs session.list %s", d)
		}
		data, err := os.ReadFile(auditLog)
		if err != nil {
			t.Fatal(err)
		}
		// The record of intent, then the record of the result.
		lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
		var intent, rec audit.Record
		if len(lines) != 2 || json.Unmarshal(lines[0], &intent) != nil || json.Unmarshal(lines[1], &rec) != nil ||
			intent.Result != session.AuditIntent || intent.SessionID != target {
			t.Fatalf("audit log %q: want the record of intent of session %d, then the result", data, target)
		}
		if rec.Action != "logoff" || rec.SessionID != target || rec.UserName != name || rec.Result != session.AuditCompleted ||
			rec.Actor.UID == nil || *rec.Actor.UID != 0 || rec.Actor.PID != os.Getpid() {
			t.Errorf("audit record %+v, want the completed logoff of %s's session %d by uid 0, this process", rec, name, target)
		}
	})

	t.Run("as the user, without root: logoff of the user's own other session", func(t *testing.T) {
		// A login of its own, so that nothing the other subtests did to
		// theirs matters. Its id is its "sshd: user [priv]" monitor, which
		// belongs to root; everything under it is the user's.
		c3 := srv.Open(t, "sleep 603")
		var target, sleepID uint32
		sshdtest.WaitFor(t, 15*time.Second, "the login that runs sleep 603", func() bool {
			procs, err := svc.Processes(ctx, session.ProcessQuery{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range procs {
				// The session must be the login's own: right after a
				// login, utmp may still hold the record an ended login
				// left on the same terminal, whose monitor is a zombie
				// that is no ancestor of the new login's processes.
				// Its own: cmd/usersession's suite, which may run beside
				// this one, runs a "sleep 603" of its own test user.
				if argv := cmdline(int(p.ProcessID)); len(argv) == 2 && argv[0] == "sleep" && argv[1] == "603" &&
					p.UserName == name && alive2(p.SessionID) && ancestor(p.SessionID, p.ProcessID) {
					target, sleepID = p.SessionID, p.ProcessID
					return true
				}
			}
			return false
		})
		srv.Install(t, exe, "usersession")
		out := strings.ReplaceAll(srv.Run(t, fmt.Sprintf(
			`./usersession call session.logoff '{"id":%d,"wait":true}' 2>&1; echo "@@rc $?"`, target)), "\r", "")
		if !strings.Contains(out, `"completed": true`) || !strings.Contains(out, "@@rc 0") {
			ps, _ := exec.Command("ps", "-eo", "pid,ppid,sid,user,tty,args").Output()
			t.Fatalf("logoff of the user's own session %d as the user:\n%s\n%s", target, out, ps)
		}
		if !c3.Exited(10 * time.Second) {
			t.Error("the ssh client of the signed-out session still runs")
		}
		if alive2(sleepID) || alive2(target) {
			t.Errorf("after logoff as the user: remote command alive %v, monitor %d alive %v", alive2(sleepID), target, alive2(target))
		}
		sshdtest.WaitFor(t, 10*time.Second, "the session to leave utmp", func() bool {
			for _, s := range ours() {
				if s.ID == target {
					return false
				}
			}
			return true
		})
		if d := diffLines(sshdtest.WhoLines(t, name), sessionLines(ours())); d != "" {
			t.Errorf("after logoff as the user, who vs session.list %s", d)
		}
	})
}

// localNamesForTest returns the names of this machine a caller could use:
// its host name, its fully qualified name when it has one, loopback
// addresses and one of its own addresses.
func localNamesForTest(t *testing.T) []string {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{host, strings.ToUpper(host), "127.0.0.1", "::1", "localhost", "."}
	if out, err := exec.Command("hostname", "-f").Output(); err == nil {
		if fqdn := strings.TrimSpace(string(out)); strings.Contains(fqdn, ".") && fqdn != host {
			names = append(names, fqdn)
		}
	}
	for _, a := range session.InterfaceAddrs() {
		if !a.IsLoopback() && !a.IsLinkLocalUnicast() {
			names = append(names, a.String())
			break
		}
	}
	return names
}

// ofUser keeps the sessions of user name.
func ofUser(ss []session.Session, name string) []session.Session {
	var out []session.Session
	for _, s := range ss {
		if s.UserName == name {
			out = append(out, s)
		}
	}
	return out
}

// currentIDs reads the answer to session.list that a helper wrote to
// path and returns the ids it marks isCurrent among user name's sessions
// (among all when name is ""), and the answer's text for messages.
func currentIDs(t *testing.T, path, name string) ([]uint32, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var res struct{ Sessions []session.Session }
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	ss := res.Sessions
	if name != "" {
		ss = ofUser(ss, name)
	}
	var current []uint32
	for _, s := range ss {
		if s.IsCurrent {
			current = append(current, s.ID)
		}
	}
	return current, data
}

// refusedAsOwn reads what a helper's session.logoff wrote to path and
// reports whether it is the refusal of the caller's own session (-32003).
func refusedAsOwn(path string) (string, bool) {
	out, _ := os.ReadFile(path)
	return string(out), strings.Contains(string(out), "-32003") && strings.Contains(string(out), "own session")
}

// running reports whether a process runs the command line argv (its
// arguments joined by spaces).
func running(t *testing.T, argv string) bool {
	t.Helper()
	procs, err := scanProcs()
	if err != nil {
		t.Fatal(err)
	}
	for pid := range procs {
		if strings.Join(cmdline(pid), " ") == argv {
			return true
		}
	}
	return false
}

// sessionLines renders sessions as sshdtest.WhoLines does, in local time as who.
func sessionLines(ss []session.Session) []string {
	var lines []string
	for _, s := range ss {
		when := "?"
		if s.LogonTime != nil {
			when = s.LogonTime.Local().Format("Jan 2 15:04")
		}
		lines = append(lines, strings.Join([]string{s.UserName, s.SessionName, when, s.ClientName}, " "))
	}
	slices.Sort(lines)
	return lines
}

// diffLines describes how two sorted lists of lines differ, (-want +got),
// or returns "".
func diffLines(want, got []string) string {
	if slices.Equal(want, got) {
		return ""
	}
	var b strings.Builder
	b.WriteString("(-want +got)\n")
	for _, l := range want {
		if !slices.Contains(got, l) {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	fmt.Fprintf(&b, "want %q\ngot  %q", want, got)
	return b.String()
}

// cmdline returns the arguments of pid.
func cmdline(pid int) []string {
	b, err := os.ReadFile(filepath.Join(procRoot, strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
}

// ancestor reports whether pid is an ancestor of child.
func ancestor(pid, child uint32) bool {
	for p := int(child); p > 1; {
		st, err := procfs.ReadStat(p)
		if err != nil {
			return false
		}
		if st.PPID == int(pid) {
			return true
		}
		p = st.PPID
	}
	return false
}

// alive2 reports whether pid runs (is not gone or a zombie).
func alive2(pid uint32) bool {
	st, err := procfs.ReadStat(int(pid))
	return err == nil && !st.Zombie()
}
