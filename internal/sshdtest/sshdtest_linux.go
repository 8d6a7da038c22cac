package sshdtest

import (
	"bufio"
	"bytes"
	"context"
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
	"syscall"
	"testing"
	"time"
)

// UtmpPath is the utmp file sshd writes and who(1) reads.
const UtmpPath = "/var/run/utmp"

// Require skips t (fails it under CI=true) when sessions cannot be made
// here: not root, or sshd, ssh or the user tools missing. extra names
// further commands the test needs on PATH.
func Require(t testing.TB, extra ...string) {
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
	for _, tool := range append([]string{"ssh", "ssh-keygen", "useradd", "usermod", "userdel", "who"}, extra...) {
		if _, err := exec.LookPath(tool); err != nil {
			missing(tool + " not found")
		}
	}
}

// Server is a running sshd and the user it lets in.
type Server struct {
	// User is the test user's name, Home its home directory, UID its uid.
	User string
	Home string
	UID  int
	// Port is sshd's port on 127.0.0.1.
	Port int
	// Key is the private key the user (and root, with Options.Root) logs
	// in with.
	Key string
	// Addrs are the loopback addresses sshd listens on (127.0.0.1 unless
	// Options.Addrs asked for others).
	Addrs []string
	dir   string
}

// Options shape the sshd StartWith starts.
type Options struct {
	// Addrs is how many loopback addresses sshd listens on, 127.0.0.2
	// and up, each standing for one host; 0 means 127.0.0.1 alone.
	Addrs int
	// PowerShell, when set, is the pwsh that serves the powershell
	// subsystem ("Subsystem powershell PWSH -sshs -NoLogo"), as
	// PowerShell remoting over SSH needs.
	PowerShell string
	// Root lets root in too, with the same key (from a file of the test's
	// own, not root's authorized_keys).
	Root bool
}

// Start creates the runtime files a container may lack, a user, and an
// sshd that lets only that user in, and waits until sshd listens. It
// calls Require first.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartWith(t, Options{})
}

// StartWith is Start with the listen addresses, the PowerShell subsystem
// and root's login of opts.
func StartWith(t testing.TB, opts Options) *Server {
	t.Helper()
	Require(t)
	RemoveStrays(t)
	ensureRuntimeFiles(t)
	dir := t.TempDir()
	s := &Server{dir: dir, Key: filepath.Join(dir, "client_key")}
	hostKey := filepath.Join(dir, "host_key")
	for _, key := range []string{hostKey, s.Key} {
		Run(t, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "usersession-test", "-f", key)
	}
	s.User = fmt.Sprintf("%s%d", userPrefix, (os.Getpid()*31+int(time.Now().UnixNano()%1000))%1000000)
	home, uid, claim := addUser(t, s.User, s.Key+".pub")
	s.Home, s.UID = home, uid
	s.Addrs = []string{"127.0.0.1"}
	if opts.Addrs > 0 {
		s.Addrs = nil
		for i := range opts.Addrs {
			s.Addrs = append(s.Addrs, fmt.Sprintf("127.0.0.%d", i+2))
		}
	}
	s.Port = freePort(t, s.Addrs)
	var listen []string
	for _, a := range s.Addrs {
		listen = append(listen, "ListenAddress "+a)
	}
	permitRoot, allow, extra := "no", s.User, []string{}
	if opts.Root {
		// Root's key sits in a file of the test's own; StrictModes would
		// refuse its path through the world-writable /tmp.
		rootKeys := filepath.Join(dir, "root_keys")
		pub, err := os.ReadFile(s.Key + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, rootKeys, 0o600, string(pub))
		permitRoot, allow = "prohibit-password", s.User+" root"
		extra = append(extra, "Subsystem sftp internal-sftp", "StrictModes no", "Match User root", "\tAuthorizedKeysFile "+rootKeys)
	}
	if opts.PowerShell != "" {
		extra = append([]string{"Subsystem powershell " + opts.PowerShell + " -sshs -NoLogo"}, extra...)
	}
	cfg := filepath.Join(dir, "sshd_config")
	lines := append([]string{"Port " + strconv.Itoa(s.Port)}, listen...)
	lines = append(lines,
		"HostKey "+hostKey,
		"PidFile none",
		"UsePAM no",
		"AuthorizedKeysFile .ssh/authorized_keys",
		"PubkeyAuthentication yes",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"PermitRootLogin "+permitRoot,
		"AllowUsers "+allow,
		"UseDNS no",
		"PrintMotd no",
		"PrintLastLog no",
		"LogLevel VERBOSE",
	)
	// Match blocks come last: they hold until the end of the file.
	writeFile(t, cfg, 0o600, strings.Join(append(append(lines, extra...), ""), "\n"))
	Run(t, "/usr/sbin/sshd", "-t", "-f", cfg)
	claim.addSSHD(t, startSSHD(t, cfg, s.Addrs, s.Port))
	return s
}

// Client is an ssh client a test started.
type Client struct {
	cmd   *exec.Cmd
	done  chan struct{}
	out   *syncBuffer
	stdin io.Writer
}

// Type sends text to the session as if typed on its terminal.
func (c *Client) Type(text string) { _, _ = io.WriteString(c.stdin, text) }

// Exited reports whether the client has ended, waiting up to within.
func (c *Client) Exited(within time.Duration) bool {
	select {
	case <-c.done:
		return true
	case <-time.After(within):
		return false
	}
}

// Output is what the client has printed so far.
func (c *Client) Output() string { return c.out.String() }

// PID is the process id of the ssh client.
func (c *Client) PID() int { return c.cmd.Process.Pid }

// sshArgs are the options every client gets: no config, no host key
// checks, no questions.
func (s *Server) sshArgs(command string) []string {
	return s.sshArgsAs(s.User, command)
}

// sshArgsAs is sshArgs for user, to the first address.
func (s *Server) sshArgsAs(user, command string) []string {
	return []string{"-tt", "-F", "/dev/null", "-i", s.Key, "-p", strconv.Itoa(s.Port),
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
		"-o", "LogLevel=ERROR", user + "@" + s.Addrs[0], command}
}

// Command is an ssh client, not yet started, that runs command as user
// (root with Options.Root) in a session with a pseudo-terminal, as a
// person signed in over ssh would.
func (s *Server) Command(ctx context.Context, user, command string) *exec.Cmd {
	return exec.CommandContext(ctx, "ssh", s.sshArgsAs(user, command)...)
}

// Open starts an ssh session with a pseudo-terminal (-tt) that runs
// command. Its standard input stays open, so only the server (or the
// test's end) ends it.
func (s *Server) Open(t testing.TB, command string) *Client {
	t.Helper()
	cmd := exec.Command("ssh", s.sshArgs(command)...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &Client{cmd: cmd, done: make(chan struct{}), out: out, stdin: stdin}
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

// Run runs command in an ssh session with a pseudo-terminal and returns
// what it printed; a failure fails the test.
func (s *Server) Run(t testing.TB, command string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ssh", s.sshArgs(command)...).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh %q: %v\n%s", command, err, out)
	}
	return string(out)
}

// Install copies the file src into the user's home as name, executable
// and owned by the user, and returns its path.
func (s *Server) Install(t testing.TB, src, name string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(s.Home, name)
	writeFile(t, dst, 0o755, string(data))
	if err := os.Chown(dst, s.UID, -1); err != nil {
		t.Fatal(err)
	}
	return dst
}

// WhoLines runs who(1) in the C locale and returns one line per login of
// the users named (every login when none is named), sorted: "user line
// Mon D HH:MM host", the time as who prints it there ("%b %e %H:%M").
// Comparing only the test's own users keeps a test right on a machine
// where somebody else is signed in.
func WhoLines(t testing.TB, users ...string) []string {
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
		if len(users) > 0 && !slices.Contains(users, f[0]) {
			continue
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

// WaitFor polls cond every 20 ms until it holds, and fails the test when
// it does not within timeout.
func WaitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ensureRuntimeFiles creates what a booted system has and a container may
// lack: the utmp file (sshd writes entries only into an existing one),
// as Debian has it (root:utmp, mode 0664, which libutempter's setgid
// helper needs to write tmux's panes), and sshd's privilege separation
// directory. They stay after the test, as on a booted system: test
// binaries of several packages run at once, and one that removed them at
// its end would pull them from under the sshd of another.
func ensureRuntimeFiles(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(UtmpPath, os.O_CREATE|os.O_WRONLY, 0o664)
	if err != nil {
		t.Fatalf("open %s: %v", UtmpPath, err)
	}
	defer f.Close()
	if g, err := user.LookupGroup("utmp"); err == nil {
		gid, _ := strconv.Atoi(g.Gid)
		var st syscall.Stat_t
		if err := syscall.Fstat(int(f.Fd()), &st); err == nil && st.Gid == uint32(gid) && st.Mode&0o020 == 0 {
			// Made by an earlier run under umask 022: give the group its
			// write bit, as Debian's file has.
			_ = f.Chmod(0o664)
		} else if err == nil && st.Uid == 0 && st.Gid == 0 && st.Size == 0 {
			_ = f.Chown(0, gid)
			_ = f.Chmod(0o664)
		}
	}
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatal(err)
	}
}

// startSSHD runs sshd in the foreground with config cfg and waits until it
// accepts connections on port; it returns sshd's pid. Its log is shown
// when the test fails.
func startSSHD(t testing.TB, cfg string, addrs []string, port int) int {
	t.Helper()
	cmd := exec.Command("/usr/sbin/sshd", "-D", "-e", "-f", cfg)
	log := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
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
	WaitFor(t, 10*time.Second, "sshd to listen", func() bool {
		select {
		case <-done:
			t.Fatalf("sshd exited:\n%s", log.String())
		default:
		}
		for _, a := range addrs {
			c, err := net.DialTimeout("tcp", net.JoinHostPort(a, strconv.Itoa(port)), time.Second)
			if err != nil {
				return false
			}
			c.Close()
		}
		return true
	})
	return cmd.Process.Pid
}

// freePort returns a TCP port that was free a moment ago on every one of
// addrs.
func freePort(t testing.TB, addrs []string) int {
	t.Helper()
	for range 50 {
		l, err := net.Listen("tcp", addrs[0]+":0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		free := true
		for _, a := range addrs[1:] {
			other, err := net.Listen("tcp", net.JoinHostPort(a, strconv.Itoa(port)))
			if err != nil {
				free = false
				break
			}
			other.Close()
		}
		l.Close()
		if free {
			return port
		}
	}
	t.Fatalf("no port free on all of %v", addrs)
	return 0
}

// Run runs a command and fails the test with its output when it fails.
func Run(t testing.TB, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func writeFile(t testing.TB, path string, mode os.FileMode, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
}
