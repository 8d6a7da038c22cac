package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScheduleNeedsSystemd: where systemd does not run the system,
// schedule install and remove refuse with why, and write nothing.
func TestScheduleNeedsSystemd(t *testing.T) {
	old := systemdRunDir
	systemdRunDir = filepath.Join(t.TempDir(), "no-systemd")
	t.Cleanup(func() { systemdRunDir = old })
	units := t.TempDir()
	for _, args := range [][]string{
		{"schedule", "install", "--every", "15m", "--unit-dir", units, "--", "--disconnected-for", "8h"},
		{"schedule", "remove", "--unit-dir", units},
	} {
		var out, errb bytes.Buffer
		code := run(args, nil, &out, &errb)
		if code != exitFailed {
			t.Errorf("%s: exit %d, want %d (%s)", args[1], code, exitFailed, errb.String())
		}
		if !strings.Contains(errb.String(), "systemd does not run this system") {
			t.Errorf("%s: stderr %q does not say why", args[1], errb.String())
		}
	}
	if entries, _ := os.ReadDir(units); len(entries) != 0 {
		t.Errorf("unit files written: %v", entries)
	}
}
