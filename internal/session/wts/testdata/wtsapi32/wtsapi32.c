/*
 * A test wtsapi32.dll for running usersession.exe under Wine.
 *
 * It plays the part of the Windows Terminal Services API for a fixed
 * scenario, with the structures laid out as Microsoft documents them in
 * wtsapi32.h (learn.microsoft.com/windows/win32/api/wtsapi32/). Wine's own
 * wtsapi32 reports no sessions, so the Go code is exercised against this.
 *
 * Configuration, read from the environment at load time:
 *   WTSTEST_LOG       file to append one line per call, allocation and free
 *   WTSTEST_FAIL      rules "Function:code[:session[:infoclass]]" separated
 *                     by ';': the matching call fails with that Win32 error
 *   WTSTEST_RESPONSE  the response WTSSendMessageW reports when it waits, a
 *                     number, 0 included (default: the first button of the
 *                     style)
 *   WTSTEST_SLOW_MS   how long any call on host SLOW01 blocks (default 30000)
 *
 * Hosts: the local server (WTS_CURRENT_SERVER_HANDLE), SRV02 (a small remote
 * host), SLOW01 (blocks), and any other name, whose open succeeds but whose
 * handle fails on first use with RPC_S_SERVER_UNAVAILABLE, as documented
 * for WTSOpenServerEx.
 *
 * Every buffer handed out carries a header that records how it must be
 * freed: WTSFreeMemory for WTSQuerySessionInformationW and
 * WTSEnumerateSessionsW, WTSFreeMemoryExW with the right WTS_TYPE_CLASS and
 * count for the Ex enumerations. A free with the wrong function, class or
 * count, or twice, is logged as "badfree". At unload a "summary" line
 * gives the counts.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <stdarg.h>

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

#define T_WINSTATIONNAME_LENGTH 32
#define T_DOMAIN_LENGTH 17
#define T_USERNAME_LENGTH 20

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
    int gone;         /* signed out */
} scenario_session;

typedef struct {
    DWORD session;
    DWORD pid;
    const WCHAR *name;
    const char *sid; /* string SID, NULL for none */
    DWORD threads, handles, working_set;
    LONGLONG user_time, kernel_time; /* 100 ns units */
} scenario_process;

static scenario_session local_sessions[] = {
    {0, T_Disconnected, L"Services", L"", L"", L"", T_AF_UNSPEC, {0}, 0, -1, 0, 0, 0, 0, 0},
    {1, T_Active, L"Console", L"admin", L"CONTOSO", L"", T_AF_UNSPEC, {0}, 0, 0,
     NOW - 7500, NOW - 7500, 0, NOW - 60, 0},
    {2, T_Active, L"RDP-Tcp#7", L"bob", L"CONTOSO", L"LAPTOP-7", T_AF_INET, {10, 0, 0, 7}, 2, 1,
     NOW - 3600, NOW - 1800, 0, 0, 0},
    {3, T_Disconnected, L"", L"J\x00fcrgen", L"CONTOSO", L"", T_AF_UNSPEC, {0}, 2, 1,
     NOW - 86400, NOW - 7200, NOW - 1800, NOW - 1860, 0},
    {4, T_Active, L"RDP-Tcp#9", L"carol", L"FABRIKAM", L"TABLET-9", T_AF_INET6,
     {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x09}, 2, 0,
     NOW - 600, NOW - 600, 0, NOW - 90, 0},
    {65536, T_Listen, L"RDP-Tcp", L"", L"", L"", T_AF_UNSPEC, {0}, 2, -1, 0, 0, 0, 0, 0},
};

static scenario_session remote_sessions[] = {
    {0, T_Disconnected, L"Services", L"", L"", L"", T_AF_UNSPEC, {0}, 0, -1, 0, 0, 0, 0, 0},
    {1, T_Connected, L"Console", L"", L"", L"", T_AF_UNSPEC, {0}, 0, -1, 0, 0, 0, 0, 0},
    {2, T_Active, L"RDP-Tcp#1", L"alice", L"FABRIKAM", L"HOME-PC", T_AF_INET, {192, 168, 1, 20}, 2, 0,
     NOW - 300, NOW - 300, 0, NOW - 5, 0},
};

static const scenario_process local_processes[] = {
    {0, 0, L"System Idle Process", NULL, 2, 0, 8192, 0, 0},
    {0, 4, L"System", "S-1-5-18", 150, 3000, 143360, 0, 123450000},
    {0, 640, L"services.exe", "S-1-5-18", 8, 700, 9011200, 5000000, 15000000},
    {1, 700, L"csrss.exe", "S-1-5-18", 12, 500, 5242880, 1000000, 2000000},
    {1, 4242, L"explorer.exe", "S-1-5-21-1-2-3-1001", 70, 2400, 81920000, 300000000, 120000000},
    {2, 5100, L"notepad.exe", "S-1-5-21-1-2-3-1002", 4, 230, 12582912, 1500000, 500000},
    {3, 5200, L"\x00dc" L"bersicht.exe", "S-1-5-21-1-2-3-1003", 9, 310, 20971520, 0, 0},
    {4, 5300, L"rdpclip.exe", "S-1-5-20", 6, 150, 4194304, 20000, 10000},
};

static const scenario_process remote_processes[] = {
    {0, 4, L"System", "S-1-5-18", 120, 2000, 143360, 0, 99990000},
    {2, 7100, L"winword.exe", "S-1-5-21-9-9-9-2001", 30, 900, 209715200, 450000000, 50000000},
};

/* ---- servers ---- */

enum { HOST_LOCAL, HOST_REMOTE, HOST_SLOW, HOST_DEAD };

typedef struct {
    DWORD magic;
    int kind;
    char name[64];
} server;

#define SERVER_MAGIC 0x53525652 /* "RVRS" */

static server local_server = {SERVER_MAGIC, HOST_LOCAL, "LOCAL"};

/* ---- configuration and log ---- */

static CRITICAL_SECTION lock;
static HANDLE log_file = INVALID_HANDLE_VALUE;
static char fail_rules[1024];
static DWORD forced_response;
static int have_forced_response;
static DWORD slow_ms = 30000;
static int swapped_lock_flags;
static LONG allocs, frees, bad_frees, opens, closes;
static LONG next_alloc_id;

static void trace(const char *format, ...)
{
    char line[1024];
    va_list ap;
    int n;
    DWORD written;
    if (log_file == INVALID_HANDLE_VALUE)
        return;
    va_start(ap, format);
    n = vsnprintf(line, sizeof line - 2, format, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    EnterCriticalSection(&lock);
    WriteFile(log_file, line, n, &written, NULL);
    LeaveCriticalSection(&lock);
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

/* should_fail looks for a rule "func:code[:session[:class]]" matching the
 * call; a session or class of "*" or left out matches any. */
static DWORD should_fail(const char *func, DWORD session, DWORD info_class)
{
    const char *p = fail_rules;
    size_t flen = strlen(func);
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char rule[256];
        if (len < sizeof rule) {
            char *f[4] = {0};
            int nf = 0;
            char *q;
            memcpy(rule, p, len);
            rule[len] = 0;
            q = rule;
            f[nf++] = q;
            while ((q = strchr(q, ':')) != NULL && nf < 4) {
                *q++ = 0;
                f[nf++] = q;
            }
            if (nf >= 2 && strlen(f[0]) == flen && strncmp(f[0], func, flen) == 0) {
                DWORD code = strtoul(f[1], NULL, 10);
                int ok = 1;
                if (nf >= 3 && strcmp(f[2], "*") != 0 && strtoul(f[2], NULL, 10) != session)
                    ok = 0;
                if (nf >= 4 && strcmp(f[3], "*") != 0 && strtoul(f[3], NULL, 10) != info_class)
                    ok = 0;
                if (ok)
                    return code;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

/* ---- allocations ---- */

enum { MEM_PLAIN = 1, MEM_SESSIONS1 = 2, MEM_PROCESSES1 = 3 };

static const char *mem_kind_name(int kind)
{
    switch (kind) {
    case MEM_PLAIN: return "plain";
    case MEM_SESSIONS1: return "sessions1";
    case MEM_PROCESSES1: return "processes1";
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

/* ---- helpers ---- */

static DWORD session_count(server *s, scenario_session **list)
{
    if (s->kind == HOST_REMOTE || s->kind == HOST_SLOW) {
        *list = remote_sessions;
        return sizeof remote_sessions / sizeof remote_sessions[0];
    }
    *list = local_sessions;
    return sizeof local_sessions / sizeof local_sessions[0];
}

static scenario_session *find_session(server *s, DWORD id)
{
    scenario_session *list;
    DWORD n = session_count(s, &list), i;
    for (i = 0; i < n; i++)
        if (list[i].id == id && !list[i].gone)
            return &list[i];
    return NULL;
}

/* reachable applies what a host is: a dead one fails, a slow one blocks. */
static BOOL reachable(server *s)
{
    if (s->kind == HOST_DEAD) {
        SetLastError(T_RPC_S_SERVER_UNAVAILABLE);
        return FALSE;
    }
    if (s->kind == HOST_SLOW)
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

__declspec(dllexport) HANDLE WINAPI WTSOpenServerExW(LPWSTR pServerName)
{
    server *s;
    char name[64] = "";
    DWORD code;
    if (pServerName)
        WideCharToMultiByte(CP_UTF8, 0, pServerName, -1, name, sizeof name - 1, NULL, NULL);
    if ((code = should_fail("WTSOpenServerExW", SESSION_UNSET, 0)) != 0) {
        trace("call func=WTSOpenServerExW name=%s result=0 error=%lu", name, code);
        SetLastError(code);
        return NULL;
    }
    s = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof *s);
    s->magic = SERVER_MAGIC;
    lstrcpynA(s->name, name, sizeof s->name);
    if (lstrcmpiA(name, "SRV02") == 0)
        s->kind = HOST_REMOTE;
    else if (lstrcmpiA(name, "SLOW01") == 0)
        s->kind = HOST_SLOW;
    else
        s->kind = HOST_DEAD; /* the open succeeds; the first use fails */
    InterlockedIncrement(&opens);
    trace("call func=WTSOpenServerExW name=%s server=%s result=1 error=0", name, s->name);
    return (HANDLE)s;
}

__declspec(dllexport) HANDLE WINAPI WTSOpenServerW(LPWSTR pServerName)
{
    return WTSOpenServerExW(pServerName);
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
    scenario_session *list;
    DWORD n, i, live = 0, code;
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
    if (!reachable(s))
        return fail("WTSEnumerateSessionsExW", hServer, SESSION_UNSET, extra, GetLastError());
    n = session_count(s, &list);
    for (i = 0; i < n; i++) {
        if (list[i].gone)
            continue;
        live++;
        strings += wcslen(list[i].station) + wcslen(list[i].user) + wcslen(list[i].domain) + 3 + 2;
    }
    out = mem_alloc(live * sizeof *out + strings * sizeof(WCHAR), MEM_SESSIONS1, live);
    cursor = (LPWSTR)(out + live);
    for (i = 0, live = 0; i < n; i++) {
        T_WTS_SESSION_INFO_1W *o;
        if (list[i].gone)
            continue;
        o = &out[live++];
        o->ExecEnvId = live;
        o->State = list[i].state;
        o->SessionId = list[i].id;
        o->pSessionName = copy_string(&cursor, list[i].station);
        o->pHostName = copy_string(&cursor, L"");
        o->pUserName = copy_string(&cursor, list[i].user);
        o->pDomainName = copy_string(&cursor, list[i].domain);
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
    scenario_session *list;
    DWORD n, i, live = 0, code;
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
    n = session_count(s, &list);
    for (i = 0; i < n; i++) {
        if (list[i].gone)
            continue;
        live++;
        strings += wcslen(list[i].station) + 1;
    }
    out = mem_alloc(live * sizeof *out + strings * sizeof(WCHAR), MEM_PLAIN, live);
    cursor = (LPWSTR)(out + live);
    for (i = 0, live = 0; i < n; i++) {
        if (list[i].gone)
            continue;
        out[live].SessionId = list[i].id;
        out[live].State = list[i].state;
        out[live].pWinStationName = copy_string(&cursor, list[i].station);
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

static LONG lock_flags(const scenario_session *ss)
{
    if (ss->locked < 0)
        return (LONG)T_WTS_SESSIONSTATE_UNKNOWN;
    /* Windows 7 and Server 2008 R2 report the two values swapped. */
    if (swapped_lock_flags)
        return ss->locked ? T_WTS_SESSIONSTATE_UNLOCK : T_WTS_SESSIONSTATE_LOCK;
    return ss->locked ? T_WTS_SESSIONSTATE_LOCK : T_WTS_SESSIONSTATE_UNLOCK;
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
    if (!reachable(s))
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, GetLastError());
    ss = find_session(s, SessionId);
    if (!ss)
        return fail("WTSQuerySessionInformationW", hServer, SessionId, extra, T_ERROR_CTX_WINSTATION_NOT_FOUND);

    switch (WTSInfoClass) {
    case T_WTSSessionInfo: {
        T_WTSINFOW *in;
        size = sizeof *in;
        buf = in = mem_alloc(size, MEM_PLAIN, 1);
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
        buf = ex = mem_alloc(size, MEM_PLAIN, 1);
        ex->Level = 1;
        l1 = &ex->Data.WTSInfoExLevel1;
        l1->SessionId = ss->id;
        l1->SessionState = ss->state;
        l1->SessionFlags = lock_flags(ss);
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
    case T_WTSClientName:
    case T_WTSUserName:
    case T_WTSDomainName:
    case T_WTSWinStationName: {
        const WCHAR *v = WTSInfoClass == T_WTSClientName ? ss->client
                         : WTSInfoClass == T_WTSUserName ? ss->user
                         : WTSInfoClass == T_WTSDomainName ? ss->domain
                                                           : ss->station;
        size = (DWORD)((wcslen(v) + 1) * sizeof(WCHAR));
        buf = mem_alloc(size, MEM_PLAIN, 1);
        memcpy(buf, v, size);
        break;
    }
    case T_WTSClientAddress: {
        T_WTS_CLIENT_ADDRESS *a;
        size = sizeof *a;
        buf = a = mem_alloc(size, MEM_PLAIN, 1);
        a->AddressFamily = ss->family;
        /* IPv4: the address starts at Address[2]; IPv6: at Address[0]. */
        if (ss->family == T_AF_INET)
            memcpy(&a->Address[2], ss->address, 4);
        else if (ss->family == T_AF_INET6)
            memcpy(&a->Address[0], ss->address, 16);
        break;
    }
    case T_WTSClientProtocolType: {
        USHORT *t;
        size = sizeof *t;
        buf = t = mem_alloc(size, MEM_PLAIN, 1);
        *t = ss->protocol;
        break;
    }
    case T_WTSConnectState: {
        DWORD *st;
        size = sizeof *st;
        buf = st = mem_alloc(size, MEM_PLAIN, 1);
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
    if (!reachable(s))
        return fail(func, hServer, SessionId, extra, GetLastError());
    ss = find_session(s, SessionId);
    if (!ss)
        return fail(func, hServer, SessionId, extra, T_ERROR_CTX_WINSTATION_NOT_FOUND);
    if (strcmp(func, "WTSLogoffSession") == 0) {
        ss->gone = 1;
    } else {
        ss->state = T_Disconnected;
        ss->disconnect = NOW;
        ss->client = L"";
        ss->family = T_AF_UNSPEC;
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
    if (!reachable(s))
        return fail("WTSEnumerateProcessesExW", hServer, SessionId, extra, GetLastError());
    if (s->kind == HOST_LOCAL) {
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
    out = mem_alloc(count * sizeof *out + extra_bytes, MEM_PROCESSES1, count);
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

__declspec(dllexport) void WINAPI WTSFreeMemory(PVOID pMemory)
{
    mem_free("WTSFreeMemory", pMemory, MEM_PLAIN, 0, FALSE);
}

__declspec(dllexport) BOOL WINAPI WTSFreeMemoryExW(DWORD WTSTypeClass, PVOID pMemory, ULONG NumberOfEntries)
{
    int kind;
    switch (WTSTypeClass) {
    case T_WTSTypeProcessInfoLevel1: kind = MEM_PROCESSES1; break;
    case T_WTSTypeSessionInfoLevel1: kind = MEM_SESSIONS1; break;
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
        if (GetEnvironmentVariableA("WTSTEST_RESPONSE", buf, sizeof buf) && buf[0]) {
            forced_response = strtoul(buf, NULL, 10);
            have_forced_response = 1;
        }
        if (GetEnvironmentVariableA("WTSTEST_SLOW_MS", buf, sizeof buf))
            slow_ms = strtoul(buf, NULL, 10);
        if (get && get(&v) == 0 && v.dwMajorVersion == 6 && v.dwMinorVersion == 1)
            swapped_lock_flags = 1;
        trace("attach pid=%lu version=%lu.%lu.%lu swapped=%d", GetCurrentProcessId(), v.dwMajorVersion,
             v.dwMinorVersion, v.dwBuildNumber, swapped_lock_flags);
    } else if (reason == DLL_PROCESS_DETACH) {
        trace("summary allocs=%ld frees=%ld badfrees=%ld opens=%ld closes=%ld", allocs, frees, bad_frees, opens,
             closes);
        if (log_file != INVALID_HANDLE_VALUE)
            CloseHandle(log_file);
    }
    return TRUE;
}
