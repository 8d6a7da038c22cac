package utmp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/procfs"
	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/sshdtest"
)

// TestSSHDSudo: an administrator signed in over SSH becomes root with
// `sudo -i`, `sudo -s` or `sudo su -` and runs the helper there. sudo
// (use_pty, as Debian's sudoers sets) runs the shell on a terminal of its
// own and may write that terminal into utmp; the login the administrator
// typed it in is still theirs: listed as isCurrent (">" in the table) and
// refused with -32003 when asked to sign it out.
func TestSSHDSudo(t *testing.T) {
	sshdtest.Require(t, "go", "sudo", "su")
	ctx := context.Background()
	srv := sshdtest.Start(t)
	srv.AllowSudo(t)
	exe := srv.Install(t, helperBinary(t), "usersession")
	svc := session.NewService(New(""))
	for _, become := range []string{"sudo -i", "sudo -s", "sudo su -"} {
		t.Run(become, func(t *testing.T) {
			out := t.TempDir()
			login := srv.Open(t, become)
			// The login: the user's SSH session whose process tree has
			// the root shell sudo (or su) started.
			var loginID uint32
			var shell int
			sshdtest.WaitFor(t, 15*time.Second, "a root shell under the user's SSH login", func() bool {
				ss, failures, err := svc.List(ctx, session.Query{UserNames: []string{srv.User}})
				if err != nil || len(failures) > 0 {
					t.Fatalf("session.list: %v %v", err, failures)
				}
				procs, err := scanProcs()
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range ss {
					if s.Protocol != ProtocolSSH {
						continue
					}
					if pid, ok := rootShellUnder(procs, int(s.ID)); ok {
						loginID, shell = s.ID, pid
						return true
					}
				}
				return false
			})
			list, table, refused, done := filepath.Join(out, "list.json"), filepath.Join(out, "list.txt"),
				filepath.Join(out, "logoff.txt"), filepath.Join(out, "done")
			login.Type(fmt.Sprintf("%s call session.list > %s; %s list > %s; %s call session.logoff '{\"id\":%d}' > %s 2>&1; touch %s\n",
				exe, list, exe, table, exe, loginID, refused, done))
			// Done, or the login ended: signed out by the helper it ran.
			sshdtest.WaitFor(t, 20*time.Second, "the helper to run in the root shell", func() bool {
				_, err := os.Stat(done)
				return err == nil || login.Exited(0)
			})
			whoNow := sshdtest.WhoLines(t, srv.User)
			current, data := currentIDs(t, list, "")
			if !slices.Contains(current, loginID) {
				ps, _ := exec.Command("ps", "-eo", "pid,ppid,sid,user,tty,args").Output()
				t.Errorf("after %s (root shell %d), isCurrent on %v; want the SSH login %d among them\nwho: %q\n%s\n%s",
					become, shell, current, loginID, whoNow, data, ps)
			}
			text, err := os.ReadFile(table)
			if err != nil {
				t.Fatal(err)
			}
			if !ownRow(string(text), loginID) {
				t.Errorf("usersession list after %s: no \">\" on the row of the login %d:\n%s", become, loginID, text)
			}
			if msg, ok := refusedAsOwn(refused); !ok {
				t.Errorf("logoff of the login %d after %s: %s; want -32003, the caller's own session", loginID, become, msg)
			}
			if login.Exited(0) || !alive2(loginID) {
				t.Fatalf("the login ended: %s", login.Output())
			}
			login.Type("exit\n")
			if !login.Exited(15 * time.Second) {
				t.Errorf("the login did not end after exit from %s: %s", become, login.Output())
			}
		})
	}
}

// rootShellUnder finds a shell (sh, dash or bash) that runs as root among
// the descendants of pid.
func rootShellUnder(procs map[int]procfs.Stat, pid int) (int, bool) {
	for p, st := range procs {
		if st.Zombie() || !slices.Contains([]string{"sh", "dash", "bash"}, st.Comm) {
			continue
		}
		if uid, err := processUID(p); err != nil || uid != 0 {
			continue
		}
		if ancestor(uint32(pid), uint32(p)) {
			return p, true
		}
	}
	return 0, false
}

// ownRow reports whether the table of `usersession list` marks the row
// of session id with ">", the caller's own.
func ownRow(table string, id uint32) bool {
	for _, line := range strings.Split(table, "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && strings.HasPrefix(f[0], ">") && slices.Contains(f[:3], strconv.Itoa(int(id))) {
			return true
		}
	}
	return false
}
