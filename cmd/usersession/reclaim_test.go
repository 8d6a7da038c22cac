package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/usersession/usersession/internal/runlock"
)

// TestReclaimLockHeld: while another run holds the machine's reclaim lock,
// a run is refused (status 1) with a message that names the holder, and
// does nothing.
func TestReclaimLockHeld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reclaim.lock")
	t.Setenv(reclaimLockEnv, path)
	release, err := runlock.File{Path: path, What: "reclaim run"}.TryLock()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"reclaim", "--simulate", "demo.json", "--disconnected-for", "8h", "--yes"}, strings.NewReader(""), &stdout, &stderr)
	want := "another reclaim run (process " + strconv.Itoa(os.Getpid()) + ") holds " + path
	if code != exitFailed || !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "never overlap") {
		t.Errorf("status %d, stderr %q; want 1 and %q", code, stderr.String(), want)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q, want nothing", stdout.String())
	}
	release()
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"reclaim", "--simulate", "demo.json", "--disconnected-for", "8h", "--yes"}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Errorf("after release: status %d, stderr %q", code, stderr.String())
	}
}
