//go:build !windows && !plan9

package audit

import (
	"fmt"
	"log/syslog"
	"sync"

	"github.com/usersession/usersession/internal/session"
)

// DefaultSyslogPath is the socket of the system's log daemon.
const DefaultSyslogPath = "/dev/log"

// Syslog writes records to the system log, facility authpriv (where sign-
// ins and privilege use are logged, readable by root only), tag
// usersession: refused at warning, failed at err, the rest at notice.
type Syslog struct {
	// Path is the datagram socket; "" means DefaultSyslogPath.
	Path string

	mu sync.Mutex
	w  *syslog.Writer
}

// Name names the sink.
func (s *Syslog) Name() string {
	if s.Path == "" {
		return "syslog " + DefaultSyslogPath
	}
	return "syslog " + s.Path
}

// Write sends r, connecting (again) when needed.
func (s *Syslog) Write(r Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.w == nil {
		path := s.Path
		if path == "" {
			path = DefaultSyslogPath
		}
		w, err := syslog.Dial("unixgram", path, syslog.LOG_AUTHPRIV|syslog.LOG_NOTICE, "usersession")
		if err != nil {
			return fmt.Errorf("connect to the system log: %w", err)
		}
		s.w = w
	}
	msg := r.Message()
	var err error
	switch r.Result {
	case session.AuditRefused:
		err = s.w.Warning(msg)
	case session.AuditFailed:
		err = s.w.Err(msg)
	default:
		err = s.w.Notice(msg)
	}
	if err != nil {
		s.w.Close()
		s.w = nil
	}
	return err
}
