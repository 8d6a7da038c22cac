package utmp

import (
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// TestNextWake: the last wake is settled from what the previous run
// stored; when it is not known, the latest moment possible.
func TestNextWake(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	earlier := now.Add(-2 * time.Hour)
	tests := []struct {
		name      string
		prev      *wakeState
		boot      string
		slept     time.Duration
		wantWake  time.Time
		wantSince time.Duration
	}{
		{"never slept, first run", nil, "b1", 0, time.Time{}, session.NeverSlept},
		{"never slept, clocks read apart", &wakeState{BootID: "b1"}, "b1", 300 * time.Millisecond, time.Time{}, session.NeverSlept},
		{"slept before the first run: woken now", nil, "b1", time.Hour, now, 0},
		{"slept since the previous run: woken now", &wakeState{BootID: "b1", SleptNs: int64(time.Hour), Wake: earlier}, "b1", 3 * time.Hour, now, 0},
		{"no sleep since the previous run: its wake stands", &wakeState{BootID: "b1", SleptNs: int64(time.Hour), Wake: earlier}, "b1", time.Hour, earlier, 2 * time.Hour},
		{"another boot: the old state says nothing", &wakeState{BootID: "b0", SleptNs: int64(time.Hour), Wake: earlier}, "b1", time.Hour, now, 0},
		{"a new boot without sleep", &wakeState{BootID: "b0", SleptNs: int64(time.Hour), Wake: earlier}, "b1", 0, time.Time{}, session.NeverSlept},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, since := nextWake(tt.prev, tt.boot, tt.slept, now)
			if !st.Wake.Equal(tt.wantWake) || since != tt.wantSince || st.BootID != tt.boot || st.SleptNs != int64(tt.slept) {
				t.Errorf("got %+v, %v; want wake %v, since %v", st, since, tt.wantWake, tt.wantSince)
			}
		})
	}
}
