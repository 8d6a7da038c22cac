/*
 * A test psapi.dll for running usersession.exe under Wine:
 * GetProcessMemoryInfo with PROCESS_MEMORY_COUNTERS as psapi.h lays it
 * out. For the calling process it reports a working set of 6 GiB, more
 * than the 32-bit field of WTS_PROCESS_INFO_EXW can hold; every other
 * process is ERROR_ACCESS_DENIED, as a process of another user is without
 * elevation, so that the processes Wine happens to run under the
 * scenario's ids never answer. Calls are logged through wtsapi32.dll.
 */
#include <windows.h>

#include "wtstest.h"

typedef struct {
    DWORD cb;
    DWORD PageFaultCount;
    SIZE_T PeakWorkingSetSize;
    SIZE_T WorkingSetSize;
    SIZE_T QuotaPeakPagedPoolUsage;
    SIZE_T QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage;
    SIZE_T QuotaNonPagedPoolUsage;
    SIZE_T PagefileUsage;
    SIZE_T PeakPagefileUsage;
} T_PROCESS_MEMORY_COUNTERS;

#define SIX_GIB ((SIZE_T)6 << 30)

__declspec(dllexport) BOOL WINAPI GetProcessMemoryInfo(HANDLE process, T_PROCESS_MEMORY_COUNTERS *pmc, DWORD cb)
{
    wtstest *t = wtstest_load();
    DWORD pid = GetProcessId(process);
    if (!pmc || cb < sizeof *pmc) {
        t->trace("call func=GetProcessMemoryInfo pid=%lu result=0 error=%d", pid, ERROR_INSUFFICIENT_BUFFER);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    if (pid != GetCurrentProcessId()) {
        t->trace("call func=GetProcessMemoryInfo pid=%lu result=0 error=%d", pid, ERROR_ACCESS_DENIED);
        SetLastError(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    ZeroMemory(pmc, sizeof *pmc);
    pmc->cb = sizeof *pmc;
    pmc->PageFaultCount = 1000;
    pmc->PeakWorkingSetSize = SIX_GIB + 4096;
    pmc->WorkingSetSize = SIX_GIB;
    pmc->PagefileUsage = SIX_GIB / 2;
    pmc->PeakPagefileUsage = SIX_GIB / 2;
    t->trace("call func=GetProcessMemoryInfo pid=%lu result=1 error=0 ws=%llu", pid,
             (unsigned long long)pmc->WorkingSetSize);
    return TRUE;
}
