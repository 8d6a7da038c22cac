/*
 * A test netapi32.dll for running usersession.exe under Wine: the part of
 * the Network Management API the helper uses to learn a remote host's
 * Windows version (NetServerGetInfo at level 101, NetWkstaGetInfo at level
 * 100), with the structures of lmserver.h and lmwksta.h. The hosts are
 * wtsapi32.c's: SRV02 runs 6.1, SRV03 and SLOW* 10.0 (SLOW* block first),
 * every other name is ERROR_BAD_NETPATH, as a host that does not answer
 * SMB is. Calls are logged, failed (WTSTEST_FAIL, the info class field
 * being the level) and blocked (WTSTEST_BLOCK) through wtsapi32.dll, and
 * the buffers they hand out must be freed with NetApiBufferFree.
 *
 * The functions the Go runtime may bind from netapi32.dll but the helper
 * does not use answer ERROR_NOT_SUPPORTED.
 */
#include <windows.h>
#include <stdio.h>

#include "wtstest.h"

typedef DWORD NET_API_STATUS;

#define T_PLATFORM_ID_NT 500
#define T_SV_TYPE_WORKSTATION 0x00000001
#define T_SV_TYPE_SERVER 0x00000002
#define T_SV_TYPE_SERVER_NT 0x00008000
#define T_SV_TYPE_TERMINALSERVER 0x02000000
#define T_ERROR_BAD_NETPATH 53
#define T_ERROR_INVALID_LEVEL 124

typedef struct {
    DWORD sv101_platform_id;
    LPWSTR sv101_name;
    DWORD sv101_version_major;
    DWORD sv101_version_minor;
    DWORD sv101_type;
    LPWSTR sv101_comment;
} T_SERVER_INFO_101;

typedef struct {
    DWORD wki100_platform_id;
    LPWSTR wki100_computername;
    LPWSTR wki100_langroup;
    DWORD wki100_ver_major;
    DWORD wki100_ver_minor;
} T_WKSTA_INFO_100;

/* host_of strips the leading backslashes of a server name. */
static void host_of(LPCWSTR server, char *name, size_t len)
{
    name[0] = 0;
    if (!server)
        return;
    while (*server == L'\\')
        server++;
    WideCharToMultiByte(CP_UTF8, 0, server, -1, name, (int)len - 1, NULL, NULL);
}

static NET_API_STATUS answer(const char *func, const char *name, DWORD level, NET_API_STATUS status)
{
    wtstest_load()->trace("call func=%s server=%s level=%lu result=%d error=%lu", func, name, level,
                          status == 0, status);
    return status;
}

/* lookup applies the configuration and the host to a call. */
static NET_API_STATUS lookup(const char *func, LPCWSTR server, DWORD level, DWORD want_level, char *name,
                             size_t len, DWORD *major, DWORD *minor)
{
    wtstest *t = wtstest_load();
    DWORD code;
    int slow;
    host_of(server, name, len);
    if (level != want_level)
        return answer(func, name, level, T_ERROR_INVALID_LEVEL);
    if ((code = t->should_fail(func, (DWORD)-1, level)) != 0)
        return answer(func, name, level, code);
    t->maybe_block(func, (DWORD)-1);
    if (!t->host(name, major, minor, &slow))
        return answer(func, name, level, T_ERROR_BAD_NETPATH);
    return 0;
}

static LPWSTR copy_name(LPWSTR dst, const char *name)
{
    MultiByteToWideChar(CP_UTF8, 0, name, -1, dst, 64);
    return dst;
}

__declspec(dllexport) NET_API_STATUS WINAPI NetServerGetInfo(LPWSTR servername, DWORD level, LPBYTE *bufptr)
{
    char name[64];
    DWORD major, minor;
    NET_API_STATUS st = lookup("NetServerGetInfo", servername, level, 101, name, sizeof name, &major, &minor);
    T_SERVER_INFO_101 *si;
    if (st)
        return st;
    si = wtstest_load()->alloc(sizeof *si + 2 * 64 * sizeof(WCHAR), WTSTEST_MEM_NETAPI, 1);
    si->sv101_platform_id = T_PLATFORM_ID_NT;
    si->sv101_name = copy_name((LPWSTR)(si + 1), name);
    /* The major version is in the low 4 bits; the high ones may carry a
     * server type (MAJOR_VERSION_MASK). */
    si->sv101_version_major = major | 0x10;
    si->sv101_version_minor = minor;
    si->sv101_type = T_SV_TYPE_WORKSTATION | T_SV_TYPE_SERVER | T_SV_TYPE_SERVER_NT | T_SV_TYPE_TERMINALSERVER;
    si->sv101_comment = copy_name((LPWSTR)(si + 1) + 64, "");
    *bufptr = (LPBYTE)si;
    return answer("NetServerGetInfo", name, level, 0);
}

__declspec(dllexport) NET_API_STATUS WINAPI NetWkstaGetInfo(LPWSTR servername, DWORD level, LPBYTE *bufptr)
{
    char name[64];
    DWORD major, minor;
    NET_API_STATUS st = lookup("NetWkstaGetInfo", servername, level, 100, name, sizeof name, &major, &minor);
    T_WKSTA_INFO_100 *wi;
    if (st)
        return st;
    wi = wtstest_load()->alloc(sizeof *wi + 2 * 64 * sizeof(WCHAR), WTSTEST_MEM_NETAPI, 1);
    wi->wki100_platform_id = T_PLATFORM_ID_NT;
    wi->wki100_computername = copy_name((LPWSTR)(wi + 1), name);
    wi->wki100_langroup = copy_name((LPWSTR)(wi + 1) + 64, "FABRIKAM");
    wi->wki100_ver_major = major;
    wi->wki100_ver_minor = minor;
    *bufptr = (LPBYTE)wi;
    return answer("NetWkstaGetInfo", name, level, 0);
}

__declspec(dllexport) NET_API_STATUS WINAPI NetApiBufferFree(LPVOID buffer)
{
    return wtstest_load()->free("NetApiBufferFree", buffer, WTSTEST_MEM_NETAPI) ? 0 : ERROR_INVALID_PARAMETER;
}

__declspec(dllexport) NET_API_STATUS WINAPI NetUserGetInfo(LPCWSTR s, LPCWSTR u, DWORD l, LPBYTE *b)
{
    (void)s, (void)u, (void)l, (void)b;
    return ERROR_NOT_SUPPORTED;
}

__declspec(dllexport) NET_API_STATUS WINAPI NetUserGetLocalGroups(LPCWSTR s, LPCWSTR u, DWORD l, DWORD f, LPBYTE *b,
                                                                  DWORD m, LPDWORD r, LPDWORD t)
{
    (void)s, (void)u, (void)l, (void)f, (void)b, (void)m, (void)r, (void)t;
    return ERROR_NOT_SUPPORTED;
}

__declspec(dllexport) NET_API_STATUS WINAPI NetGetJoinInformation(LPCWSTR s, LPWSTR *n, DWORD *t)
{
    (void)s, (void)n, (void)t;
    return ERROR_NOT_SUPPORTED;
}
