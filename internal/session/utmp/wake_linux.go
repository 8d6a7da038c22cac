package utmp

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/usersession/usersession/internal/session"
)

// wakeStateEnv names the environment variable that sets the file where
// reclaim runs keep what they saw of the machine's sleep (see wake.go).
const wakeStateEnv = "USERSESSION_WAKE_STATE"

// wakeStatePath is the state file: /var/lib/usersession/wake.json as
// root, else in the user's cache directory.
func wakeStatePath() string {
	if p := os.Getenv(wakeStateEnv); p != "" {
		return p
	}
	if os.Geteuid() == 0 {
		return "/var/lib/usersession/wake.json"
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "usersession", "wake.json")
}

// SinceWake tells how long this machine has run since it last woke from
// suspend, as settled by nextWake. Only the local machine is known.
func (b *Backend) SinceWake(_ context.Context, host string) (time.Duration, bool, error) {
	if host != "" {
		return 0, false, b.remote("reclaim", host)
	}
	var boot, mono unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &boot); err != nil {
		return 0, false, err
	}
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &mono); err != nil {
		return 0, false, err
	}
	slept := time.Duration(boot.Nano() - mono.Nano())
	id, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return 0, false, err
	}
	path := wakeStatePath()
	var prev *wakeState
	if raw, err := os.ReadFile(path); err == nil {
		var st wakeState
		if json.Unmarshal(raw, &st) == nil {
			prev = &st
		}
	}
	next, since := nextWake(prev, strings.TrimSpace(string(id)), slept, time.Now())
	// A state that cannot be stored leaves this run's answer right (it
	// errs towards a later wake); the next run knows less.
	if raw, err := json.Marshal(next); err == nil {
		if os.MkdirAll(filepath.Dir(path), 0o755) == nil {
			tmp := path + ".tmp"
			if os.WriteFile(tmp, raw, 0o644) == nil {
				_ = os.Rename(tmp, path)
			}
		}
	}
	return since, true, nil
}

var _ session.WakeReporter = (*Backend)(nil)
