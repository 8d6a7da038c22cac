package utmp

import (
	"time"

	"github.com/usersession/usersession/internal/session"
)

// The last wake on Linux. The kernel keeps no time of the last resume that
// a program can read: CLOCK_BOOTTIME counts time suspended and
// CLOCK_MONOTONIC does not, so their difference is the total time slept
// since boot, not when the last sleep ended (and /sys/power/suspend_stats
// counts suspends without their times). So each run stores what it saw
// (boot id, total slept, the wake it settled on) and the next run compares:
// when the total grew, the machine slept and woke since the previous run,
// at a moment it cannot know, and the run takes the latest one possible,
// now. Its limits: the run right after a wake chooses no session by idle
// time (the wake bounds every idle time to zero), so a reclaim waits one
// interval more after a sleep; a sleep under a second is not seen; a
// machine that slept before the first run of its boot counts as woken at
// that run; and without a state file that can be written, every run after
// a sleep since boot is such a first run. A machine that never slept since
// boot needs no state at all.

// wakeState is what a run stores for the next.
type wakeState struct {
	BootID string `json:"bootId"`
	// SleptNs is CLOCK_BOOTTIME minus CLOCK_MONOTONIC as the run saw it.
	SleptNs int64 `json:"sleptNs"`
	// Wake is the last wake the run settled on; zero when the machine had
	// not slept since boot.
	Wake time.Time `json:"wake"`
}

// sleepTolerance is the growth of the time slept that counts as a sleep:
// the two clocks are read one after the other.
const sleepTolerance = time.Second

// nextWake settles the last wake from the previous run's state (nil when
// there is none, or it is of another boot), the boot id, the total time
// slept since boot and the time now, and returns the state to store and
// how long the machine has run since it woke (session.NeverSlept when it
// has not slept since boot).
func nextWake(prev *wakeState, bootID string, slept time.Duration, now time.Time) (wakeState, time.Duration) {
	next := wakeState{BootID: bootID, SleptNs: int64(slept)}
	switch {
	case slept < sleepTolerance:
		// Never slept since boot.
	case prev == nil || prev.BootID != bootID:
		next.Wake = now
	case slept > time.Duration(prev.SleptNs)+sleepTolerance || prev.Wake.IsZero():
		next.Wake = now
	default:
		next.Wake = prev.Wake
	}
	if next.Wake.IsZero() {
		return next, session.NeverSlept
	}
	return next, max(now.Sub(next.Wake), 0)
}
