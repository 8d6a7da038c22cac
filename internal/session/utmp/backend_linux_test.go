package utmp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/usersession/usersession/internal/procfs"
	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/sshdtest"
)

// openPTY opens a pseudo-terminal pair without cgo. Output processing is
// turned off, so what is written to the terminal reaches the master side
// byte for byte.
func openPTY(t *testing.T) (master, slave *os.File, line string) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("pty number: %v", err)
	}
	line = "pts/" + strconv.Itoa(n)
	s, err := os.OpenFile("/dev/"+line, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open %s: %v", line, err)
	}
	t.Cleanup(func() { s.Close() })
	tio, err := unix.IoctlGetTermios(int(s.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Oflag &^= unix.OPOST
	if err := unix.IoctlSetTermios(int(s.Fd()), unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
	return m, s, line
}

// started is a process the test started; done is closed when it exits.
type started struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func (p started) pid() int { return p.cmd.Process.Pid }

func (p started) exited(within time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(within):
		return false
	}
}

// start runs argv as a new session leader, on tty as its controlling
// terminal when tty is not nil, and kills it when the test ends.
func start(t *testing.T, tty *os.File, argv ...string) started {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if tty != nil {
		cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
		cmd.SysProcAttr.Setctty = true
		cmd.SysProcAttr.Ctty = 0
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := started{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
	return p
}

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int32 {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return int32(cmd.Process.Pid)
}

// children returns the pids whose parent is pid.
func children(pid int) []int {
	procs, _ := scanProcs()
	var out []int
	for p, st := range procs {
		if st.PPID == pid {
			out = append(out, p)
		}
	}
	return out
}

func isKind(err, kind error) bool { return errors.Is(err, kind) }

func TestBackendOnPTY(t *testing.T) {
	master, slave, line := openPTY(t)
	leader := start(t, slave, "sleep", "300")
	outsider := start(t, nil, "sleep", "301")
	logon := time.Now().Add(-2 * time.Second).Truncate(time.Microsecond)
	path := writeUtmp(t, t.TempDir(),
		Record{Type: TypeBootTime, Line: "~", ID: "~~", User: "reboot", Sec: logon.Unix() - 3600},
		Record{Type: TypeLoginProcess, PID: int32(outsider.pid()), Line: "tty9", ID: "9", User: "LOGIN", Sec: logon.Unix()},
		Record{Type: TypeUserProcess, PID: int32(leader.pid()), Line: line, ID: "ts/x", User: "tester",
			Host: "client.example", Sec: logon.Unix(), Usec: int64(logon.Nanosecond() / 1000), Addr: ipv4(192, 0, 2, 7)},
		Record{Type: TypeDeadProcess, PID: 12345, Line: "pts/98", ID: "ts/8"},
		Record{Type: TypeUserProcess, PID: deadPID(t), Line: "pts/99", ID: "ts/9", User: "gone", Sec: logon.Unix()},
		// The outsider's pid with a login long before it started: a stale
		// entry whose pid was reused.
		Record{Type: TypeUserProcess, PID: int32(outsider.pid()), Line: "pts/97", ID: "ts/7", User: "stale", Sec: 1000000000},
		// A second entry for the same login process is ignored.
		Record{Type: TypeUserProcess, PID: int32(leader.pid()), Line: "pts/96", ID: "ts/6", User: "dup", Sec: logon.Unix()},
	)
	b := &Backend{Path: path, Grace: 2 * time.Second}
	ctx := context.Background()
	host, _ := os.Hostname()
	id := uint32(leader.pid())

	t.Run("list", func(t *testing.T) {
		got, err := b.Sessions(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("got %d sessions, want 1: %+v", len(got), got)
		}
		s := got[0]
		if s.LastInputTime == nil || s.IdleSeconds == nil || *s.IdleSeconds < 0 {
			t.Errorf("lastInputTime %v, idleSeconds %v: want both set from the terminal's atime", s.LastInputTime, s.IdleSeconds)
		}
		s.LastInputTime, s.IdleSeconds = nil, nil
		want := session.Session{ComputerName: host, ID: id, SessionName: line, UserName: "tester",
			State: session.StateActive, ClientName: "client.example", ClientAddress: "192.0.2.7",
			LogonTime: session.TimePtr(logon), ConnectTime: session.TimePtr(logon),
			AccountName: session.Account("", "tester"), IsRemote: session.BoolPtr(true)}
		if d := diffJSON(want, s); d != "" {
			t.Error(d)
		}
	})

	t.Run("processes", func(t *testing.T) {
		ps, err := b.Processes(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, p := range ps {
			switch int(p.ProcessID) {
			case leader.pid():
				found = true
				if p.SessionID != id || p.Name != "sleep" || p.ComputerName != host || p.UserName != userName(uint32(os.Geteuid())) {
					t.Errorf("leader process = %+v", p)
				}
				if p.WorkingSetBytes == nil || *p.WorkingSetBytes == 0 || p.CPUSeconds == nil ||
					p.ThreadCount == nil || *p.ThreadCount != 1 || p.HandleCount == nil || *p.HandleCount < 3 {
					t.Errorf("leader counters: rss %v cpu %v threads %v handles %v",
						p.WorkingSetBytes, p.CPUSeconds, p.ThreadCount, p.HandleCount)
				}
			case outsider.pid(), os.Getpid():
				t.Errorf("process %d (%s) is not in session %d but was listed in %d", p.ProcessID, p.Name, id, p.SessionID)
			}
		}
		if !found {
			t.Errorf("the session's process %d is missing from %+v", leader.pid(), ps)
		}
	})

	t.Run("message", func(t *testing.T) {
		got := make(chan string, 1)
		go func() {
			var buf bytes.Buffer
			b := make([]byte, 4096)
			for !strings.Contains(buf.String(), "EOF\r\n") {
				n, err := master.Read(b)
				buf.Write(b[:n])
				if err != nil {
					break
				}
			}
			got <- buf.String()
		}()
		r, err := b.Message(ctx, "", id, session.Message{Title: "Maintenance", Text: "bye\n\x1b[2Jnow", Buttons: session.ButtonsOK})
		if err != nil {
			t.Fatal(err)
		}
		if r != session.ResponseAsync {
			t.Errorf("response %q, want async", r)
		}
		select {
		case text := <-got:
			header := fmt.Sprintf("\r\n\a\a\aMessage from %s@%s on ", userName(uint32(os.Geteuid())), host)
			body := " ...\r\nMaintenance\r\nbye\r\n^[[2Jnow\r\nEOF\r\n"
			if !strings.HasPrefix(text, header) || !strings.HasSuffix(text, body) {
				t.Errorf("terminal got %q, want %q...%q", text, header, body)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("nothing arrived on the terminal")
		}
	})

	t.Run("errors", func(t *testing.T) {
		tests := []struct {
			name string
			call func() error
			kind error
		}{
			{"message with yes/no buttons", func() error {
				_, err := b.Message(ctx, "", id, session.Message{Text: "?", Buttons: session.ButtonsYesNo})
				return err
			}, session.ErrNotSupported},
			{"message to no session", func() error {
				_, err := b.Message(ctx, "", 1, session.Message{Text: "x"})
				return err
			}, session.ErrNoSession},
			{"disconnect", func() error { _, err := b.Disconnect(ctx, "", id, true); return err }, session.ErrNotSupported},
			{"logoff of no session", func() error { _, err := b.Logoff(ctx, "", uint32(deadPID(t)), true); return err }, session.ErrNoSession},
			{"logoff of a stale entry", func() error { _, err := b.Logoff(ctx, "", uint32(outsider.pid()), true); return err }, session.ErrNoSession},
			{"remote list", func() error { _, err := b.Sessions(ctx, "SRV02"); return err }, session.ErrNotSupported},
			{"remote processes", func() error { _, err := b.Processes(ctx, "SRV02"); return err }, session.ErrNotSupported},
			{"remote logoff", func() error { _, err := b.Logoff(ctx, "SRV02", id, true); return err }, session.ErrNotSupported},
			{"remote disconnect", func() error { _, err := b.Disconnect(ctx, "SRV02", id, true); return err }, session.ErrNotSupported},
			{"remote message", func() error {
				_, err := b.Message(ctx, "SRV02", id, session.Message{Text: "x"})
				return err
			}, session.ErrNotSupported},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.call()
				if !isKind(err, tt.kind) {
					t.Fatalf("error %v, want kind %v", err, tt.kind)
				}
				var e *session.Error
				if !errors.As(err, &e) {
					t.Fatalf("error %T is not a *session.Error", err)
				}
				if tt.kind == session.ErrNotSupported && (e.Backend != "utmp" || e.Hint == "") {
					t.Errorf("backend %q, hint %q: want utmp and a hint", e.Backend, e.Hint)
				}
			})
		}
	})

	t.Run("logoff", func(t *testing.T) {
		completed, err := b.Logoff(ctx, "", id, true)
		if err != nil || !completed {
			t.Fatalf("Logoff = %v, %v, want true, nil", completed, err)
		}
		if !leader.exited(2 * time.Second) {
			t.Error("the session's process still runs after Logoff with wait")
		}
		if outsider.exited(0) {
			t.Error("a process outside the session was ended")
		}
		got, err := b.Sessions(ctx, "")
		if err != nil || len(got) != 0 {
			t.Errorf("after logoff Sessions = %+v, %v, want none", got, err)
		}
	})
}

// diffJSON compares two values through their wire form and describes the
// difference (-want +got), or returns "".
func diffJSON(want, got any) string {
	w, _ := json.MarshalIndent(want, "", " ")
	g, _ := json.MarshalIndent(got, "", " ")
	if bytes.Equal(w, g) {
		return ""
	}
	wl, gl := strings.Split(string(w), "\n"), strings.Split(string(g), "\n")
	var b strings.Builder
	b.WriteString("(-want +got)\n")
	for i := range max(len(wl), len(gl)) {
		var a, c string
		if i < len(wl) {
			a = wl[i]
		}
		if i < len(gl) {
			c = gl[i]
		}
		if a != c {
			fmt.Fprintf(&b, "-%s\n+%s\n", a, c)
		}
	}
	return b.String()
}

func TestLogoffEscalatesToKill(t *testing.T) {
	_, slave, line := openPTY(t)
	// The shell and its sleep ignore SIGHUP and SIGTERM; "; true" keeps
	// the shell from replacing itself with sleep.
	leader := start(t, slave, "sh", "-c", `trap "" HUP TERM; sleep 300; true`)
	var sleeper int
	sshdtest.WaitFor(t, 5*time.Second, "the shell's sleep", func() bool {
		c := children(leader.pid())
		if len(c) == 1 {
			sleeper = c[0]
		}
		return sleeper != 0
	})
	sleeperStart, _ := procfs.ReadStat(sleeper)
	path := writeUtmp(t, t.TempDir(), Record{Type: TypeUserProcess, PID: int32(leader.pid()), Line: line,
		ID: "ts/k", User: "tester", Sec: time.Now().Unix()})
	grace := 400 * time.Millisecond
	b := &Backend{Path: path, Grace: grace}
	begin := time.Now()
	completed, err := b.Logoff(context.Background(), "", uint32(leader.pid()), true)
	took := time.Since(begin)
	if err != nil || !completed {
		t.Fatalf("Logoff = %v, %v, want true, nil", completed, err)
	}
	if took < grace {
		t.Errorf("Logoff returned after %v, before the %v grace period: the processes ignore SIGHUP and SIGTERM", took, grace)
	}
	if !leader.exited(2 * time.Second) {
		t.Error("the shell survived")
	}
	if sameProcess(sleeper, sleeperStart.StartTime) {
		t.Error("the shell's sleep survived")
	}
}

func TestLogoffWithoutWait(t *testing.T) {
	_, slave, line := openPTY(t)
	leader := start(t, slave, "sleep", "300")
	path := writeUtmp(t, t.TempDir(), Record{Type: TypeUserProcess, PID: int32(leader.pid()), Line: line,
		ID: "ts/w", User: "tester", Sec: time.Now().Unix()})
	b := &Backend{Path: path}
	completed, err := b.Logoff(context.Background(), "", uint32(leader.pid()), false)
	if err != nil || completed {
		t.Fatalf("Logoff = %v, %v, want false, nil", completed, err)
	}
	if !leader.exited(3 * time.Second) {
		t.Error("the session's process still runs 3 s after Logoff without wait")
	}
}

func TestCurrentSession(t *testing.T) {
	_, _, line := openPTY(t)
	self := os.Getpid()
	path := writeUtmp(t, t.TempDir(), Record{Type: TypeUserProcess, PID: int32(self), Line: line,
		ID: "ts/c", User: "me", Sec: time.Now().Unix()})
	b := New(path)
	ss, err := b.Sessions(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 1 || !ss[0].IsCurrent || ss[0].ID != uint32(self) {
		t.Errorf("Sessions = %+v, want session %d marked current", ss, self)
	}
	info, err := b.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := session.HostInfo{Elevated: os.Geteuid() == 0, CurrentSessionID: session.IDPtr(uint32(self)),
		Capabilities: session.Capabilities{Message: true, Processes: true}, TerminalSessions: true}
	want.ComputerName, _ = os.Hostname()
	if d := diffJSON(want, info); d != "" {
		t.Error(d)
	}
}

func TestNoUtmpFile(t *testing.T) {
	b := New(filepath.Join(t.TempDir(), "missing"))
	ctx := context.Background()
	ss, err := b.Sessions(ctx, "")
	if err != nil || len(ss) != 0 {
		t.Errorf("Sessions = %v, %v, want no sessions and no error", ss, err)
	}
	ps, err := b.Processes(ctx, "")
	if err != nil || len(ps) != 0 {
		t.Errorf("Processes = %v, %v, want none and no error", ps, err)
	}
	info, err := b.Info(ctx)
	if err != nil || info.CurrentSessionID != nil {
		t.Errorf("Info = %+v, %v, want no current session and no error", info, err)
	}
	if _, err := b.Logoff(ctx, "", 1234, true); !isKind(err, session.ErrNoSession) {
		t.Errorf("Logoff error %v, want ErrNoSession", err)
	}
}

// helperEnv switches the test binary into the helper of TestNotRoot.
const helperEnv = "USERSESSION_UTMP_TEST_HELPER"

// TestNotRoot runs the backend as user nobody against a session of root:
// listing works, logoff and message answer ErrAccessDenied with the errno
// and a hint, and nothing is signalled.
func TestNotRoot(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		notRootHelper()
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a helper as another user")
	}
	_, slave, line := openPTY(t)
	leader := start(t, slave, "sleep", "300")
	dir, err := os.MkdirTemp("", "utmp-notroot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := writeUtmp(t, dir, Record{Type: TypeUserProcess, PID: int32(leader.pid()), Line: line,
		ID: "ts/n", User: "root", Sec: time.Now().Unix()})
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "utmp.test")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestNotRoot$")
	cmd.Env = append(os.Environ(), helperEnv+"=1", "UTMP_TEST_PATH="+path, "UTMP_TEST_ID="+strconv.Itoa(leader.pid()))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper as nobody: %v\n%s", err, out)
	}
	var res map[string]string
	if i := bytes.IndexByte(out, '{'); i >= 0 {
		_ = json.NewDecoder(bytes.NewReader(out[i:])).Decode(&res)
	}
	want := map[string]string{
		"sessions": "1",
		"logoff":   "access denied, operation not permitted, hint",
		"message":  "access denied, permission denied, hint",
	}
	if d := diffJSON(want, res); d != "" {
		t.Errorf("helper output %s\n%s", out, d)
	}
	if leader.exited(200 * time.Millisecond) {
		t.Error("the session's process ended although the logoff was denied")
	}
}

// notRootHelper is TestNotRoot's side that runs as nobody. It prints what
// it saw as one JSON object.
func notRootHelper() {
	b := New(os.Getenv("UTMP_TEST_PATH"))
	id, _ := strconv.Atoi(os.Getenv("UTMP_TEST_ID"))
	ctx := context.Background()
	res := map[string]string{}
	ss, err := b.Sessions(ctx, "")
	res["sessions"] = fmt.Sprint(len(ss))
	if err != nil {
		res["sessions"] = err.Error()
	}
	describe := func(err error) string {
		var e *session.Error
		if !errors.As(err, &e) {
			return fmt.Sprintf("%T %v", err, err)
		}
		var errno syscall.Errno
		s := fmt.Sprint(e.Kind)
		if errors.As(e.Err, &errno) {
			s += ", " + errno.Error()
		}
		if e.Hint != "" {
			s += ", hint"
		}
		return s
	}
	_, err = b.Logoff(ctx, "", uint32(id), true)
	res["logoff"] = describe(err)
	_, err = b.Message(ctx, "", uint32(id), session.Message{Text: "x"})
	res["message"] = describe(err)
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
}

func TestLogoffLeavesOtherSessions(t *testing.T) {
	_, slaveA, lineA := openPTY(t)
	_, slaveB, lineB := openPTY(t)
	a := start(t, slaveA, "sleep", "300")
	bLeader := start(t, slaveB, "sh", "-c", "sleep 301; true")
	outsider := start(t, nil, "sleep", "303")
	now := time.Now().Unix()
	path := writeUtmp(t, t.TempDir(),
		Record{Type: TypeUserProcess, PID: int32(a.pid()), Line: lineA, ID: "ts/a", User: "alice", Sec: now},
		Record{Type: TypeUserProcess, PID: int32(bLeader.pid()), Line: lineB, ID: "ts/b", User: "bob", Sec: now})
	b := &Backend{Path: path, Grace: time.Second}
	ctx := context.Background()
	sshdtest.WaitFor(t, 5*time.Second, "the sleep of session B", func() bool { return len(children(bLeader.pid())) == 1 })
	ps, err := b.Processes(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]uint32{}
	for _, p := range ps {
		got[int(p.ProcessID)] = p.SessionID
	}
	want := map[int]uint32{a.pid(): uint32(a.pid()), bLeader.pid(): uint32(bLeader.pid()),
		children(bLeader.pid())[0]: uint32(bLeader.pid())}
	if d := diffJSON(want, got); d != "" {
		t.Errorf("processes by session %s", d)
	}
	completed, err := b.Logoff(ctx, "", uint32(a.pid()), true)
	if err != nil || !completed {
		t.Fatalf("Logoff = %v, %v, want true, nil", completed, err)
	}
	if !a.exited(2 * time.Second) {
		t.Error("session A's process survived its logoff")
	}
	for name, p := range map[string]started{"session B's shell": bLeader, "a process outside every session": outsider} {
		if p.exited(0) {
			t.Errorf("%s was ended by the logoff of session A", name)
		}
	}
	if kids := children(bLeader.pid()); len(kids) != 1 {
		t.Errorf("session B's sleep was ended by the logoff of session A (children of its shell: %v)", kids)
	}
	ss, err := b.Sessions(ctx, "")
	if err != nil || len(ss) != 1 || ss[0].ID != uint32(bLeader.pid()) {
		t.Errorf("after logoff Sessions = %+v, %v, want only session B", ss, err)
	}
}
