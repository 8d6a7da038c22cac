/*
 * A test wtsapi32.dll for running usersession.exe under Wine.
 *
 * It plays the part of the Windows Terminal Services API for a fixed
 * scenario, with the structures laid out as Microsoft documents them in
 * wtsapi32.h (learn.microsoft.com/windows/win32/api/wtsapi32/). Wine's own
 * wtsapi32 reports no sessions, so the Go code is exercised against this.
 * Its siblings netapi32.c and psapi.c stand in for NetServerGetInfo and
 * GetProcessMemoryInfo; they log, fail, block and account for memory
 * through the wtstest_* functions this DLL exports, so that one log holds
 * every call in the order made.
 *
 * Configuration, read from the environment at load time:
 *   WTSTEST_LOG       file to append one line per call, allocation and free
 *   WTSTEST_FAIL      rules "Function:code[:session[:infoclass]]" separated
 *                     by ';': the matching call fails with that Win32 error
 *   WTSTEST_FAIL_ONCE "Function:code:session:class:n": the n-th matching call,
 *                     and no other, fails with that Win32 error
 *   WTSTEST_BLOCK     rules "Function[:session]" separated by ';': the
 *                     matching call logs "block" and sleeps WTSTEST_BLOCK_MS
 *                     (default 120000) before it goes on
 *   WTSTEST_RESPONSE  the response WTSSendMessageW reports when it waits, a
 *                     number, 0 included (default: the first button of the
 *                     style)
 *   WTSTEST_SLOW_MS   how long any call on a host SLOW* blocks (default
 *                     30000)
 *   WTSTEST_LOGOFF_MS how long a session takes to go after WTSLogoffSession
 *                     (default 0; -1: it never goes); until then every query
 *                     of it answers ERROR_CTX_CLOSE_PENDING (7007), as
 *                     Cassia's issues #60 and #36 report from real Windows
 *   WTSTEST_DISCONNECT_MS how long a disconnect takes (default 0; -1: never)
 *   WTSTEST_NONADMIN  "1": the caller is a standard user, whom every query of
 *                     another session than its own (the local session 1)
 *                     answers ERROR_CTX_WINSTATION_NOT_FOUND (7022), which
 *                     MS-TSTS 3.7.4.1.10 gives for a session that does not
 *                     exist or that the caller may not query
 *   WTSTEST_VM_SESSIONS "1": every handle's enumeration includes the
 *                     sessions of the virtual machines, not only one from
 *                     WTSOpenServerExW (a guard test: Windows is not seen
 *                     doing it)
 *   WTSTEST_CONSOLE_USER  DOMAIN\user of the local console session, instead
 *                     of CONTOSO\admin
 *   WTSTEST_TRIGGER   a file whose appearance ends a WTSWaitSystemEvent: the
 *                     waiter deletes it and reports WTS_EVENT_LOGON |
 *                     WTS_EVENT_STATECHANGE
 *
 * Hosts: the local server (WTS_CURRENT_SERVER_HANDLE), which is also an RD
 * Virtualization Host: a handle from WTSOpenServerExW enumerates sessions
 * of two virtual machines too, as Microsoft's page of WTSOpenServerExW
 * describes; WTSOpenServerW's and the local handle do not. SRV02, a Windows
 * Server 2008 R2 (6.1: lock flags swapped, IPv6 client addresses collapsed
 * as KB951422 shows); SRV03, a Windows Server 2022 (10.0) with the same
 * sessions; SLOW* (any name that starts
 * so), whose calls block; and any other name, whose open succeeds but whose
 * handle fails on first use with RPC_S_SERVER_UNAVAILABLE, as documented
 * for WTSOpenServerEx.
 *
 * Every buffer handed out carries a header that records how it must be
 * freed: WTSFreeMemory for WTSQuerySessionInformationW and
 * WTSEnumerateSessionsW, WTSFreeMemoryExW with the right WTS_TYPE_CLASS and
 * count for the Ex enumerations, NetApiBufferFree for netapi32's. A free
 * with the wrong function, class or count, or twice, is logged as
 * "badfree". At unload a "summary" line gives the counts.
 */
#include <windows.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <stdarg.h>

#include "wtstest.h"

/* ---- documented constants ---- */

#define T_WTS_CURRENT_SERVER_HANDLE ((HANDLE)NULL)
#define T_WTS_ANY_SESSION ((DWORD)-2)

/* WTS_CONNECTSTATE_CLASS */
enum { T_Active, T_Connected, T_ConnectQuery, T_Shadow, T_Disconnected,
       T_Idle, T_Listen, T_Reset, T_Down, T_Init };

/* WTS_INFO_CLASS (the classes the scenario answers) */
#define T_WTSUserName 5
#define T_WTSWinStationName 6
#define T_WTSDomainName 7
#define T_WTSConnectState 8
#define T_WTSClientName 10
#define T_WTSClientAddress 14
#define T_WTSClientProtocolType 16
#define T_WTSClientInfo 23
#define T_WTSSessionInfo 24
#define T_WTSSessionInfoEx 25

/* WTS_TYPE_CLASS */
#define T_WTSTypeProcessInfoLevel0 0
#define T_WTSTypeProcessInfoLevel1 1
#define T_WTSTypeSessionInfoLevel1 2

/* SessionFlags of WTSINFOEX_LEVEL1 */
#define T_WTS_SESSIONSTATE_UNKNOWN 0xFFFFFFFF
#define T_WTS_SESSIONSTATE_LOCK 0x00000000
#define T_WTS_SESSIONSTATE_UNLOCK 0x00000001

/* WTSWaitSystemEvent */
#define T_WTS_EVENT_NONE 0x00000000
#define T_WTS_EVENT_LOGON 0x00000020
#define T_WTS_EVENT_STATECHANGE 0x00000080
#define T_WTS_EVENT_FLUSH 0x80000000

#define T_WINSTATIONNAME_LENGTH 32
#define T_DOMAIN_LENGTH 17
#define T_USERNAME_LENGTH 20
#define T_CLIENTNAME_LENGTH 20
#define T_CLIENTADDRESS_LENGTH 30

#define T_AF_UNSPEC 0
#define T_AF_INET 2
#define T_AF_INET6 23

#define T_IDOK 1
#define T_IDCANCEL 2
#define T_IDYES 6
#define T_IDNO 7
#define T_IDTIMEOUT 32000
#define T_IDASYNC 32001

#define T_ERROR_CTX_WINSTATION_NOT_FOUND 7022
#define T_ERROR_CTX_CLOSE_PENDING 7007
#define T_RPC_S_SERVER_UNAVAILABLE 1722

/* ---- documented structures ---- */

typedef struct {
    DWORD SessionId;
    LPWSTR pWinStationName;
    DWORD State;
} T_WTS_SESSION_INFOW;

typedef struct {
    DWORD ExecEnvId;
    DWORD State;
    DWORD SessionId;
    LPWSTR pSessionName;
    LPWSTR pHostName;
    LPWSTR pUserName;
    LPWSTR pDomainName;
    LPWSTR pFarmName;
} T_WTS_SESSION_INFO_1W;

typedef struct {
    DWORD State;
    DWORD SessionId;
    DWORD IncomingBytes;
    DWORD OutgoingBytes;
    DWORD IncomingFrames;
    DWORD OutgoingFrames;
    DWORD IncomingCompressedBytes;
    DWORD OutgoingCompressedBytes;
    WCHAR WinStationName[T_WINSTATIONNAME_LENGTH];
    WCHAR Domain[T_DOMAIN_LENGTH];
    WCHAR UserName[T_USERNAME_LENGTH + 1];
    LARGE_INTEGER ConnectTime;
    LARGE_INTEGER DisconnectTime;
    LARGE_INTEGER LastInputTime;
    LARGE_INTEGER LogonTime;
    LARGE_INTEGER CurrentTime;
} T_WTSINFOW;

typedef struct {
    ULONG SessionId;
    DWORD SessionState;
    LONG SessionFlags;
    WCHAR WinStationName[T_WINSTATIONNAME_LENGTH + 1];
    WCHAR UserName[T_USERNAME_LENGTH + 1];
    WCHAR DomainName[T_DOMAIN_LENGTH + 1];
    LARGE_INTEGER LogonTime;
    LARGE_INTEGER ConnectTime;
    LARGE_INTEGER DisconnectTime;
    LARGE_INTEGER LastInputTime;
    LARGE_INTEGER CurrentTime;
    DWORD IncomingBytes;
    DWORD OutgoingBytes;
    DWORD IncomingFrames;
    DWORD OutgoingFrames;
    DWORD IncomingCompressedBytes;
    DWORD OutgoingCompressedBytes;
} T_WTSINFOEX_LEVEL1_W;

typedef union {
    T_WTSINFOEX_LEVEL1_W WTSInfoExLevel1;
} T_WTSINFOEX_LEVEL_W;

typedef struct {
    DWORD Level;
    T_WTSINFOEX_LEVEL_W Data;
} T_WTSINFOEXW;

typedef struct {
    DWORD AddressFamily;
    BYTE Address[20];
} T_WTS_CLIENT_ADDRESS;

typedef struct {
    WCHAR ClientName[T_CLIENTNAME_LENGTH + 1];
    WCHAR Domain[T_DOMAIN_LENGTH + 1];
    WCHAR UserName[T_USERNAME_LENGTH + 1];
    WCHAR WorkDirectory[MAX_PATH + 1];
    WCHAR InitialProgram[MAX_PATH + 1];
    BYTE EncryptionLevel;
    ULONG ClientAddressFamily;
    USHORT ClientAddress[T_CLIENTADDRESS_LENGTH + 1];
    USHORT HRes;
    USHORT VRes;
    USHORT ColorDepth;
    WCHAR ClientDirectory[MAX_PATH + 1];
    ULONG ClientBuildNumber;
    ULONG ClientHardwareId;
    USHORT ClientProductId;
    USHORT OutBufCountHost;
    USHORT OutBufCountClient;
    USHORT OutBufLength;
    WCHAR DeviceId[MAX_PATH + 1];
} T_WTSCLIENTW;

typedef struct {
    DWORD SessionId;
    DWORD ProcessId;
    LPWSTR pProcessName;
    PSID pUserSid;
    DWORD NumberOfThreads;
    DWORD HandleCount;
    DWORD PagefileUsage;
    DWORD PeakPagefileUsage;
    DWORD WorkingSetSize;
    DWORD PeakWorkingSetSize;
    LARGE_INTEGER UserTime;
    LARGE_INTEGER KernelTime;
} T_WTS_PROCESS_INFO_EXW;

/* The 64-bit layouts that internal/session/wts/layout_test.go expects,
 * as mingw-w64 lays the structures out (the same rules as MSVC). */
#ifdef _WIN64
_Static_assert(sizeof(T_WTSINFOW) == 216, "WTSINFOW");
_Static_assert(offsetof(T_WTSINFOW, ConnectTime) == 176, "WTSINFOW.ConnectTime");
_Static_assert(offsetof(T_WTSINFOW, CurrentTime) == 208, "WTSINFOW.CurrentTime");
_Static_assert(sizeof(T_WTSINFOEX_LEVEL1_W) == 224, "WTSINFOEX_LEVEL1_W");
_Static_assert(offsetof(T_WTSINFOEX_LEVEL1_W, LogonTime) == 160, "WTSINFOEX_LEVEL1_W.LogonTime");
_Static_assert(offsetof(T_WTSINFOEX_LEVEL1_W, IncomingBytes) == 200, "WTSINFOEX_LEVEL1_W.IncomingBytes");
_Static_assert(sizeof(T_WTSINFOEXW) == 232, "WTSINFOEXW");
_Static_assert(offsetof(T_WTSINFOEXW, Data) == 8, "WTSINFOEXW.Data");
_Static_assert(sizeof(T_WTSCLIENTW) == 2304, "WTSCLIENTW");
_Static_assert(offsetof(T_WTSCLIENTW, ClientAddressFamily) == 1168, "WTSCLIENTW.ClientAddressFamily");
_Static_assert(offsetof(T_WTSCLIENTW, HRes) == 1234, "WTSCLIENTW.HRes");
_Static_assert(offsetof(T_WTSCLIENTW, ClientBuildNumber) == 1764, "WTSCLIENTW.ClientBuildNumber");
_Static_assert(offsetof(T_WTSCLIENTW, DeviceId) == 1780, "WTSCLIENTW.DeviceId");
_Static_assert(sizeof(T_WTS_SESSION_INFO_1W) == 56, "WTS_SESSION_INFO_1W");
_Static_assert(offsetof(T_WTS_SESSION_INFO_1W, pHostName) == 24, "WTS_SESSION_INFO_1W.pHostName");
_Static_assert(sizeof(T_WTS_PROCESS_INFO_EXW) == 64, "WTS_PROCESS_INFO_EXW");
_Static_assert(offsetof(T_WTS_PROCESS_INFO_EXW, UserTime) == 48, "WTS_PROCESS_INFO_EXW.UserTime");
#endif

/* ---- the scenario ---- */

/* Times are Unix seconds, converted to FILETIME as Microsoft documents
 * ("Converting a time_t value to a FILETIME"). 0 stays 0: unknown. */
#define NOW 1795514400LL /* 2026-11-24T10:00:00Z */

static LONGLONG filetime(LONGLONG unix_seconds)
{
    if (unix_seconds == 0)
        return 0;
    return unix_seconds * 10000000LL + 116444736000000000LL;
}

typedef struct {
    DWORD id;
    DWORD state;
    const WCHAR *station;
    const WCHAR *user;
    const WCHAR *domain;
    const WCHAR *client;
    DWORD family;
    BYTE address[16]; /* IPv4: 4 bytes, IPv6: 16 bytes */
    USHORT protocol;  /* 0 console, 2 RDP */
    int locked;       /* 1 locked, 0 unlocked, -1 unknown */
    LONGLONG logon, connect, disconnect, last_input;
    DWORD build;              /* the client's build number */
    USHORT hres, vres, depth; /* the client's display; depth as WTS_CLIENT_DISPLAY codes it */
    const WCHAR *vm;          /* the virtual machine of a session of an RD Virtualization Host */
    int gone;                 /* signed out */
    ULONGLONG leaves_at;      /* a sign-out in progress ends at this tick; 0: none */
    ULONGLONG detaches_at;    /* a disconnect in progress ends at this tick; 0: none */
} scenario_session;

typedef struct {
    DWORD session;
    DWORD pid;
    const WCHAR *name;
    const char *sid; /* string SID, NULL for none */
    DWORD threads, handles, working_set;
    LONGLONG user_time, kernel_time; /* 100 ns units */
} scenario_process;

/* The end of a scenario_session: no client display or build, a session of
 * the host itself, not signed out. */
#define NO_CLIENT 0, 0, 0, 0
#define OWN NULL, 0, 0, 0

static scenario_session local_sessions[] = {
    {0, T_Disconnected, L"Services", L"", L"", L"", T_AF_UNSPEC, {0}, 0, -1, 0, 0, 0, 0, NO_CLIENT, OWN},
    {1, T_Active, L"Console", L"admin", L"CONTOSO", L"", T_AF_UNSPEC, {0}, 0, 0,
     NOW - 7500, NOW - 7500, 0, NOW - 60, NO_CLIENT, OWN},
    {2, T_Active, L"RDP-Tcp#7", L"bob", L"CONTOSO", L"LAPTOP-7", T_AF_INET, {10, 0, 0, 7}, 2, 1,
     NOW - 3600, NOW - 1800, 0, 0, 22621, 1920, 1080, 8, OWN},
    {3, T_Disconnected, L"", L"J\x00fcrgen", L"CONTOSO", L"", T_AF_UNSPEC, {0}, 2, 1,
     NOW - 86400, NOW - 7200, NOW - 1800, NOW - 1860, NO_CLIENT, OWN},
    {4, T_Active, L"RDP-Tcp#9", L"carol", L"FABRIKAM", L"TABLET-9", T_AF_INET6,
     {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x09}, 2, 0,
     NOW - 600, NOW - 600, 0, NOW - 90, 19045, 2560, 1440, 32, OWN},
    {65536, T_Listen, L"RDP-Tcp", L"", L"", L"", T_AF_UNSPEC, {0}, 2, -1, 0, 0, 0, 0, NO_CLIENT, OWN},
    /* Sessions inside virtual machines of this RD Virtualization Host: the
     * first has the id of one of the host's own sessions. */
    {2, T_Active, L"RDP-Tcp#3", L"vmuser", L"LAB", L"VDI-CLIENT", T_AF_INET, {10, 9, 9, 9}, 2, 0,
     NOW - 100, NOW - 100, 0, NOW - 10, 22631, 1280, 1024, 16, L"VM01", 0, 0, 0},
    {7, T_Disconnected, L"", L"eve", L"LAB", L"", T_AF_UNSPEC, {0}, 2, 1,
     NOW - 5000, NOW - 5000, NOW - 4000, NOW - 4100, NO_CLIENT, L"VM02", 0, 0, 0},
};

/* The sessions of the remote hosts; each host gets a copy of its own. */
static const scenario_session remote_template[] = {
    {0, T_Disconnected, L"Services", L"", L"", L"", T_AF_UNSPEC, {0}, 0, -1, 0, 0, 0, 0, NO_CLIENT, OWN},
    {1, T_Active, L"Console", L"operator", L"FABRIKAM", L"", T_AF_UNSPEC, {0}, 0, 0,
     NOW - 90000, NOW - 90000, 0, NOW - 30000, NO_CLIENT, OWN},
    {2, T_Active, L"RDP-Tcp#1", L"alice", L"FABRIKAM", L"HOME-PC", T_AF_INET, {192, 168, 1, 20}, 2, 0,
     NOW - 300, NOW - 300, 0, NOW - 5, 9600, 1366, 768, 4, OWN},
    {3, T_Active, L"RDP-Tcp#2", L"dave", L"FABRIKAM", L"DAVE-PC", T_AF_INET6,
     {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0d}, 2, 1,
     NOW - 1200, NOW - 1200, 0, NOW - 700, 26100, 3840, 2160, 32, OWN},
};

#define REMOTE_COUNT (sizeof remote_template / sizeof remote_template[0])

/* The ids are not multiples of 4, which Wine gives every process and
 * thread, so that no process of the prefix answers OpenProcess under one
 * of them (4, System's, is below the first id Wine gives). */
static scenario_process local_processes[] = {
    {0, 0, L"System Idle Process", NULL, 2, 0, 8192, 0, 0},
    {0, 4, L"System", "S-1-5-18", 150, 3000, 143360, 0, 123450000},
    {0, 642, L"services.exe", "S-1-5-18", 8, 700, 9011200, 5000000, 15000000},
    {1, 702, L"csrss.exe", "S-1-5-18", 12, 500, 5242880, 1000000, 2000000},
    {1, 4242, L"explorer.exe", "S-1-5-21-1-2-3-1001", 70, 2400, 81920000, 300000000, 120000000},
    {2, 5102, L"notepad.exe", "S-1-5-21-1-2-3-1002", 4, 230, 12582912, 1500000, 500000},
    {3, 5202, L"\x00dc" L"bersicht.exe", "S-1-5-21-1-2-3-1003", 9, 310, 20971520, 0, 0},
    {4, 5302, L"rdpclip.exe", "S-1-5-20", 6, 150, 4194304, 20000, 10000},
    /* The helper itself (its pid is filled in at load), with a working set
     * of 6 GiB that the 32-bit field reports wrapped to 2 GiB; the test
     * psapi.dll reports the whole of it. */
    {1, 0, L"usersession.exe", "S-1-5-21-1-2-3-1001", 11, 120, 2147483648u, 100000, 200000},
};

static const scenario_process remote_processes[] = {
    {0, 4, L"System", "S-1-5-18", 120, 2000, 143360, 0, 99990000},
    {2, 7100, L"winword.exe", "S-1-5-21-9-9-9-2001", 30, 900, 209715200, 450000000, 50000000},
};

/* ---- hosts and servers ---- */

enum { HOST_LOCAL, HOST_REMOTE, HOST_SLOW, HOST_DEAD };

typedef struct {
    int kind;
    DWORD major, minor; /* the Windows version; the local one is Wine's */
    scenario_session *sessions;
    DWORD count;
} host;

static scenario_session srv02_sessions[REMOTE_COUNT], srv03_sessions[REMOTE_COUNT], slow_sessions[REMOTE_COUNT];

static host local_host = {HOST_LOCAL, 0, 0, local_sessions, sizeof local_sessions / sizeof local_sessions[0]};
static host srv02_host = {HOST_REMOTE, 6, 1, srv02_sessions, REMOTE_COUNT};
static host srv03_host = {HOST_REMOTE, 10, 0, srv03_sessions, REMOTE_COUNT};
static host slow_host = {HOST_SLOW, 10, 0, slow_sessions, REMOTE_COUNT};
static host dead_host = {HOST_DEAD, 0, 0, NULL, 0};

typedef struct {
    DWORD magic;
    host *h;
    char name[64];
    volatile LONG flushes; /* WTS_EVENT_FLUSH calls on this handle */
    int ex;                /* opened with WTSOpenServerExW: virtual machines' sessions are enumerated */
} server;

#define SERVER_MAGIC 0x53525652 /* "RVRS" */

static server local_server = {SERVER_MAGIC, &local_host, "LOCAL", 0, 0};

/* host_named is the host a computer name means. */
static host *host_named(const char *name)
{
    if (lstrcmpiA(name, "SRV02") == 0)
        return &srv02_host;
    if (lstrcmpiA(name, "SRV03") == 0)
        return &srv03_host;
    if (_strnicmp(name, "SLOW", 4) == 0)
        return &slow_host;
    return &dead_host;
}

/* ---- configuration and log ---- */

static CRITICAL_SECTION lock;
static HANDLE log_file = INVALID_HANDLE_VALUE;
static char fail_rules[1024], block_rules[1024];
static DWORD block_ms = 120000;
static DWORD forced_response;
static int have_forced_response;
static DWORD slow_ms = 30000;
static LONG logoff_ms, disconnect_ms;
static int nonadmin, vm_always;
static char trigger_path[MAX_PATH];
static WCHAR console_user[64], console_domain[64];
static LONG allocs, frees, bad_frees, opens, closes;
static LONG next_alloc_id;

static void vtrace(const char *format, va_list ap)
{
    char line[1024];
    int n;
    DWORD written;
    if (log_file == INVALID_HANDLE_VALUE)
        return;
    n = vsnprintf(line, sizeof line - 2, format, ap);
    if (n < 0)
        return;
    if (n > (int)sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    EnterCriticalSection(&lock);
    WriteFile(log_file, line, n, &written, NULL);
    LeaveCriticalSection(&lock);
}

static void trace(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vtrace(format, ap);
    va_end(ap);
}

__declspec(dllexport) void wtstest_trace(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vtrace(format, ap);
    va_end(ap);
}

static const char *server_name(HANDLE h)
{
    server *s = h == T_WTS_CURRENT_SERVER_HANDLE ? &local_server : (server *)h;
    if (s == NULL || s->magic != SERVER_MAGIC)
        return "INVALID";
    return s->name;
}

static server *get_server(HANDLE h)
{
    server *s = h == T_WTS_CURRENT_SERVER_HANDLE ? &local_server : (server *)h;
    if (s->magic != SERVER_MAGIC)
        return NULL;
    return s;
}

/* match_rule looks for a rule "func[:a[:b[:c]]]" in rules whose fields
 * after the name are given by want (NULL: any) and returns its first
 * field after the name, or NULL. A field of "*" or left out matches any. */
static int match_rule(const char *rules, const char *func, int nwant, const DWORD *want, char *first, size_t firstlen)
{
    const char *p = rules;
    size_t flen = strlen(func);
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char rule[256];
        if (len < sizeof rule) {
            char *f[5] = {0};
            int nf = 0, i, ok = 1;
            char *q;
            memcpy(rule, p, len);
            rule[len] = 0;
            q = rule;
            f[nf++] = q;
            while ((q = strchr(q, ':')) != NULL && nf < 5) {
                *q++ = 0;
                f[nf++] = q;
            }
            if (strlen(f[0]) == flen && strncmp(f[0], func, flen) == 0) {
                for (i = 0; i < nwant; i++) {
                    const char *field = f[i + 1 + (first ? 1 : 0)];
                    if (field && strcmp(field, "*") != 0 && strtoul(field, NULL, 10) != want[i])
                        ok = 0;
                }
                if (ok && first && nf >= 2) {
                    lstrcpynA(first, f[1], (int)firstlen);
                    return 1;
                }
                if (ok && !first)
                    return 1;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

/* fail_once is the rule of WTSTEST_FAIL_ONCE, "func:code:session:class:n":
 * the n-th call that matches func, session and class (and only that
 * one) fails with code. */
static char fail_once_func[64];
static DWORD fail_once_code, fail_once_session, fail_once_class, fail_once_n;
static volatile LONG fail_once_seen;

/* should_fail finds a rule "func:code[:session[:class]]" matching the
 * call and returns its code, or 0. */
static DWORD should_fail(const char *func, DWORD session, DWORD info_class)
{
    char code[32];
    DWORD want[2] = {session, info_class};
    if (fail_once_n && strcmp(func, fail_once_func) == 0 && session == fail_once_session &&
        info_class == fail_once_class && (DWORD)InterlockedIncrement(&fail_once_seen) == fail_once_n)
        return fail_once_code;
    if (match_rule(fail_rules, func, 2, want, code, sizeof code))
        return strtoul(code, NULL, 10);
    return 0;
}

__declspec(dllexport) DWORD wtstest_should_fail(const char *func, DWORD session, DWORD info_class)
{
    return should_fail(func, session, info_class);
}

/* maybe_block sleeps when a rule "func[:session]" of WTSTEST_BLOCK
 * matches the call. */
static void maybe_block(const char *func, DWORD session)
{
    DWORD want[1] = {session};
    if (match_rule(block_rules, func, 1, want, NULL, 0)) {
        trace("block func=%s session=%ld ms=%lu", func, (long)session, block_ms);
        Sleep(block_ms);
    }
}

__declspec(dllexport) void wtstest_maybe_block(const char *func, DWORD session)
{
    maybe_block(func, session);
}

/* ---- allocations ---- */

static const char *mem_kind_name(int kind)
{
    switch (kind) {
    case WTSTEST_MEM_PLAIN: return "plain";
    case WTSTEST_MEM_SESSIONS1: return "sessions1";
    case WTSTEST_MEM_PROCESSES1: return "processes1";
    case WTSTEST_MEM_NETAPI: return "netapi";
    }
    return "?";
}

typedef struct {
    DWORD magic;
    int kind;
    LONG id;
    DWORD count;
    LONGLONG pad; /* keeps the payload 16-byte aligned */
} mem_header;

#define MEM_MAGIC 0x4D454D54 /* "TMEM" */
#define MEM_FREED 0x45455246 /* "FREE" */

static void *mem_alloc(size_t size, int kind, DWORD count)
{
    mem_header *h = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(mem_header) + size);
    if (!h)
        return NULL;
    h->magic = MEM_MAGIC;
    h->kind = kind;
    h->id = InterlockedIncrement(&next_alloc_id);
    h->count = count;
    InterlockedIncrement(&allocs);
    trace("alloc id=%ld kind=%s count=%lu", h->id, mem_kind_name(kind), count);
    return h + 1;
}

__declspec(dllexport) void *wtstest_alloc(size_t size, int kind, DWORD count)
{
    return mem_alloc(size, kind, count);
}

static BOOL mem_free(const char *func, void *p, int want_kind, DWORD want_count, BOOL check_count)
{
    mem_header *h;
    if (p == NULL) {
        InterlockedIncrement(&bad_frees);
        trace("badfree func=%s reason=null", func);
        return FALSE;
    }
    h = (mem_header *)p - 1;
    if (h->magic != MEM_MAGIC) {
        InterlockedIncrement(&bad_frees);
        trace("badfree func=%s reason=%s", func, h->magic == MEM_FREED ? "double" : "unknown");
        return FALSE;
    }
    if (h->kind != want_kind || (check_count && h->count != want_count)) {
        InterlockedIncrement(&bad_frees);
        trace("badfree func=%s id=%ld reason=mismatch kind=%s wantkind=%s count=%lu wantcount=%lu", func,
             h->id, mem_kind_name(h->kind), mem_kind_name(want_kind), h->count, want_count);
        return FALSE;
    }
    h->magic = MEM_FREED;
    InterlockedIncrement(&frees);
    trace("free id=%ld kind=%s func=%s", h->id, mem_kind_name(h->kind), func);
    /* The block is not returned to the heap, so that a double free is seen. */
    return TRUE;
}

__declspec(dllexport) BOOL wtstest_free(const char *func, void *p, int kind)
{
    return mem_free(func, p, kind, 0, FALSE);
}

/* wtstest_host tells netapi32.dll what a computer name is: 1 and its
 * version for a host that answers, 0 for one that does not (then *slow is
 * set for a host that blocks first). */
__declspec(dllexport) int wtstest_host(const char *name, DWORD *major, DWORD *minor, int *slow)
{
    host *h = host_named(name);
    *slow = h->kind == HOST_SLOW;
    *major = h->major;
    *minor = h->minor;
    if (h->kind == HOST_SLOW)
        Sleep(slow_ms);
    return h->kind == HOST_REMOTE || h->kind == HOST_SLOW;
}

/* ---- helpers ---- */

/* settle ends a sign-out whose time has come: the session goes, except
 * the local console, which stays as the logon screen (Connected, no user). */
static void disconnect_now(scenario_session *ss)
{
    ss->state = T_Disconnected;
    ss->disconnect = NOW;
    ss->client = L"";
    ss->family = T_AF_UNSPEC;
    ss->build = ss->hres = ss->vres = ss->depth = 0;
}

static void settle(server *s, scenario_session *ss)
{
    if (ss->detaches_at && GetTickCount64() >= ss->detaches_at) {
        ss->detaches_at = 0;
        disconnect_now(ss);
    }
    if (!ss->leaves_at || GetTickCount64() < ss->leaves_at)
        return;
    ss->leaves_at = 0;
    if (s->h->kind == HOST_LOCAL && ss->id == 1 && !ss->vm) {
        ss->state = T_Connected;
        ss->user = L"";
        ss->domain = L"";
        ss->logon = ss->connect = ss->last_input = 0;
        ss->locked = -1;
    } else {
        ss->gone = 1;
    }
}

/* find_session finds a session of the host itself: sessions of virtual
 * machines are only in the enumeration. */
static scenario_session *find_session(server *s, DWORD id)
{
    DWORD i;
    for (i = 0; i < s->h->count; i++) {
        scenario_session *ss = &s->h->sessions[i];
        if (ss->id != id || ss->vm)
            continue;
        settle(s, ss);
        if (!ss->gone)
            return ss;
    }
    return NULL;
}

/* reachable applies what a host is: a dead one fails, a slow one blocks. */
static BOOL reachable(server *s)
{
    if (s->h->kind == HOST_DEAD) {
        SetLastError(T_RPC_S_SERVER_UNAVAILABLE);
        return FALSE;
    }
    if (s->h->kind == HOST_SLOW)
        Sleep(slow_ms);
    return TRUE;
}

static void utf8(const WCHAR *w, DWORD bytes, char *out, size_t outlen)
{
    /* hex of the UTF-8 form, so that the log stays one token */
    char tmp[512];
    int n = WideCharToMultiByte(CP_UTF8, 0, w, (int)(bytes / sizeof(WCHAR)), tmp, sizeof tmp, NULL, NULL);
    size_t i, o = 0;
    for (i = 0; i < (size_t)(n > 0 ? n : 0) && o + 3 < outlen; i++)
        o += sprintf(out + o, "%02x", (unsigned char)tmp[i]);
    out[o] = 0;
}

static LPWSTR copy_string(LPWSTR *cursor, const WCHAR *s)
{
    LPWSTR dst = *cursor;
    size_t n = wcslen(s) + 1;
    memcpy(dst, s, n * sizeof(WCHAR));
    *cursor += n;
    return dst;
}

static BOOL fail(const char *func, HANDLE h, DWORD session, const char *extra, DWORD code)
{
    trace("call func=%s server=%s session=%ld %s result=0 error=%lu", func, server_name(h), (long)session,
         extra, code);
    SetLastError(code);
    return FALSE;
}

#define SESSION_UNSET ((DWORD)-1)

/* ---- the API ---- */

static HANDLE open_server(const char *func, LPWSTR pServerName, int ex)
{
    server *s;
    char name[64] = "";
    DWORD code;
    if (pServerName)
        WideCharToMultiByte(CP_UTF8, 0, pServerName, -1, name, sizeof name - 1, NULL, NULL);
    if ((code = should_fail(func, SESSION_UNSET, 0)) != 0) {
        trace("call func=%s name=%s result=0 error=%lu", func, name, code);
        SetLastError(code);
        return NULL;
    }
    s = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof *s);
    s->magic = SERVER_MAGIC;
    s->ex = ex;
    lstrcpynA(s->name, name, sizeof s->name);
    s->h = host_named(name); /* a dead host opens; its first use fails */
    InterlockedIncrement(&opens);
    trace("call func=%s name=%s server=%s result=1 error=0", func, name, s->name);
    return (HANDLE)s;
}

__declspec(dllexport) HANDLE WINAPI WTSOpenServerExW(LPWSTR pServerName)
{
    return open_server("WTSOpenServerExW", pServerName, 1);
}

__declspec(dllexport) HANDLE WINAPI WTSOpenServerW(LPWSTR pServerName)
{
    return open_server("WTSOpenServerW", pServerName, 0);
}

__declspec(dllexport) void WINAPI WTSCloseServer(HANDLE hServer)
{
    server *s = (server *)hServer;
    trace("call func=WTSCloseServer server=%s result=1 error=0", server_name(hServer));
    if (s && s->magic == SERVER_MAGIC && s != &local_server) {
        s->magic = 0;
        InterlockedIncrement(&closes);
    }
}

__declspec(dllexport) BOOL WINAPI WTSEnumerateSessionsExW(HANDLE hServer, DWORD *pLevel, DWORD Filter,
                                                          T_WTS_SESSION_INFO_1W **ppSessionInfo,
                                                          DWORD *pCount)
{
    server *s = get_server(hServer);
    DWORD i, live = 0, code;
    size_t strings = 0;
    T_WTS_SESSION_INFO_1W *out;
    LPWSTR cursor;
    char extra[64];
    snprintf(extra, sizeof extra, "level=%lu filter=%lu", pLevel ? *pLevel : 0, Filter);
    if (!s)
        return fail("WTSEnumerateSessionsExW", hServer, SESSION_UNSET, extra, ERROR_INVALID_HANDLE);
    if (!pLevel || *pLevel != 1 || Filter != 0 || !ppSessionInfo || !pCount)
        return fail("WTSEnumerateSessionsExW", hServer, SESSION_UNSET, extra, ERROR_INVALID_PARAMETER);
    if ((code = should_fail("WTSEnumerateSessionsExW", SESSION_UNSET, 0)) != 0)
        return fail("WTSEnumerateSessionsExW", hServer, SESSION_UNSET, extra, code);
    maybe_block("WTSEnumerateSessionsExW", SESSION_UNSET);
    if (!reachable(s))
        return fail("WTSEnumerateSessionsExW", hServer, SESSION_UNSET, extra, GetLastError());
    for (i = 0; i < s->h->count; i++) {
        scenario_session *ss = &s->h->sessions[i];
        settle(s, ss);
        if (ss->gone || (ss->vm && !s->ex && !vm_always))
            continue;
        live++;
        strings += wcslen(ss->station) + wcslen(ss->user) + wcslen(ss->domain) + (ss->vm ? wcslen(ss->vm) : 0) + 3 + 2;
    }
    out = mem_alloc(live * sizeof *out + strings * sizeof(WCHAR), WTSTEST_MEM_SESSIONS1, live);
    cursor = (LPWSTR)(out + live);
    for (i = 0, live = 0; i < s->h->count; i++) {
        scenario_session *ss = &s->h->sessions[i];
        T_WTS_SESSION_INFO_1W *o;
        if (ss->gone || (ss->vm && !s->ex && !vm_always))
            continue;
        o = &out[live++];
        o->ExecEnvId = live;
        o->State = ss->state;
        o->SessionId = ss->id;
        o->pSessionName = copy_string(&cursor, ss->station);
        /* NULL, as documented, for a session of the host itself */
        o->pHostName = ss->vm ? copy_string(&cursor, ss->vm) : NULL;
        o->pUserName = copy_string(&cursor, ss->user);
        o->pDomainName = copy_string(&cursor, ss->domain);
        o->pFarmName = copy_string(&cursor, L"");
    }
    *pLevel = 1;
    *ppSessionInfo = out;
    *pCount = live;
    trace("call func=WTSEnumerateSessionsExW server=%s session=-1 %s result=1 error=0 count=%lu",
         server_name(hServer), extra, live);
    return TRUE;
}

__declspec(dllexport) BOOL WINAPI WTSEnumerateSessionsW(HANDLE hServer, DWORD Reserved, DWORD Version,
                                                        T_WTS_SESSION_INFOW **ppSessionInfo, DWORD *pCount)
{
    server *s = get_server(hServer);
    DWORD i, live = 0, code;
    size_t strings = 0;
    T_WTS_SESSION_INFOW *out;
    LPWSTR cursor;
    char extra[64];
    snprintf(extra, sizeof extra, "reserved=%lu version=%lu", Reserved, Version);
    if (!s)
        return fail("WTSEnumerateSessionsW", hServer, SESSION_UNSET, extra, ERROR_INVALID_HANDLE);
    if (Reserved != 0 || Version != 1 || !ppSessionInfo || !pCount)
        return fail("WTSEnumerateSessionsW", hServer, SESSION_UNSET, extra, ERROR_INVALID_PARAMETER);
    if ((code = should_fail("WTSEnumerateSessionsW", SESSION_UNSET, 0)) != 0)
        return fail("WTSEnumerateSessionsW", hServer, SESSION_UNSET, extra, code);
    if (!reachable(s))
        return fail("WTSEnumerateSessionsW", hServer, SESSION_UNSET, extra, GetLastError());
    /* The host's own sessions only: this level has no host name. */
    for (i = 0; i < s->h->count; i++) {
        scenario_session *ss = &s->h->sessions[i];
        settle(s, ss);
        if (ss->gone || ss->vm)
            continue;
        live++;
        strings += wcslen(ss->station) + 1;
    }
    out = mem_alloc(live * sizeof *out + strings * sizeof(WCHAR), WTSTEST_MEM_PLAIN, live);
    cursor = (LPWSTR)(out + live);
    for (i = 0, live = 0; i < s->h->count; i++) {
        scenario_session *ss = &s->h->sessions[i];
        if (ss->gone || ss->vm)
            continue;
        out[live].SessionId = ss->id;
        out[live].State = ss->state;
        out[live].pWinStationName = copy_string(&cursor, ss->station);
        live++;
    }
    *ppSessionInfo = out;
    *pCount = live;
    trace("call func=WTSEnumerateSessionsW server=%s session=-1 %s result=1 error=0 count=%lu",
         server_name(hServer), extra, live);
    return TRUE;
}

static void fill_name(WCHAR *dst, size_t cap, const WCHAR *src)
{
    /* copies what fits, always NUL-terminated */
    size_t n = wcslen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n * sizeof(WCHAR));
    dst[n] = 0;
}

/* lock_flags reports the lock state as the host's Windows does: Windows 7
 * and Server 2008 R2 (6.1) report the two values swapped. */
static LONG lock_flags(server *s, const scenario_session *ss)
{
    int swapped = s->h->major == 6 && s->h->minor == 1;
    if (ss->locked < 0)
        return (LONG)T_WTS_SESSIONSTATE_UNKNOWN;
    if (swapped)
        return ss->locked ? T_WTS_SESSIONSTATE_UNLOCK : T_WTS_SESSIONSTATE_LOCK;
    return ss->locked ? T_WTS_SESSIONSTATE_LOCK : T_WTS_SESSIONSTATE_UNLOCK;
}

/* put_address writes a WTS_CLIENT_ADDRESS's Address the way the host
 * does. IPv4: two bytes in (Microsoft's page of WTS_CLIENT_ADDRESS: 192.168.0.1
 * as 00 00 C0 A8 00 01). IPv6 from 6.2 on: from Address[0] (the same
 * page: FFFF::1 as FF FF 00 ... 01). IPv6 from 6.0 and 6.1: KB951422's
 * form, two zero bytes, then the groups with the longest run of zero
 * groups collapsed to one (fe80::385f:e84b:ac02:f69c as
 * 00 00 FE 80 00 00 38 5F E8 4B AC 02 F6 9C 00 00 ...). */
static void put_address(server *s, const scenario_session *ss, BYTE *dst)
{
    if (ss->family == T_AF_INET) {
        memcpy(dst + 2, ss->address, 4);
    } else if (ss->family == T_AF_INET6) {
        int g, best = -1, bestlen = 0, o = 2;
        if (s->h->major > 6 || (s->h->major == 6 && s->h->minor >= 2)) {
            memcpy(dst, ss->address, 16);
            return;
        }
        for (g = 0; g < 8;) {
            int len = 0;
            while (g + len < 8 && ss->address[2 * (g + len)] == 0 && ss->address[2 * (g + len) + 1] == 0)
                len++;
            if (len > bestlen) {
                best = g;
                bestlen = len;
            }
            g += len ? len : 1;
        }
        for (g = 0; g < 8 && o + 1 < 20; g++) {
            if (bestlen >= 2 && g > best && g < best + bestlen)
                continue; /* the run is one zero group */
            dst[o++] = ss->address[2 * g];
            dst[o++] = ss->address[2 * g + 1];
        }
    }
}

/* put_client_address writes WTSCLIENTW's ClientAddress as the one
 * real-Windows reading of it does (winlabs/gowin32 wts.go,
 * ClientAddressToIP): IPv4 one octet per USHORT from index 0; IPv6 one
 * group per USHORT, which nobody is seen checking (unsettled; usersession
 * does not read this field). */
static void put_client_address(const scenario_session *ss, USHORT *dst)
{
    int i;
    if (ss->family == T_AF_INET)
        for (i = 0; i < 4; i++)
            dst[i] = ss->address[i];
    else if (ss->family == T_AF_INET6)
        for (i = 0; i < 8; i++)
            dst[i] = (USHORT)(ss->address[2 * i] << 8 | ss->address[2 * i + 1]);
}

__declspec(dllexport) BOOL WINAPI WTSQuerySessionInformationW(HANDLE hServer, DWORD SessionId,
                                                              DWORD WTSInfoClass, LPWSTR *ppBuffer,
                                                              DWORD *pBytesReturned)
{
    server *s = get_server(hServer);
    scenario_session *ss;
    DWORD code, size;
    void *buf;
    char extra[32];
    snprintf(extra, sizeof extra, "class=%lu", WTSInfoClass);
    if (!s)
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, ERROR_INVALID_HANDLE);
    if (!ppBuffer || !pBytesReturned)
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, ERROR_INVALID_PARAMETER);
    if ((code = should_fail("WTSQuerySessionInformationW", SessionId, WTSInfoClass)) != 0)
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, code);
    maybe_block("WTSQuerySessionInformationW", SessionId);
    if (!reachable(s))
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, GetLastError());
    if (nonadmin && !(s->h->kind == HOST_LOCAL && SessionId == 1))
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, T_ERROR_CTX_WINSTATION_NOT_FOUND);
    ss = find_session(s, SessionId);
    if (!ss)
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, T_ERROR_CTX_WINSTATION_NOT_FOUND);
    if (ss->leaves_at)
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, T_ERROR_CTX_CLOSE_PENDING);

    switch (WTSInfoClass) {
    case T_WTSSessionInfo: {
        T_WTSINFOW *in;
        size = sizeof *in;
        buf = in = mem_alloc(size, WTSTEST_MEM_PLAIN, 1);
        in->State = ss->state;
        in->SessionId = ss->id;
        fill_name(in->WinStationName, T_WINSTATIONNAME_LENGTH, ss->station);
        fill_name(in->Domain, T_DOMAIN_LENGTH, ss->domain);
        fill_name(in->UserName, T_USERNAME_LENGTH + 1, ss->user);
        in->ConnectTime.QuadPart = filetime(ss->connect);
        in->DisconnectTime.QuadPart = filetime(ss->disconnect);
        in->LastInputTime.QuadPart = filetime(ss->last_input);
        in->LogonTime.QuadPart = filetime(ss->logon);
        in->CurrentTime.QuadPart = filetime(NOW);
        break;
    }
    case T_WTSSessionInfoEx: {
        T_WTSINFOEXW *ex;
        T_WTSINFOEX_LEVEL1_W *l1;
        size = sizeof *ex;
        buf = ex = mem_alloc(size, WTSTEST_MEM_PLAIN, 1);
        ex->Level = 1;
        l1 = &ex->Data.WTSInfoExLevel1;
        l1->SessionId = ss->id;
        l1->SessionState = ss->state;
        l1->SessionFlags = lock_flags(s, ss);
        fill_name(l1->WinStationName, T_WINSTATIONNAME_LENGTH + 1, ss->station);
        fill_name(l1->UserName, T_USERNAME_LENGTH + 1, ss->user);
        fill_name(l1->DomainName, T_DOMAIN_LENGTH + 1, ss->domain);
        l1->LogonTime.QuadPart = filetime(ss->logon);
        l1->ConnectTime.QuadPart = filetime(ss->connect);
        l1->DisconnectTime.QuadPart = filetime(ss->disconnect);
        l1->LastInputTime.QuadPart = filetime(ss->last_input);
        l1->CurrentTime.QuadPart = filetime(NOW);
        break;
    }
    case T_WTSClientInfo: {
        T_WTSCLIENTW *c;
        size = sizeof *c;
        buf = c = mem_alloc(size, WTSTEST_MEM_PLAIN, 1);
        fill_name(c->ClientName, T_CLIENTNAME_LENGTH + 1, ss->client);
        fill_name(c->Domain, T_DOMAIN_LENGTH + 1, ss->client[0] ? ss->domain : L"");
        fill_name(c->UserName, T_USERNAME_LENGTH + 1, ss->client[0] ? ss->user : L"");
        c->ClientAddressFamily = ss->family;
        put_client_address(ss, c->ClientAddress);
        if (ss->client[0]) {
            c->EncryptionLevel = 3;
            c->HRes = ss->hres;
            c->VRes = ss->vres;
            c->ColorDepth = ss->depth;
            c->ClientBuildNumber = ss->build;
            fill_name(c->ClientDirectory, MAX_PATH + 1, L"C:\\Windows\\System32\\mstscax.dll");
        }
        break;
    }
    case T_WTSClientName:
    case T_WTSUserName:
    case T_WTSDomainName:
    case T_WTSWinStationName: {
        const WCHAR *v = WTSInfoClass == T_WTSClientName ? ss->client
                         : WTSInfoClass == T_WTSUserName ? ss->user
                         : WTSInfoClass == T_WTSDomainName ? ss->domain
                                                           : ss->station;
        size = (DWORD)((wcslen(v) + 1) * sizeof(WCHAR));
        buf = mem_alloc(size, WTSTEST_MEM_PLAIN, 1);
        memcpy(buf, v, size);
        break;
    }
    case T_WTSClientAddress: {
        T_WTS_CLIENT_ADDRESS *a;
        size = sizeof *a;
        buf = a = mem_alloc(size, WTSTEST_MEM_PLAIN, 1);
        a->AddressFamily = ss->family;
        put_address(s, ss, a->Address);
        break;
    }
    case T_WTSClientProtocolType: {
        USHORT *t;
        size = sizeof *t;
        buf = t = mem_alloc(size, WTSTEST_MEM_PLAIN, 1);
        *t = ss->protocol;
        break;
    }
    case T_WTSConnectState: {
        DWORD *st;
        size = sizeof *st;
        buf = st = mem_alloc(size, WTSTEST_MEM_PLAIN, 1);
        *st = ss->state;
        break;
    }
    default:
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, ERROR_NOT_SUPPORTED);
    }
    *ppBuffer = buf;
    *pBytesReturned = size;
    trace("call func=WTSQuerySessionInformationW server=%s session=%lu %s result=1 error=0 bytes=%lu",
         server_name(hServer), SessionId, extra, size);
    return TRUE;
}

static BOOL act(const char *func, HANDLE hServer, DWORD SessionId, BOOL bWait)
{
    server *s = get_server(hServer);
    scenario_session *ss;
    DWORD code;
    char extra[32];
    snprintf(extra, sizeof extra, "wait=%d", bWait ? 1 : 0);
    if (!s)
        return fail(func, hServer, SessionId, extra, ERROR_INVALID_HANDLE);
    if ((code = should_fail(func, SessionId, 0)) != 0)
        return fail(func, hServer, SessionId, extra, code);
    maybe_block(func, SessionId);
    if (!reachable(s))
        return fail(func, hServer, SessionId, extra, GetLastError());
    ss = find_session(s, SessionId);
    if (!ss)
        return fail(func, hServer, SessionId, extra, T_ERROR_CTX_WINSTATION_NOT_FOUND);
    if (strcmp(func, "WTSLogoffSession") == 0) {
        /* The sign-out ends at once, or after WTSTEST_LOGOFF_MS, or never. */
        if (logoff_ms < 0)
            ss->leaves_at = ~0ULL;
        else
            ss->leaves_at = GetTickCount64() + (ULONGLONG)logoff_ms + 1;
        if (logoff_ms == 0)
            ss->leaves_at = 1;
        settle(s, ss);
    } else {
        /* The disconnect ends at once, or after WTSTEST_DISCONNECT_MS, or
         * never; a call that waits returns when it has. */
        if (disconnect_ms < 0)
            ss->detaches_at = ~0ULL;
        else
            ss->detaches_at = GetTickCount64() + (ULONGLONG)disconnect_ms + 1;
        if (disconnect_ms == 0)
            ss->detaches_at = 1;
        if (bWait && disconnect_ms > 0)
            Sleep((DWORD)disconnect_ms + 1);
        settle(s, ss);
    }
    trace("call func=%s server=%s session=%lu %s result=1 error=0", func, server_name(hServer), SessionId,
         extra);
    return TRUE;
}

__declspec(dllexport) BOOL WINAPI WTSLogoffSession(HANDLE hServer, DWORD SessionId, BOOL bWait)
{
    return act("WTSLogoffSession", hServer, SessionId, bWait);
}

__declspec(dllexport) BOOL WINAPI WTSDisconnectSession(HANDLE hServer, DWORD SessionId, BOOL bWait)
{
    return act("WTSDisconnectSession", hServer, SessionId, bWait);
}

__declspec(dllexport) BOOL WINAPI WTSSendMessageW(HANDLE hServer, DWORD SessionId, LPWSTR pTitle,
                                                  DWORD TitleLength, LPWSTR pMessage, DWORD MessageLength,
                                                  DWORD Style, DWORD Timeout, DWORD *pResponse, BOOL bWait)
{
    server *s = get_server(hServer);
    DWORD code, response;
    char title[300], text[300], extra[800];
    /* Lengths are in bytes and do not count a terminating NUL. */
    int title_ok = pTitle && TitleLength == wcslen(pTitle) * sizeof(WCHAR);
    int text_ok = pMessage && MessageLength == wcslen(pMessage) * sizeof(WCHAR);
    utf8(pTitle ? pTitle : L"", TitleLength, title, sizeof title);
    utf8(pMessage ? pMessage : L"", MessageLength, text, sizeof text);
    snprintf(extra, sizeof extra, "style=%lu timeout=%lu wait=%d titlelen=%lu textlen=%lu lenok=%d title=%s text=%s",
             Style, Timeout, bWait ? 1 : 0, TitleLength, MessageLength, title_ok && text_ok, title, text);
    if (!s)
        return fail("WTSSendMessageW", hServer, SessionId, extra, ERROR_INVALID_HANDLE);
    if (!pResponse)
        return fail("WTSSendMessageW", hServer, SessionId, extra, ERROR_INVALID_PARAMETER);
    if ((code = should_fail("WTSSendMessageW", SessionId, 0)) != 0)
        return fail("WTSSendMessageW", hServer, SessionId, extra, code);
    maybe_block("WTSSendMessageW", SessionId);
    if (!reachable(s))
        return fail("WTSSendMessageW", hServer, SessionId, extra, GetLastError());
    if (!find_session(s, SessionId))
        return fail("WTSSendMessageW", hServer, SessionId, extra, T_ERROR_CTX_WINSTATION_NOT_FOUND);
    if (!bWait)
        response = T_IDASYNC;
    else if (have_forced_response)
        response = forced_response;
    else
        response = (Style & 0xF) == MB_YESNO ? T_IDYES : T_IDOK;
    *pResponse = response;
    trace("call func=WTSSendMessageW server=%s session=%lu %s result=1 error=0 response=%lu",
         server_name(hServer), SessionId, extra, response);
    return TRUE;
}

__declspec(dllexport) BOOL WINAPI WTSEnumerateProcessesExW(HANDLE hServer, DWORD *pLevel, DWORD SessionId,
                                                           LPWSTR *ppProcessInfo, DWORD *pCount)
{
    server *s = get_server(hServer);
    const scenario_process *list;
    DWORD n, i, code, count = 0;
    size_t extra_bytes = 0;
    T_WTS_PROCESS_INFO_EXW *out;
    BYTE *cursor;
    char extra[64];
    snprintf(extra, sizeof extra, "level=%lu", pLevel ? *pLevel : 0);
    if (!s)
        return fail("WTSEnumerateProcessesExW", hServer, SessionId, extra, ERROR_INVALID_HANDLE);
    if (!pLevel || *pLevel != 1 || !ppProcessInfo || !pCount)
        return fail("WTSEnumerateProcessesExW", hServer, SessionId, extra, ERROR_INVALID_PARAMETER);
    if ((code = should_fail("WTSEnumerateProcessesExW", SessionId, 0)) != 0)
        return fail("WTSEnumerateProcessesExW", hServer, SessionId, extra, code);
    maybe_block("WTSEnumerateProcessesExW", SessionId);
    if (!reachable(s))
        return fail("WTSEnumerateProcessesExW", hServer, SessionId, extra, GetLastError());
    if (s->h->kind == HOST_LOCAL) {
        list = local_processes;
        n = sizeof local_processes / sizeof local_processes[0];
    } else {
        list = remote_processes;
        n = sizeof remote_processes / sizeof remote_processes[0];
    }
    for (i = 0; i < n; i++) {
        if (SessionId != T_WTS_ANY_SESSION && list[i].session != SessionId)
            continue;
        count++;
        extra_bytes += (wcslen(list[i].name) + 1) * sizeof(WCHAR) + SECURITY_MAX_SID_SIZE + 8;
    }
    out = mem_alloc(count * sizeof *out + extra_bytes, WTSTEST_MEM_PROCESSES1, count);
    cursor = (BYTE *)(out + count);
    for (i = 0, count = 0; i < n; i++) {
        T_WTS_PROCESS_INFO_EXW *o;
        size_t len;
        if (SessionId != T_WTS_ANY_SESSION && list[i].session != SessionId)
            continue;
        o = &out[count++];
        o->SessionId = list[i].session;
        o->ProcessId = list[i].pid;
        len = (wcslen(list[i].name) + 1) * sizeof(WCHAR);
        memcpy(cursor, list[i].name, len);
        o->pProcessName = (LPWSTR)cursor;
        cursor += (len + 7) & ~(size_t)7;
        if (list[i].sid) {
            /* A SID in its binary form: revision, count, authority, sub-authorities. */
            SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
            DWORD sub[8];
            int nsub = 0;
            const char *p = list[i].sid + strlen("S-1-5");
            while (*p == '-' && nsub < 8) {
                sub[nsub++] = strtoul(p + 1, (char **)&p, 10);
            }
            o->pUserSid = (PSID)cursor;
            InitializeSid(o->pUserSid, &nt, (BYTE)nsub);
            while (nsub-- > 0)
                *GetSidSubAuthority(o->pUserSid, nsub) = sub[nsub];
            cursor += SECURITY_MAX_SID_SIZE;
        }
        o->NumberOfThreads = list[i].threads;
        o->HandleCount = list[i].handles;
        o->PagefileUsage = list[i].working_set / 2;
        o->PeakPagefileUsage = list[i].working_set;
        o->WorkingSetSize = list[i].working_set;
        o->PeakWorkingSetSize = list[i].working_set;
        o->UserTime.QuadPart = list[i].user_time;
        o->KernelTime.QuadPart = list[i].kernel_time;
    }
    *ppProcessInfo = (LPWSTR)out;
    *pCount = count;
    trace("call func=WTSEnumerateProcessesExW server=%s session=%ld %s result=1 error=0 count=%lu",
         server_name(hServer), (long)SessionId, extra, count);
    return TRUE;
}

/* WTSWaitSystemEvent waits for the trigger file, polling, and returns
 * WTS_EVENT_NONE when WTS_EVENT_FLUSH is called on the same handle. */
__declspec(dllexport) BOOL WINAPI WTSWaitSystemEvent(HANDLE hServer, DWORD EventMask, DWORD *pEventFlags)
{
    server *s = get_server(hServer);
    DWORD code;
    LONG flushes;
    char extra[48];
    snprintf(extra, sizeof extra, "mask=0x%lx", EventMask);
    if (!s)
        return fail("WTSWaitSystemEvent", hServer, SESSION_UNSET, extra, ERROR_INVALID_HANDLE);
    if (!pEventFlags)
        return fail("WTSWaitSystemEvent", hServer, SESSION_UNSET, extra, ERROR_INVALID_PARAMETER);
    if ((code = should_fail("WTSWaitSystemEvent", SESSION_UNSET, 0)) != 0)
        return fail("WTSWaitSystemEvent", hServer, SESSION_UNSET, extra, code);
    if (s->h->kind == HOST_DEAD)
        return fail("WTSWaitSystemEvent", hServer, SESSION_UNSET, extra, T_RPC_S_SERVER_UNAVAILABLE);
    if (EventMask == T_WTS_EVENT_FLUSH) {
        InterlockedIncrement(&s->flushes);
        *pEventFlags = T_WTS_EVENT_NONE;
        trace("call func=WTSWaitSystemEvent server=%s session=-1 %s result=1 error=0 flags=0x0", server_name(hServer),
             extra);
        return TRUE;
    }
    flushes = s->flushes;
    trace("wait func=WTSWaitSystemEvent server=%s %s", server_name(hServer), extra);
    for (;;) {
        if (s->flushes != flushes) {
            *pEventFlags = T_WTS_EVENT_NONE;
            break;
        }
        if (trigger_path[0] && DeleteFileA(trigger_path)) {
            *pEventFlags = T_WTS_EVENT_LOGON | T_WTS_EVENT_STATECHANGE;
            break;
        }
        Sleep(20);
    }
    trace("call func=WTSWaitSystemEvent server=%s session=-1 %s result=1 error=0 flags=0x%lx", server_name(hServer),
         extra, *pEventFlags);
    return TRUE;
}

__declspec(dllexport) void WINAPI WTSFreeMemory(PVOID pMemory)
{
    mem_free("WTSFreeMemory", pMemory, WTSTEST_MEM_PLAIN, 0, FALSE);
}

__declspec(dllexport) BOOL WINAPI WTSFreeMemoryExW(DWORD WTSTypeClass, PVOID pMemory, ULONG NumberOfEntries)
{
    int kind;
    switch (WTSTypeClass) {
    case T_WTSTypeProcessInfoLevel1: kind = WTSTEST_MEM_PROCESSES1; break;
    case T_WTSTypeSessionInfoLevel1: kind = WTSTEST_MEM_SESSIONS1; break;
    default: kind = 0; break; /* level 0 process info is never handed out */
    }
    if (!mem_free("WTSFreeMemoryExW", pMemory, kind, NumberOfEntries, TRUE)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

/* ---- load and unload ---- */

typedef LONG(WINAPI *rtl_get_version)(OSVERSIONINFOW *);

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    char buf[1024];
    (void)inst;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        OSVERSIONINFOW v;
        DWORD i;
        rtl_get_version get =
            (rtl_get_version)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetVersion");
        ZeroMemory(&v, sizeof v);
        v.dwOSVersionInfoSize = sizeof v;
        InitializeCriticalSection(&lock);
        if (GetEnvironmentVariableA("WTSTEST_LOG", buf, sizeof buf) && buf[0])
            log_file = CreateFileA(buf, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                                   OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        if (GetEnvironmentVariableA("WTSTEST_FAIL", buf, sizeof buf))
            lstrcpynA(fail_rules, buf, sizeof fail_rules);
        if (GetEnvironmentVariableA("WTSTEST_FAIL_ONCE", buf, sizeof buf) && buf[0]) {
            char *q = strchr(buf, ':');
            if (q) {
                *q = 0;
                lstrcpynA(fail_once_func, buf, sizeof fail_once_func);
                fail_once_code = strtoul(q + 1, &q, 10);
                fail_once_session = strtoul(q + 1, &q, 10);
                fail_once_class = strtoul(q + 1, &q, 10);
                fail_once_n = strtoul(q + 1, NULL, 10);
            }
        }
        if (GetEnvironmentVariableA("WTSTEST_BLOCK", buf, sizeof buf))
            lstrcpynA(block_rules, buf, sizeof block_rules);
        if (GetEnvironmentVariableA("WTSTEST_BLOCK_MS", buf, sizeof buf) && buf[0])
            block_ms = strtoul(buf, NULL, 10);
        if (GetEnvironmentVariableA("WTSTEST_RESPONSE", buf, sizeof buf) && buf[0]) {
            forced_response = strtoul(buf, NULL, 10);
            have_forced_response = 1;
        }
        if (GetEnvironmentVariableA("WTSTEST_SLOW_MS", buf, sizeof buf) && buf[0])
            slow_ms = strtoul(buf, NULL, 10);
        if (GetEnvironmentVariableA("WTSTEST_LOGOFF_MS", buf, sizeof buf) && buf[0])
            logoff_ms = strtol(buf, NULL, 10);
        if (GetEnvironmentVariableA("WTSTEST_DISCONNECT_MS", buf, sizeof buf) && buf[0])
            disconnect_ms = strtol(buf, NULL, 10);
        if (GetEnvironmentVariableA("WTSTEST_NONADMIN", buf, sizeof buf) && buf[0] == '1')
            nonadmin = 1;
        if (GetEnvironmentVariableA("WTSTEST_VM_SESSIONS", buf, sizeof buf) && buf[0] == '1')
            vm_always = 1;
        if (GetEnvironmentVariableA("WTSTEST_TRIGGER", buf, sizeof buf))
            lstrcpynA(trigger_path, buf, sizeof trigger_path);
        if (GetEnvironmentVariableW(L"WTSTEST_CONSOLE_USER", console_user, 64) && console_user[0]) {
            WCHAR *sep = wcschr(console_user, L'\\');
            if (sep) {
                *sep = 0;
                lstrcpynW(console_domain, console_user, 64);
                memmove(console_user, sep + 1, (wcslen(sep + 1) + 1) * sizeof(WCHAR));
            }
            local_sessions[1].user = console_user;
            local_sessions[1].domain = console_domain;
        }
        for (i = 0; i < REMOTE_COUNT; i++)
            srv02_sessions[i] = srv03_sessions[i] = slow_sessions[i] = remote_template[i];
        local_processes[sizeof local_processes / sizeof local_processes[0] - 1].pid = GetCurrentProcessId();
        if (get && get(&v) == 0) {
            local_host.major = v.dwMajorVersion;
            local_host.minor = v.dwMinorVersion;
        }
        trace("attach pid=%lu version=%lu.%lu.%lu swapped=%d", GetCurrentProcessId(), v.dwMajorVersion,
             v.dwMinorVersion, v.dwBuildNumber, v.dwMajorVersion == 6 && v.dwMinorVersion == 1);
    } else if (reason == DLL_PROCESS_DETACH) {
        trace("summary allocs=%ld frees=%ld badfrees=%ld opens=%ld closes=%ld", allocs, frees, bad_frees, opens,
             closes);
        if (log_file != INVALID_HANDLE_VALUE)
            CloseHandle(log_file);
    }
    return TRUE;
}
