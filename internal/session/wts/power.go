package wts

import "time"

// sinceInterruptTime is the time from the interrupt-time count wake to the
// count now, both in 100-nanosecond units since boot; ok is false when
// wake is later than now, which no machine that ran the calls in that
// order can answer. A machine that has not slept since boot answers a
// wake of 0, its boot, so the time since is its whole uptime: still a
// bound no idle time of its sessions exceeds.
func sinceInterruptTime(now, wake uint64) (time.Duration, bool) {
	if wake > now {
		return 0, false
	}
	return time.Duration(now-wake) * 100, true
}
