//go:build windows

package wts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/usersession/usersession/internal/session"
)

// Processes lists the processes of every session of host with
// WTSEnumerateProcessesExW at level 1 (WTS_PROCESS_INFO_EXW: the page
// gives pUserSid as the SID of the process's primary token, the sizes in
// bytes). The owner of each process is looked
// up by its SID on the host; a SID that does not resolve is reported as
// the user name in its string form.
//
// The working set of WTS_PROCESS_INFO_EXW is a 32-bit count of bytes, which
// wraps above 4 GiB. On the local machine each process's whole working set
// is read with GetProcessMemoryInfo instead, through a handle with the
// least rights that allow it; the WTS value stays where that fails (a
// protected process, another user's without elevation). A remote host's
// processes cannot be opened, so their working sets are the WTS values,
// wrapped above 4 GiB.
//
// The CPU time is read with GetProcessTimes on the local machine, whose
// page documents FILETIMEs (100-nanosecond units), and is null elsewhere:
// the UserTime and KernelTime of WTS_PROCESS_INFO_EXW are "in
// milliseconds" by its page and by MS-TSTS 2.2.2.15.1
// (TS_SYS_PROCESS_INFORMATION), while the structure they are copied from
// in NT counts 100-nanosecond units, and no one is seen checking them on
// a real machine. Unsettled; usersession diagnose prints both, raw.
func (b *Backend) Processes(_ context.Context, host string) ([]session.Process, error) {
	computer := host
	if host == "" {
		computer = b.computerName()
	}
	return onServer("processes", host, func(srv *server) ([]session.Process, error) {
		names := &sidNames{host: host, cache: map[string][2]string{}}
		var out []session.Process
		err := srv.processes(anySession, func(pi *processInfoEx) {
			ws := uint64(pi.WorkingSetSize)
			var cpu *float64
			if host == "" {
				c := localCounters(pi.ProcessID)
				if c.workingSet != nil {
					ws = *c.workingSet
				}
				cpu = c.cpuSeconds
			}
			threads, handles := pi.NumberOfThreads, pi.HandleCount
			proc := session.Process{
				ComputerName:    computer,
				SessionID:       pi.SessionID,
				ProcessID:       pi.ProcessID,
				Name:            windows.UTF16PtrToString(pi.ProcessName),
				WorkingSetBytes: &ws,
				CPUSeconds:      cpu,
				ThreadCount:     &threads,
				HandleCount:     &handles,
			}
			if sid := (*windows.SID)(pi.UserSid); sid != nil && sid.IsValid() {
				key := sid.String()
				proc.UserName, proc.Domain = names.lookup(sid, key)
				proc.SID = &key
			}
			out = append(out, proc)
		})
		if err != nil {
			return nil, wrap(fmt.Errorf("WTSEnumerateProcessesExW: %w", err), "processes", host, nil)
		}
		return out, nil
	})
}

// processes calls visit with each process of session id (anySession: of
// every session) of the host, as WTSEnumerateProcessesExW at level 1
// gives them, and frees them once visit has seen them all: visit must not
// keep pi or what it points to.
func (s *server) processes(id uint32, visit func(pi *processInfoEx)) error {
	level := uint32(1)
	var p *processInfoEx
	var n uint32
	err := wtsEnumerateProcessesEx(s.handle, &level, id, &p, &n)
	if p != nil {
		defer wtsFreeMemoryEx(typeProcessInfoLevel1, uintptr(unsafe.Pointer(p)), n)
	}
	if err != nil {
		return err
	}
	ps := unsafe.Slice(p, n)
	for i := range ps {
		visit(&ps[i])
	}
	return nil
}

// sidNames resolves the owners of processes on one host, asking the host
// once for each SID.
type sidNames struct {
	host  string
	cache map[string][2]string
	// down is set when the host stopped answering lookups: the remaining
	// SIDs are not asked for, so that a slow host costs one timeout, not
	// one for each process.
	down bool
}

// lookup returns the account and domain of sid, a valid SID whose string
// form is key. A SID that does not
// resolve is reported as the account, in its string form. A well-known SID
// (SYSTEM, LOCAL SERVICE, ...) that the remote host does not resolve is
// resolved locally: it names the same account everywhere.
func (n *sidNames) lookup(sid *windows.SID, key string) (user, domain string) {
	if c, ok := n.cache[key]; ok {
		return c[0], c[1]
	}
	user, domain = key, ""
	var err error = windows.ERROR_NONE_MAPPED
	if !n.down {
		var u, d string
		u, d, _, err = sid.LookupAccount(n.host)
		if err == nil {
			user, domain = u, d
		} else if n.host != "" && !errors.Is(err, windows.ERROR_NONE_MAPPED) {
			n.down = true
		}
	}
	if err != nil && n.host != "" && !strings.HasPrefix(key, "S-1-5-21-") {
		if u, d, _, err := sid.LookupAccount(""); err == nil {
			user, domain = u, d
		}
	}
	n.cache[key] = [2]string{user, domain}
	return user, domain
}

// counters are what a local process tells through a handle of its own;
// nil where it would not.
type counters struct {
	workingSet *uint64
	cpuSeconds *float64
}

// localCounters reads the whole working set (GetProcessMemoryInfo) and the
// CPU time (GetProcessTimes) of local process pid. It opens the process
// with PROCESS_QUERY_LIMITED_INFORMATION, which both accept from Windows
// 8.1 on and which is granted for more processes than any other right,
// and, where GetProcessMemoryInfo refuses that handle (older Windows),
// again with PROCESS_VM_READ added, which its page asks for too. A process
// that cannot be opened with the first right cannot be opened with more.
func localCounters(pid uint32) counters {
	var c counters
	if pid == 0 {
		return c // the System Idle Process cannot be opened
	}
	for _, access := range []uint32{
		windows.PROCESS_QUERY_LIMITED_INFORMATION,
		windows.PROCESS_QUERY_LIMITED_INFORMATION | windows.PROCESS_VM_READ,
	} {
		h, err := windows.OpenProcess(access, false, pid)
		if err != nil {
			break
		}
		if c.cpuSeconds == nil {
			var created, exited, kernel, user windows.Filetime
			if windows.GetProcessTimes(h, &created, &exited, &kernel, &user) == nil {
				cpu := cpuSeconds(filetimeCount(user), filetimeCount(kernel))
				c.cpuSeconds = &cpu
			}
		}
		m := processMemoryCounters{CB: uint32(unsafe.Sizeof(processMemoryCounters{}))}
		err = getProcessMemoryInfo(h, &m, m.CB)
		_ = windows.CloseHandle(h)
		if err == nil {
			ws := uint64(m.WorkingSetSize)
			c.workingSet = &ws
			break
		}
		if !errors.Is(err, windows.ERROR_ACCESS_DENIED) {
			break
		}
	}
	return c
}

// filetimeCount is a FILETIME that holds an amount of time, as its count
// of 100-nanosecond units.
func filetimeCount(f windows.Filetime) int64 {
	return int64(f.HighDateTime)<<32 | int64(f.LowDateTime)
}
