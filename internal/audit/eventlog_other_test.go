//go:build !windows

package audit

import "testing"

func TestNewEventLogIsForWindows(t *testing.T) {
	if s, err := NewEventLog(); err == nil || s != nil {
		t.Errorf("NewEventLog() = %v, %v; want an error", s, err)
	}
}
