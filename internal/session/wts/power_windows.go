//go:build windows

package wts

import (
	"context"
	"time"
	"unsafe"

	"github.com/usersession/usersession/internal/session"
)

// The power calls behind the last wake, generated into zsyscall_windows.go
// with the WTS calls.

// https://learn.microsoft.com/windows/win32/api/powerbase/nf-powerbase-callntpowerinformation
// (LastWakeTime, 14: "The lpOutputBuffer buffer receives a ULONGLONG that
// specifies the interrupt-time count, in 100-nanosecond units, at the last
// system wake time"; lpInBuffer must be NULL.)
//sys	callNtPowerInformation(level int32, in unsafe.Pointer, inLen uint32, out unsafe.Pointer, outLen uint32) (ntstatus error) = powrprof.CallNtPowerInformation?

// https://learn.microsoft.com/windows/win32/api/realtimeapiset/nf-realtimeapiset-queryinterrupttime
// (Windows 10 and later, Kernel32.dll; the biased count, which goes on
// during sleep and hibernation, unlike QueryUnbiasedInterruptTime: see
// https://learn.microsoft.com/windows/win32/sysinfo/interrupt-time.)
//sys	queryInterruptTime(t *uint64) = kernel32.QueryInterruptTime?

// lastWakeTime is POWER_INFORMATION_LEVEL LastWakeTime.
const lastWakeTime = 14

// SinceWake tells how long this machine has run since it last woke from
// sleep or hibernation, from the power API's interrupt-time count at the
// last wake and the count now. The power API answers for the local
// machine only: a remote host's wake is not known, and a reclaim run
// chooses none of its sessions (run it on each host).
func (b *Backend) SinceWake(_ context.Context, host string) (time.Duration, bool, error) {
	if host != "" {
		return 0, false, nil
	}
	var wake, now uint64
	if err := callNtPowerInformation(lastWakeTime, nil, 0, unsafe.Pointer(&wake), uint32(unsafe.Sizeof(wake))); err != nil {
		return 0, false, &session.Error{Kind: session.ErrNotSupported, Op: "reclaim", Backend: "wts",
			Reason: "CallNtPowerInformation(LastWakeTime) failed", Err: err}
	}
	if err := queryInterruptTime(&now); err != nil {
		return 0, false, &session.Error{Kind: session.ErrNotSupported, Op: "reclaim", Backend: "wts",
			Reason: "QueryInterruptTime is not there (it needs Windows 10 or later)", Err: err}
	}
	d, ok := sinceInterruptTime(now, wake)
	return d, ok, nil
}
