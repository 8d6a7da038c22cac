package powershell

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/sshdtest"
)

// TestAnsibleExample runs examples/ansible/sessions.yml with Debian's
// ansible-core against three loopback addresses served by a real sshd:
// it lists the sessions of each host from the helper's JSON, --check
// signs out nothing and names what a real run would, and the real run
// (on one host) signs the test user's two pty sessions out, as who(1)
// shows.
func TestAnsibleExample(t *testing.T) {
	if _, err := exec.LookPath("ansible-playbook"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true and ansible-playbook is missing (apt-get install ansible-core)")
		}
		t.Skip("ansible-playbook not found (apt-get install ansible-core)")
	}
	sshdtest.Require(t)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	helper := buildHelper(t, root)
	srv := sshdtest.StartWith(t, sshdtest.Options{Addrs: 3, Root: true})
	srv.Open(t, "sleep 721")
	srv.Open(t, "sleep 722")
	sshdtest.WaitFor(t, 15*time.Second, "both ssh sessions in utmp", func() bool {
		return len(sshdtest.WhoLines(t, srv.User)) == 2
	})

	dir := t.TempDir()
	var inv strings.Builder
	inv.WriteString("[servers]\n")
	for i, a := range srv.Addrs {
		fmt.Fprintf(&inv, "h%d ansible_host=%s\n", i+1, a)
	}
	fmt.Fprintf(&inv, "[servers:vars]\nansible_user=root\nansible_port=%d\nansible_ssh_private_key_file=%s\n"+
		"ansible_ssh_common_args='-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'\n"+
		"ansible_python_interpreter=/usr/bin/python3\n", srv.Port, srv.Key)
	inventory := filepath.Join(dir, "hosts.ini")
	if err := os.WriteFile(inventory, []byte(inv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	installed := filepath.Join(dir, "target", "usersession")
	playbook := filepath.Join(root, "powershell", "examples", "ansible", "sessions.yml")
	run := func(extra ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		args := append([]string{"-i", inventory, playbook, "-e", "usersession_local=" + helper, "-e", "usersession_path=" + installed,
			"-e", "logoff_user=" + srv.User, "-e", "logoff_state=Active"}, extra...)
		cmd := exec.CommandContext(ctx, "ansible-playbook", args...)
		cmd.Env = append(os.Environ(), "ANSIBLE_HOST_KEY_CHECKING=False", "ANSIBLE_NOCOLOR=1", "ANSIBLE_LOCAL_TEMP="+filepath.Join(dir, "tmp"),
			"ANSIBLE_REMOTE_TEMP="+filepath.Join(dir, "remote-tmp"), "ANSIBLE_FORKS=3")
		out, err := cmd.CombinedOutput()
		t.Logf("ansible-playbook %s:\n%s", strings.Join(extra, " "), out)
		if err != nil {
			t.Fatalf("ansible-playbook: %v", err)
		}
		return string(out)
	}

	out := run("--check")
	for _, h := range []string{"h1", "h2", "h3"} {
		want := fmt.Sprintf(`"msg": "would sign out %s (session `, srv.User)
		n := 0
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, want) && strings.Contains(line, ", Active) on "+h+`"`) {
				n++
			}
		}
		if n != 2 {
			t.Errorf("--check: %s names %d sessions it would sign out, want the 2 of %s", h, n, srv.User)
		}
	}
	if got := sshdtest.WhoLines(t, srv.User); len(got) != 2 {
		t.Fatalf("--check signed out sessions: who shows %v", got)
	}

	run("--limit", "h1")
	sshdtest.WaitFor(t, 15*time.Second, "both sessions signed out", func() bool {
		return len(sshdtest.WhoLines(t, srv.User)) == 0
	})
}
