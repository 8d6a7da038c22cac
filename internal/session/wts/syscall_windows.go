//go:build windows

package wts

// The Windows calls that golang.org/x/sys/windows lacks.
// zsyscall_windows.go is generated from the //sys lines below by go
// generate. Every function that a Windows may lack is marked with "?" so
// that a DLL without it (an old Windows, a stripped-down image) gives
// ERROR_PROC_NOT_FOUND instead of a panic; GetTickCount is in every
// kernel32.

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsopenserverw
// (not WTSOpenServerExW, whose extra behaviour is documented only for RD
// Virtualization Hosts, and whose handle WTSWaitSystemEvent is not
// documented to take)
//sys	wtsOpenServer(serverName *uint16) (handle windows.Handle, err error) [failretval==0] = wtsapi32.WTSOpenServerW?

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtscloseserver
//sys	wtsCloseServer(server windows.Handle) = wtsapi32.WTSCloseServer?

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsenumeratesessionsexw
//sys	wtsEnumerateSessionsEx(server windows.Handle, level *uint32, filter uint32, sessions **sessionInfo1, count *uint32) (err error) = wtsapi32.WTSEnumerateSessionsExW?

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsquerysessioninformationw
//sys	wtsQuerySessionInformation(server windows.Handle, sessionID uint32, infoClass uint32, buffer *unsafe.Pointer, bytesReturned *uint32) (err error) = wtsapi32.WTSQuerySessionInformationW?

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtslogoffsession
//sys	wtsLogoffSession(server windows.Handle, sessionID uint32, wait bool) (err error) = wtsapi32.WTSLogoffSession?

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsdisconnectsession
//sys	wtsDisconnectSession(server windows.Handle, sessionID uint32, wait bool) (err error) = wtsapi32.WTSDisconnectSession?

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtssendmessagew
//sys	wtsSendMessage(server windows.Handle, sessionID uint32, title *uint16, titleLength uint32, message *uint16, messageLength uint32, style uint32, timeout uint32, response *uint32, wait bool) (err error) = wtsapi32.WTSSendMessageW?

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsenumerateprocessesexw
//sys	wtsEnumerateProcessesEx(server windows.Handle, level *uint32, sessionID uint32, processes **processInfoEx, count *uint32) (err error) = wtsapi32.WTSEnumerateProcessesExW?

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsfreememoryexw
//sys	wtsFreeMemoryEx(typeClass uint32, memory uintptr, count uint32) (err error) = wtsapi32.WTSFreeMemoryExW?

// https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtswaitsystemevent
//sys	wtsWaitSystemEvent(server windows.Handle, eventMask uint32, eventFlags *uint32) (err error) = wtsapi32.WTSWaitSystemEvent?

// https://learn.microsoft.com/windows/win32/api/lmserver/nf-lmserver-netservergetinfo
//sys	netServerGetInfo(serverName *uint16, level uint32, buf **byte) (neterr error) = netapi32.NetServerGetInfo?

// https://learn.microsoft.com/windows/win32/api/lmwksta/nf-lmwksta-netwkstagetinfo
//sys	netWkstaGetInfo(serverName *uint16, level uint32, buf **byte) (neterr error) = netapi32.NetWkstaGetInfo?

// https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getprocessmemoryinfo
//sys	getProcessMemoryInfo(process windows.Handle, counters *processMemoryCounters, cb uint32) (err error) = psapi.GetProcessMemoryInfo?

// https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-getlastinputinfo
//sys	getLastInputInfo(info *lastInputInfo) (err error) = user32.GetLastInputInfo?

// https://learn.microsoft.com/windows/win32/api/sysinfoapi/nf-sysinfoapi-gettickcount
//sys	getTickCount() (ms uint32) = kernel32.GetTickCount
