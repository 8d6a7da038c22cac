package utmp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/sshdtest"
)

// TestWatchUtmp: a write to the utmp file signals the watch, a write to
// another file of its directory does not, and Close ends it cleanly.
func TestWatchUtmp(t *testing.T) {
	dir := t.TempDir()
	path := writeUtmp(t, dir)
	b := &Backend{Path: path}
	w, err := b.WatchHost(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "other"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeUtmp(t, dir, Record{Type: TypeBootTime, Line: "~", User: "reboot"})
	select {
	case <-w.Changed():
	case <-time.After(10 * time.Second):
		t.Fatal("no change signalled after the utmp file was written")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for range w.Changed() {
	}
	if w.Err() != nil {
		t.Errorf("Err after Close = %v, want nil", w.Err())
	}
	if _, err := b.WatchHost(context.Background(), "SRV02"); err == nil {
		t.Error("a watch of a remote host succeeded on the Linux backend")
	}
}

// TestWatchUtmpEvents: through the Service, a login written to the utmp
// file is a logon event and its removal a logoff event; polling is off, so
// inotify alone brings them.
func TestWatchUtmpEvents(t *testing.T) {
	_, slave, line := openPTY(t)
	leader := start(t, slave, "sleep", "300")
	dir := t.TempDir()
	path := writeUtmp(t, dir)
	svc := session.NewService(&Backend{Path: path})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var got []string
	go func() {
		_ = svc.Watch(ctx, session.WatchRequest{Interval: time.Hour, Resync: time.Hour}, func(e session.Event) {
			mu.Lock()
			got = append(got, fmt.Sprintf("%s/%d/%s", e.Kind, e.ID, e.UserName))
			mu.Unlock()
		})
	}()
	wait := func(n int) {
		t.Helper()
		sshdtest.WaitFor(t, 10*time.Second, fmt.Sprintf("%d events", n), func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(got) >= n
		})
	}
	time.Sleep(200 * time.Millisecond) // the baseline listing
	rec := Record{Type: TypeUserProcess, PID: int32(leader.pid()), Line: line, ID: "ts/w", User: "watcher", Sec: time.Now().Unix()}
	writeUtmp(t, dir, rec)
	wait(1)
	writeUtmp(t, dir)
	wait(2)
	mu.Lock()
	defer mu.Unlock()
	want := []string{fmt.Sprintf("logon/%d/watcher", leader.pid()), fmt.Sprintf("logoff/%d/watcher", leader.pid())}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("events %v, want %v", got, want)
	}
}
