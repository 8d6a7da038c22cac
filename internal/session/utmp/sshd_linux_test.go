package utmp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
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
// It needs root and openssh-server, and skips without them, except under
// CI=true, where it fails. It removes the user, sshd and the clients when
// it ends, also on failure.
func TestSSHD(t *testing.T) {
	requireSSHD(t)
	ctx := context.Background()
	ensureRuntimeFiles(t)
	dir := t.TempDir()
	hostKey := filepath.Join(dir, "host_key")
	clientKey := filepath.Join(dir, "client_key")
	for _, key := range []string{hostKey, clientKey} {
		run(t, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "usersession-test", "-f", key)
	}
	name := fmt.Sprintf("ustest%d", os.Getpid()%1000000)
	home := addUser(t, name, clientKey+".pub")
	port := freePort(t)
	cfg := filepath.Join(dir, "sshd_config")
	writeFile(t, cfg, 0o600, strings.Join([]string{
		"Port " + strconv.Itoa(port),
		"ListenAddress 127.0.0.1",
		"HostKey " + hostKey,
		"PidFile none",
		"UsePAM no",
		"AuthorizedKeysFile .ssh/authorized_keys",
		"PubkeyAuthentication yes",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"PermitRootLogin no",
		"AllowUsers " + name,
		"UseDNS no",
		"PrintMotd no",
		"PrintLastLog no",
		"LogLevel VERBOSE",
		"",
	}, "\n"))
	run(t, "/usr/sbin/sshd", "-t", "-f", cfg)
	startSSHD(t, cfg, port)

	b := New("")
	svc := session.NewService(b)
	ours := func() []session.Session {
		ss, failures := svc.List(ctx, session.Query{UserNames: []string{name}})
		if len(failures) > 0 {
			t.Fatalf("session.list failures: %v", failures[0].Err)
		}
		return ss
	}
	begin := time.Now()
	c1 := startClient(t, clientKey, port, name, "sleep 601")
	waitFor(t, 15*time.Second, "the first ssh session in utmp", func() bool { return len(ours()) == 1 })
	c2 := startClient(t, clientKey, port, name, "sleep 602")
	waitFor(t, 15*time.Second, "the second ssh session in utmp", func() bool { return len(ours()) == 2 })
	end := time.Now()

	// Which session runs which command.
	sleeps := map[string]uint32{}   // "601" -> session id
	sleepPID := map[string]uint32{} // "601" -> pid of the remote sleep
	var procs []session.Process
	waitFor(t, 10*time.Second, "both remote commands", func() bool {
		var err error
		procs, err = svc.Processes(ctx, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range procs {
			if p.Name != "sleep" {
				continue
			}
			argv := cmdline(int(p.ProcessID))
			if len(argv) == 2 && argv[0] == "sleep" && (argv[1] == "601" || argv[1] == "602") {
				sleeps[argv[1]], sleepPID[argv[1]] = p.SessionID, p.ProcessID
			}
		}
		return len(sleeps) == 2
	})

	t.Run("list agrees with who", func(t *testing.T) {
		ss, failures := svc.List(ctx, session.Query{})
		if len(failures) > 0 {
			t.Fatalf("session.list failures: %v", failures[0].Err)
		}
		who := whoLines(t)
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

	exe := filepath.Join(dir, "usersession")
	run(t, "go", "build", "-o", exe, "github.com/usersession/usersession/cmd/usersession")

	t.Run("usersession call session.list agrees with who", func(t *testing.T) {
		cmd := exec.Command(exe, "call", "session.list", "{}")
		cmd.Env = append(os.Environ(), "USERSESSION_UTMP=")
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
		if d := diffLines(whoLines(t), sessionLines(res.Sessions)); d != "" {
			t.Errorf("who vs usersession call session.list %s", d)
		}
	})

	t.Run("inside a session: currentSessionId and isCurrent, as the user", func(t *testing.T) {
		u, err := user.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		userExe := filepath.Join(home, "usersession")
		data, err := os.ReadFile(exe)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, userExe, 0o755, string(data))
		if err := os.Chown(userExe, uid, -1); err != nil {
			t.Fatal(err)
		}
		out := sshRun(t, clientKey, port, name, "./usersession call server.info && echo @@ && ./usersession call session.list")
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
		var current []uint32
		for _, s := range list.Sessions {
			if s.IsCurrent {
				current = append(current, s.ID)
			}
		}
		if len(list.Sessions) != 3 || !slices.Equal(current, []uint32{*info.CurrentSessionID}) ||
			*info.CurrentSessionID == sleeps["601"] || *info.CurrentSessionID == sleeps["602"] {
			t.Errorf("inside its own ssh session the helper listed %d sessions, current %v, currentSessionId %d: want 3, only its own (not %d or %d)",
				len(list.Sessions), current, *info.CurrentSessionID, sleeps["601"], sleeps["602"])
		}
		waitFor(t, 10*time.Second, "the third ssh session to end", func() bool { return len(ours()) == 2 })
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
		begin := time.Now()
		_, completed, err := svc.Act(ctx, session.ActionLogoff, "", target, true, false)
		if err != nil || !completed {
			t.Fatalf("logoff of session %d = %v, %v, want completed", target, completed, err)
		}
		t.Logf("logoff with wait took %v", time.Since(begin).Round(time.Millisecond))
		if !c1.exited(10 * time.Second) {
			t.Error("the ssh client of the logged-off session still runs")
		}
		if c2.exited(0) {
			t.Errorf("the ssh client of the other session ended: %s", c2.output())
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
		if d := diffLines(whoLines(t), sessionLines(mine)); d != "" {
			t.Errorf("after logoff, who vs session.list %s", d)
		}
	})
}

// requireSSHD skips the test (fails it under CI=true) when it cannot run.
func requireSSHD(t *testing.T) {
	t.Helper()
	missing := func(why string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and the sshd test cannot run: %s", why)
		}
		t.Skipf("skipping the sshd test: %s (install openssh-server and openssh-client and run as root)", why)
	}
	if os.Geteuid() != 0 {
		missing("not running as root (it adds a user and starts sshd)")
	}
	if _, err := os.Stat("/usr/sbin/sshd"); err != nil {
		missing("/usr/sbin/sshd not found")
	}
	for _, tool := range []string{"ssh", "ssh-keygen", "useradd", "usermod", "userdel", "who", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing(tool + " not found")
		}
	}
}

// ensureRuntimeFiles creates what a booted system has and a container may
// lack: the utmp file (sshd writes entries only into an existing one) and
// sshd's privilege separation directory. What it creates it removes.
func ensureRuntimeFiles(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(DefaultPath); os.IsNotExist(err) {
		f, err := os.OpenFile(DefaultPath, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o664)
		if err != nil {
			t.Fatalf("create %s: %v", DefaultPath, err)
		}
		f.Close()
		if g, err := user.LookupGroup("utmp"); err == nil {
			gid, _ := strconv.Atoi(g.Gid)
			_ = os.Chown(DefaultPath, 0, gid)
		}
		t.Cleanup(func() { os.Remove(DefaultPath) })
	}
	if _, err := os.Stat("/run/sshd"); os.IsNotExist(err) {
		if err := os.Mkdir("/run/sshd", 0o755); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Remove("/run/sshd") })
	}
}

// addUser creates user name with a home, a usable (not locked) password
// field and the public key in pubKey as its only authorized key. At the
// end of the test it kills what runs as the user, by pid, and removes the
// user and its home. It returns the home directory.
func addUser(t *testing.T, name, pubKey string) string {
	t.Helper()
	if _, err := user.Lookup(name); err == nil {
		t.Fatalf("user %s exists already", name)
	}
	run(t, "useradd", "-m", "-s", "/bin/sh", "-c", "usersession test", name)
	t.Cleanup(func() {
		u, err := user.Lookup(name)
		if err == nil {
			uid, _ := strconv.Atoi(u.Uid)
			for range 20 {
				if killUser(uint32(uid)) == 0 {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
		}
		if out, err := exec.Command("userdel", "-r", "-f", name).CombinedOutput(); err != nil {
			t.Errorf("userdel %s: %v\n%s", name, err, out)
		}
	})
	// sshd without PAM refuses a locked account ("!" in the password field).
	run(t, "usermod", "-p", "*", name)
	u, err := user.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	key, err := os.ReadFile(pubKey)
	if err != nil {
		t.Fatal(err)
	}
	sshDir := filepath.Join(u.HomeDir, ".ssh")
	if err := os.MkdirAll(sshDir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(sshDir, "authorized_keys"), 0o600, string(key))
	for _, p := range []string{sshDir, filepath.Join(sshDir, "authorized_keys")} {
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	return u.HomeDir
}

// killUser sends SIGKILL to every process whose effective uid is uid and
// returns how many it found.
func killUser(uid uint32) int {
	procs, _ := scanProcs()
	n := 0
	for pid, st := range procs {
		if st.Zombie() {
			continue
		}
		if u, err := processUID(pid); err == nil && u == uid {
			n++
			_ = signalProcess(pid, st.StartTime, syscall.SIGKILL)
		}
	}
	return n
}

// startSSHD runs sshd in the foreground with config cfg and waits until it
// accepts connections on port. Its log is shown when the test fails.
func startSSHD(t *testing.T, cfg string, port int) {
	t.Helper()
	cmd := exec.Command("/usr/sbin/sshd", "-D", "-e", "-f", cfg)
	var log syncBuffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
		if t.Failed() {
			t.Logf("sshd log:\n%s", log.String())
		}
	})
	waitFor(t, 10*time.Second, "sshd to listen", func() bool {
		select {
		case <-done:
			t.Fatalf("sshd exited:\n%s", log.String())
		default:
		}
		c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

// client is an ssh client the test started.
type client struct {
	started
	out *syncBuffer
}

func (c client) output() string { return c.out.String() }

// startClient opens an ssh session with a pseudo-terminal (-tt) that runs
// command. Its standard input stays open, so only the server ends it.
func startClient(t *testing.T, key string, port int, name, command string) client {
	t.Helper()
	cmd := exec.Command("ssh", "-tt", "-F", "/dev/null", "-i", key, "-p", strconv.Itoa(port),
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
		"-o", "LogLevel=ERROR", name+"@127.0.0.1", command)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := client{started: started{cmd: cmd, done: make(chan struct{})}, out: out}
	go func() { _ = cmd.Wait(); close(c.done) }()
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Process.Kill()
		<-c.done
		if t.Failed() {
			t.Logf("ssh %q output:\n%s", command, out.String())
		}
	})
	return c
}

// sshRun runs command in an ssh session with a pseudo-terminal and
// returns what it printed.
func sshRun(t *testing.T, key string, port int, name, command string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ssh", "-tt", "-F", "/dev/null", "-i", key, "-p", strconv.Itoa(port),
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
		"-o", "LogLevel=ERROR", name+"@127.0.0.1", command)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ssh %q: %v\n%s", command, err, out)
	}
	return string(out)
}

// whoLines runs who(1) in the C locale and returns one line per login:
// "user line Mon D HH:MM host", the time as who prints it there
// ("%b %e %H:%M").
func whoLines(t *testing.T) []string {
	t.Helper()
	cmd := exec.Command("who")
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("who: %v", err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 5 {
			t.Fatalf("who printed %q: want user, line and a three-part time", sc.Text())
		}
		host := ""
		if last := f[len(f)-1]; strings.HasPrefix(last, "(") && strings.HasSuffix(last, ")") {
			host = last[1 : len(last)-1]
			f = f[:len(f)-1]
		}
		lines = append(lines, strings.Join(append(f, host), " "))
	}
	slices.Sort(lines)
	return lines
}

// sessionLines renders sessions as whoLines does, in local time as who.
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

// alive2 reports whether pid runs (is not gone or a zombie).
func alive2(pid uint32) bool {
	st, err := readStat(int(pid))
	return err == nil && !st.Zombie()
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// run runs a command and fails the test with its output when it fails.
func run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func writeFile(t *testing.T, path string, mode os.FileMode, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writers and readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

var _ io.Writer = (*syncBuffer)(nil)
