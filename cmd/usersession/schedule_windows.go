package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
	"unicode/utf16"

	"github.com/usersession/usersession/internal/schedule"
)

// installSchedule registers the task with schtasks /Create /XML. The file
// is written as UTF-16 with a byte-order mark, as Task Scheduler exports
// its tasks (schtasks /Query /XML).
// https://learn.microsoft.com/windows-server/administration/windows-commands/schtasks-create
func installSchedule(job schedule.Job, _ string) error {
	task, err := schedule.TaskXML(job, time.Now())
	if err != nil {
		return err
	}
	text := []rune(string(task))
	words := utf16.Encode(text)
	b := []byte{0xFF, 0xFE}
	for _, w := range words {
		b = append(b, byte(w), byte(w>>8))
	}
	path := filepath.Join(os.TempDir(), schedule.Name+".xml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return err
	}
	defer os.Remove(path)
	out, err := exec.Command("schtasks.exe", "/Create", "/TN", schedule.Name, "/XML", path, "/F").CombinedOutput()
	if err != nil {
		return fmt.Errorf("schtasks /Create: %w: %s", err, out)
	}
	return nil
}

// removeSchedule deletes the task.
func removeSchedule(string) error {
	out, err := exec.Command("schtasks.exe", "/Delete", "/TN", schedule.Name, "/F").CombinedOutput()
	if err != nil {
		return fmt.Errorf("schtasks /Delete: %w: %s", err, out)
	}
	return nil
}
