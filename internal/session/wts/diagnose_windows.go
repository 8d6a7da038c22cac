//go:build windows

package wts

import (
	"context"
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/usersession/usersession/internal/session"
)

// Diagnose asks host ("" for the local machine) every call the backend
// makes when it lists sessions, each session alone, and records the raw
// answers next to the backend's reading of them. It only reads, and needs
// no elevation for what the caller may read; what it could not read is in
// the report's Unread. helperVersion is the helper's version.
func (b *Backend) Diagnose(ctx context.Context, host, helperVersion string) (*Report, error) {
	r := &Report{Helper: map[string]string{"version": helperVersion, "os": runtime.GOOS, "arch": runtime.GOARCH},
		Host: host, Unread: []string{}}
	srv, err := openServer("diagnose", host)
	if err != nil {
		return nil, err
	}
	defer srv.close()
	facts := b.facts(host)
	if host == "" {
		v := windows.RtlGetVersion()
		r.Version = &Call{Call: "RtlGetVersion", Raw: map[string]any{"major": v.MajorVersion, "minor": v.MinorVersion, "build": v.BuildNumber}}
		r.Caller = map[string]any{"consoleSessionId": facts.ConsoleID, "currentSessionId": facts.CurrentID,
			"elevated": windows.GetCurrentProcessToken().IsElevated()}
		info := lastInputInfo{CBSize: uint32(unsafe.Sizeof(lastInputInfo{}))}
		c := &Call{Call: "GetLastInputInfo"}
		if err := getLastInputInfo(&info); err != nil {
			r.fail(c, err)
		} else {
			c.Raw = map[string]any{"lastInputTick": info.Time, "getTickCount": getTickCount()}
		}
		r.Caller["lastInput"] = c
	} else {
		v, err := askVersion(host)
		r.Version = &Call{Call: "NetServerGetInfo(101) or NetWkstaGetInfo(100)", Raw: map[string]any{"major": v.Major, "minor": v.Minor}}
		r.fail(r.Version, err)
	}

	r.Enumeration = &Call{Call: "WTSEnumerateSessionsExW"}
	level := uint32(1)
	var p *sessionInfo1
	var n uint32
	err = wtsEnumerateSessionsEx(srv.handle, &level, 0, &p, &n)
	if err != nil {
		r.fail(r.Enumeration, err)
		return r, nil
	}
	entries := make([]map[string]any, 0, n)
	var ids []uint32
	for _, si := range unsafe.Slice(p, n) {
		entries = append(entries, map[string]any{
			"execEnvId": si.ExecEnvID, "state": si.State, "sessionId": si.SessionID,
			"sessionName": optString(ptrString(si.SessionName)), "hostName": optString(ptrString(si.HostName)),
			"userName": optString(ptrString(si.UserName)), "domainName": optString(ptrString(si.DomainName)),
			"farmName": optString(ptrString(si.FarmName)),
		})
		if si.HostName == nil || *si.HostName == 0 {
			ids = append(ids, si.SessionID)
		}
	}
	_ = wtsFreeMemoryEx(typeSessionInfoLevel1, uintptr(unsafe.Pointer(p)), n)
	r.Enumeration.Raw = entries
	for _, id := range ids {
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		r.Sessions = append(r.Sessions, b.diagnoseSession(r, srv, host, id, facts))
	}
	r.Processes = diagnoseProcesses(r, srv, host == "")
	return r, nil
}

// diagnoseProcesses records WTSEnumerateProcessesExW's entries raw and,
// for local processes that can be opened, GetProcessTimes's times.
func diagnoseProcesses(r *Report, srv *server, local bool) *Call {
	c := &Call{Call: "WTSEnumerateProcessesExW"}
	entries := []map[string]any{}
	err := srv.processes(anySession, func(pi *processInfoEx) {
		e := map[string]any{
			"sessionId": pi.SessionID, "processId": pi.ProcessID, "name": windows.UTF16PtrToString(pi.ProcessName),
			"userTime": pi.UserTime.value(), "kernelTime": pi.KernelTime.value(), "workingSetSize": pi.WorkingSetSize,
		}
		if sid := (*windows.SID)(pi.UserSid); sid != nil && sid.IsValid() {
			e["sid"] = sid.String()
		}
		if local && pi.ProcessID != 0 {
			if h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pi.ProcessID); err == nil {
				var created, exited, kernel, user windows.Filetime
				if windows.GetProcessTimes(h, &created, &exited, &kernel, &user) == nil {
					e["getProcessTimes"] = map[string]int64{"user": filetimeCount(user), "kernel": filetimeCount(kernel)}
				}
				_ = windows.CloseHandle(h)
			}
		}
		entries = append(entries, e)
	})
	if err != nil {
		r.fail(c, err)
		return c
	}
	c.Raw = entries
	return c
}

// diagnoseSession asks every information class the backend reads of
// session id, raw, then reads the session as Session does.
func (b *Backend) diagnoseSession(r *Report, srv *server, host string, id uint32, facts hostFacts) SessionReport {
	sr := SessionReport{ID: id}
	ask := func(class uint32, read func(p unsafe.Pointer, n uint32) any) {
		c := &Call{Call: "WTSQuerySessionInformationW", Class: &class}
		err := srv.query(id, class, func(p unsafe.Pointer, n uint32) {
			c.Bytes = n
			c.Raw = read(p, n)
		})
		r.fail(c, err)
		sr.Calls = append(sr.Calls, c)
	}
	ask(infoSessionInfoEx, func(p unsafe.Pointer, n uint32) any {
		if uintptr(n) < unsafe.Sizeof(wtsInfoEx{}) {
			return fmt.Sprintf("%d bytes, fewer than WTSINFOEXW's %d", n, unsafe.Sizeof(wtsInfoEx{}))
		}
		ex := (*wtsInfoEx)(p)
		return rawInfoEx(ex.Level, &ex.Data)
	})
	ask(infoSessionInfo, func(p unsafe.Pointer, n uint32) any {
		if uintptr(n) < unsafe.Sizeof(wtsInfo{}) {
			return fmt.Sprintf("%d bytes, fewer than WTSINFOW's %d", n, unsafe.Sizeof(wtsInfo{}))
		}
		return rawInfo((*wtsInfo)(p))
	})
	ask(infoClientInfo, func(p unsafe.Pointer, n uint32) any {
		if uintptr(n) < unsafe.Sizeof(wtsClient{}) {
			return fmt.Sprintf("%d bytes, fewer than WTSCLIENTW's %d", n, unsafe.Sizeof(wtsClient{}))
		}
		return rawClient((*wtsClient)(p))
	})
	ask(infoClientAddress, func(p unsafe.Pointer, n uint32) any {
		if uintptr(n) < unsafe.Sizeof(clientAddressRaw{}) {
			return fmt.Sprintf("%d bytes, fewer than WTS_CLIENT_ADDRESS's %d", n, unsafe.Sizeof(clientAddressRaw{}))
		}
		return rawAddress((*clientAddressRaw)(p))
	})
	ask(infoClientProtocolType, func(p unsafe.Pointer, n uint32) any {
		if n < 2 {
			return fmt.Sprintf("%d bytes", n)
		}
		return *(*uint16)(p)
	})
	one := rawSession{ID: id}
	c := &Call{Call: "the backend's reading (as session.list)"}
	if err := srv.details(&one, facts.Version, true); err != nil {
		r.fail(c, err)
		sr.Calls = append(sr.Calls, c)
		return sr
	}
	one.SID = b.accounts.lookup(host).sid(session.Account(one.Domain, one.UserName))
	srv.shellSIDs([]*rawSession{&one}, id)
	sr.Read = one.toSession(facts)
	return sr
}

// ptrString reads a NUL-terminated UTF-16 string, nil for a NULL pointer.
func ptrString(p *uint16) *string {
	if p == nil {
		return nil
	}
	s := windows.UTF16PtrToString(p)
	return &s
}
