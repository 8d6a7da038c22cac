//go:build linux

package main

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session/utmp"
)

// writeUtmp writes a utmp file of this machine's layout with one
// USER_PROCESS entry for pid on pts/99, made now, and returns its path.
func writeUtmp(t *testing.T, pid int) string {
	t.Helper()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	l := utmp.NativeLayout
	b := make([]byte, l.Size)
	order := binary.NativeEndian
	order.PutUint16(b[0:], utmp.TypeUserProcess)
	order.PutUint32(b[4:], uint32(pid))
	copy(b[8:40], "pts/99")
	copy(b[40:44], "s/99")
	copy(b[44:76], u.Username)
	now := time.Now()
	if l.TimeFieldSize == 8 {
		order.PutUint64(b[l.TimeOff:], uint64(now.Unix()))
	} else {
		order.PutUint32(b[l.TimeOff:], uint32(now.Unix()))
	}
	path := filepath.Join(t.TempDir(), "utmp")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestUtmpEnv: USERSESSION_UTMP, when set, names a file that can be read;
// an empty value or a missing file is an error (exit 1), not an empty
// list with exit 0.
func TestUtmpEnv(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "utmp")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		value  string
		code   int
		stderr string
	}{
		{"/typo/utmp", 1, "USERSESSION_UTMP: open /typo/utmp: no such file or directory"},
		{"", 1, "USERSESSION_UTMP is set but empty"},
		{"  ", 1, "USERSESSION_UTMP is set but empty"},
		{empty, 0, ""},
	} {
		t.Run(strconv.Quote(tt.value), func(t *testing.T) {
			t.Setenv(utmpEnv, tt.value)
			for _, args := range [][]string{{"list"}, {"call", "session.list"}} {
				var stdout, stderr bytes.Buffer
				code := run(args, nil, &stdout, &stderr)
				if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
					t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", args, code, stderr.String(), tt.code, tt.stderr)
				}
			}
		})
	}
}

// TestDisconnectOnLinuxFailsBeforeAsking: the Linux backend cannot
// disconnect, so disconnect says so before it shows a session and asks
// (an answer that changes nothing is a question too many).
func TestDisconnectOnLinuxFailsBeforeAsking(t *testing.T) {
	sleep := exec.Command("sleep", "60")
	if err := sleep.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sleep.Process.Kill(); _ = sleep.Wait() })
	t.Setenv(utmpEnv, writeUtmp(t, sleep.Process.Pid))
	saved := stdinIsTerminal
	defer func() { stdinIsTerminal = saved }()
	stdinIsTerminal = func(io.Reader) bool { return true }

	id := strconv.Itoa(sleep.Process.Pid)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"list", "--json"}, nil, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), `"id": `+id) {
		t.Fatalf("list: exit %d, session %s not listed: %s%s", code, id, stdout.String(), stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	code := run([]string{"disconnect", id}, strings.NewReader("y\n"), &stdout, &stderr)
	if code != exitFailed || !strings.Contains(stderr.String(), "cannot disconnect") {
		t.Errorf("disconnect %s: exit %d, stderr %q; want exit 1 saying it cannot disconnect", id, code, stderr.String())
	}
	if strings.Contains(stderr.String(), "[y/N]") {
		t.Errorf("disconnect asked before it failed: %q", stderr.String())
	}
}
