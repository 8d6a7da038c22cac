package runlock_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/usersession/usersession/internal/runlock"
)

// TestTryLock: a second holder is refused with the first's process id
// until the first releases; then it gets the lock.
func TestTryLock(t *testing.T) {
	t.Parallel()
	l := runlock.File{Path: filepath.Join(t.TempDir(), "sub", "reclaim.lock"), What: "reclaim run"}
	release, err := l.TryLock()
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.TryLock()
	if !errors.Is(err, runlock.ErrHeld) {
		t.Fatalf("second TryLock: %v, want ErrHeld", err)
	}
	want := "another reclaim run (process " + strconv.Itoa(os.Getpid()) + ") holds"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}
	release()
	again, err := l.TryLock()
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}
