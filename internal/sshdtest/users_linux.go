package sshdtest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
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

	"github.com/usersession/usersession/internal/procfs"
)

// The test users: named userPrefix and a number, with comment userComment.
const (
	userPrefix  = "ustest"
	userComment = "usersession test"
)

// claimDir holds one file per test user of a running test binary, named
// after the user, locked (flock) by that binary for as long as it runs
// and listing the sshd it started ("sshd PID START"). The kernel drops
// the lock when the binary ends, however it ends, so a file nobody holds
// is a user a killed run left behind. cleanLock serializes the creating
// of claims with the removing of strays.
const (
	claimDir  = "/run/usersession-sshdtest"
	cleanLock = ".clean"
)

// lockClaims takes claimDir's cleanLock, creating both as needed, and
// returns the function that releases it.
func lockClaims() (func(), error) {
	if err := os.MkdirAll(claimDir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(claimDir, cleanLock), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// claim is a test binary's hold on one test user.
type claim struct{ f *os.File }

// claimUser creates and locks the claim file of name. It is released
// (the file removed) at the end of the test, after the user is gone.
func claimUser(t testing.TB, name string) *claim {
	t.Helper()
	unlock, err := lockClaims()
	if err != nil {
		t.Fatalf("claim %s: %v", name, err)
	}
	defer unlock()
	// os.OpenFile sets O_CLOEXEC: no child (sshd, ssh) inherits the lock
	// and keeps it held after this binary ends.
	f, err := os.OpenFile(filepath.Join(claimDir, name), os.O_CREATE|os.O_RDWR|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatalf("claim %s: %v", name, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		t.Fatalf("claim %s: %v", name, err)
	}
	c := &claim{f: f}
	t.Cleanup(func() {
		os.Remove(f.Name())
		f.Close()
	})
	return c
}

// addSSHD records in the claim the sshd pid runs, so that a run that
// finds the claim abandoned stops it.
func (c *claim) addSSHD(t testing.TB, pid int) {
	t.Helper()
	st, err := procfs.ReadStat(pid)
	if err != nil {
		t.Fatalf("sshd %d: %v", pid, err)
	}
	if _, err := fmt.Fprintf(c.f, "sshd %d %d\n", pid, st.StartTime); err != nil {
		t.Fatalf("claim %s: %v", c.f.Name(), err)
	}
}

// RemoveStrays removes what test runs that were killed left behind:
// each test user whose claim no running binary holds, with its
// processes, its sudoers file and the sshd its claim names. A user of an
// older run without a claim counts as left behind when nothing runs as
// it, no running sshd lets it in, and its home is older than
// unclaimedAge. The users of runs beside this one are kept. Start calls
// it; it reports what it removed with t.Logf.
func RemoveStrays(t testing.TB) {
	t.Helper()
	unlock, err := lockClaims()
	if err != nil {
		t.Logf("stray test users not looked for: %v", err)
		return
	}
	defer unlock()
	names, err := testUsers()
	if err != nil {
		t.Logf("stray test users not looked for: %v", err)
		return
	}
	entries, err := os.ReadDir(claimDir)
	if err != nil {
		t.Logf("stray test users not looked for: %v", err)
		return
	}
	claimed := map[string]bool{}
	for _, e := range entries {
		if e.Name() == cleanLock {
			continue
		}
		claimed[e.Name()] = true
		path := filepath.Join(claimDir, e.Name())
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
			f.Close() // held: its run is alive
			continue
		}
		for _, pid := range claimedSSHD(f) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Logf("stopped sshd %d of a run that ended", pid)
		}
		if slices.Contains(names, e.Name()) {
			report(t, e.Name(), removeUser(e.Name()))
		}
		os.Remove(path)
		f.Close()
	}
	for _, name := range names {
		if !claimed[name] && unclaimedStray(name) {
			for _, pid := range orphanSSHD(name) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				t.Logf("stopped sshd %d of a run that ended", pid)
			}
			report(t, name, removeUser(name))
		}
	}
}

// report logs the removal of a stray user, or why it failed.
func report(t testing.TB, name string, err error) {
	t.Helper()
	if err != nil {
		t.Logf("stray test user %s: %v", name, err)
		return
	}
	t.Logf("removed the stray test user %s", name)
}

// unclaimedAge is how old the home of a test user without a claim (made
// by an older sshdtest) must be to count as left behind: a run is done
// by then (go test's default -timeout is 10 minutes).
const unclaimedAge = 15 * time.Minute

// unclaimedStray reports whether the test user name, which no claim
// names, is left behind: its home is older than unclaimedAge, nothing
// runs as it and no sshd but an orphaned one lets it in.
func unclaimedStray(name string) bool {
	u, err := user.Lookup(name)
	if err != nil {
		return false
	}
	fi, err := os.Stat(u.HomeDir)
	if err == nil && time.Since(fi.ModTime()) < unclaimedAge {
		return false
	}
	uid, _ := strconv.Atoi(u.Uid)
	if len(uidProcesses(uid)) > 0 {
		return false
	}
	for _, s := range sshdFor(name) {
		if s.PPID != 1 {
			return false
		}
	}
	return true
}

// orphanSSHD returns the sshd processes that let name in and whose test
// binary is gone (their parent is init).
func orphanSSHD(name string) []int {
	var out []int
	for _, s := range sshdFor(name) {
		if s.PPID == 1 {
			out = append(out, s.PID)
		}
	}
	return out
}

// sshdFor returns the sshd processes started as startSSHD does (-D -f
// CONFIG) whose config lets user name in.
func sshdFor(name string) []procfs.Stat {
	var out []procfs.Stat
	for _, pid := range pids() {
		argv, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
		if err != nil {
			continue
		}
		// sshd rewrites its arguments into one title: "sshd: /usr/sbin/sshd
		// -D -e -f CONFIG [listener] ...".
		args := strings.Fields(strings.ReplaceAll(string(argv), "\x00", " "))
		i := slices.Index(args, "-f")
		if len(args) < 5 || (args[0] != "sshd:" && args[0] != "/usr/sbin/sshd") || !slices.Contains(args, "-D") || i < 0 || i+1 >= len(args) {
			continue
		}
		cfg, err := os.ReadFile(args[i+1])
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(cfg), "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "AllowUsers" && slices.Contains(f[1:], name) {
				if st, err := procfs.ReadStat(pid); err == nil {
					out = append(out, st)
				}
			}
		}
	}
	return out
}

// claimedSSHD returns the sshd processes a claim lists that still run
// (same pid, same start time).
func claimedSSHD(f *os.File) []int {
	var out []int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var pid int
		var start uint64
		if n, _ := fmt.Sscanf(sc.Text(), "sshd %d %d", &pid, &start); n != 2 {
			continue
		}
		if st, err := procfs.ReadStat(pid); err == nil && st.StartTime == start && !st.Zombie() {
			out = append(out, pid)
		}
	}
	return out
}

// testUsers returns the users named and described as addUser makes them.
func testUsers() ([]string, error) {
	b, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, ":")
		if len(f) == 7 && strings.HasPrefix(f[0], userPrefix) && f[4] == userComment {
			out = append(out, f[0])
		}
	}
	return out, nil
}

// removeUser kills what runs as name and removes the user, its home and
// its sudoers file.
func removeUser(name string) error {
	if u, err := user.Lookup(name); err == nil {
		uid, _ := strconv.Atoi(u.Uid)
		// Until none is left: a process may fork while it is killed.
		for range 20 {
			if killUID(uid) == 0 {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	var errs []error
	if err := os.Remove(filepath.Join("/etc/sudoers.d", name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	if out, err := exec.Command("userdel", "-r", "-f", name).CombinedOutput(); err != nil {
		errs = append(errs, fmt.Errorf("userdel %s: %w: %s", name, err, bytes.TrimSpace(out)))
	}
	return errors.Join(errs...)
}

// addUser creates user name with a home, a usable (not locked) password
// field and the public key in pubKey as its only authorized key, under a
// claim of this binary. At the end of the test it kills what runs as the
// user and removes the user and its home. It returns the home directory,
// the uid and the claim.
func addUser(t testing.TB, name, pubKey string) (string, int, *claim) {
	t.Helper()
	if _, err := user.Lookup(name); err == nil {
		t.Fatalf("user %s exists already", name)
	}
	c := claimUser(t, name)
	Run(t, "useradd", "-m", "-s", "/bin/sh", "-c", userComment, name)
	t.Cleanup(func() {
		if err := removeUser(name); err != nil {
			t.Error(err)
		}
	})
	// sshd without PAM refuses a locked account ("!" in the password field).
	Run(t, "usermod", "-p", "*", name)
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
	for _, p := range []string{u.HomeDir, sshDir, filepath.Join(sshDir, "authorized_keys")} {
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	return u.HomeDir, uid, c
}

// AllowSudo lets the test user run any command as any user through sudo
// without a password, as an administrator's sudoers entry would: a file
// of its own in /etc/sudoers.d, checked with visudo and removed when the
// test ends (or, after a killed run, by the next RemoveStrays). It needs
// sudo and visudo.
func (s *Server) AllowSudo(t testing.TB) {
	t.Helper()
	Require(t, "sudo", "visudo")
	path := filepath.Join("/etc/sudoers.d", s.User)
	writeFile(t, path, 0o440, s.User+" ALL=(ALL:ALL) NOPASSWD: ALL\n")
	t.Cleanup(func() {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("remove %s: %v", path, err)
		}
	})
	Run(t, "visudo", "-c", "-q", "-f", path)
}

// pids lists the processes of /proc.
func pids() []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			out = append(out, pid)
		}
	}
	return out
}

// uidProcesses returns the processes, zombies left out, whose real uid
// is uid.
func uidProcesses(uid int) []int {
	var out []int
	for _, pid := range pids() {
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
		if err != nil || zombie(b) {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "Uid:"); ok {
				if f := strings.Fields(rest); len(f) > 0 && f[0] == strconv.Itoa(uid) {
					out = append(out, pid)
				}
				break
			}
		}
	}
	return out
}

// killUID sends SIGKILL to every process whose real uid is uid and
// returns how many it found.
func killUID(uid int) int {
	found := uidProcesses(uid)
	for _, pid := range found {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	return len(found)
}

// zombie reports whether a /proc/PID/status text is of a zombie.
func zombie(status []byte) bool {
	return bytes.Contains(status, []byte("\nState:\tZ"))
}
