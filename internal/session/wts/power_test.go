package wts

import (
	"testing"
	"time"
)

func TestSinceInterruptTime(t *testing.T) {
	tests := []struct {
		now, wake uint64
		want      time.Duration
		ok        bool
	}{
		{now: 36_000_000_000, wake: 0, want: time.Hour, ok: true},                     // never slept: the uptime
		{now: 36_000_000_000, wake: 30_000_000_000, want: 10 * time.Minute, ok: true}, // woke 10 min ago
		{now: 10, wake: 20, ok: false},                                                // a wake after now is nonsense
	}
	for _, tt := range tests {
		got, ok := sinceInterruptTime(tt.now, tt.wake)
		if got != tt.want || ok != tt.ok {
			t.Errorf("sinceInterruptTime(%d, %d) = %v, %v; want %v, %v", tt.now, tt.wake, got, ok, tt.want, tt.ok)
		}
	}
}
