package audit

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// TestSyslog: the record reaches a syslog socket as one datagram with
// facility authpriv (10), the right severity and the tag usersession.
func TestSyslog(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "log")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s := &Syslog{Path: sock}
	for _, tt := range []struct {
		result string
		pri    string // <facility*8+severity>: authpriv is 10
	}{{session.AuditCompleted, "<85>"}, {session.AuditRefused, "<84>"}, {session.AuditFailed, "<83>"}} {
		r := FromSession(sample(tt.result, nil))
		if err := s.Write(r); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 4096)
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got := string(buf[:n])
		if !strings.HasPrefix(got, tt.pri) || !strings.Contains(got, "usersession[") || !strings.Contains(got, r.Message()) {
			t.Errorf("%s: datagram %q, want %s, the tag and the message", tt.result, got, tt.pri)
		}
	}
}
