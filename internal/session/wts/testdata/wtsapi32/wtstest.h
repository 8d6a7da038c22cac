/*
 * What the test DLLs share: the kinds of memory wtsapi32.dll accounts for,
 * and the functions it exports for its siblings (netapi32.dll, psapi.dll),
 * so that every call lands in one log, in order, under one configuration.
 */
#ifndef WTSTEST_H
#define WTSTEST_H

#include <windows.h>

enum {
    WTSTEST_MEM_PLAIN = 1,      /* WTSFreeMemory */
    WTSTEST_MEM_SESSIONS1 = 2,  /* WTSFreeMemoryExW(WTSTypeSessionInfoLevel1) */
    WTSTEST_MEM_PROCESSES1 = 3, /* WTSFreeMemoryExW(WTSTypeProcessInfoLevel1) */
    WTSTEST_MEM_NETAPI = 4      /* NetApiBufferFree */
};

typedef void (*wtstest_trace_fn)(const char *format, ...);
typedef DWORD (*wtstest_should_fail_fn)(const char *func, DWORD session, DWORD info_class);
typedef void (*wtstest_maybe_block_fn)(const char *func, DWORD session);
typedef void *(*wtstest_alloc_fn)(size_t size, int kind, DWORD count);
typedef BOOL (*wtstest_free_fn)(const char *func, void *p, int kind);
typedef int (*wtstest_host_fn)(const char *name, DWORD *major, DWORD *minor, int *slow);

/* wtstest is wtsapi32.dll's support for its siblings. */
typedef struct {
    wtstest_trace_fn trace;
    wtstest_should_fail_fn should_fail;
    wtstest_maybe_block_fn maybe_block;
    wtstest_alloc_fn alloc;
    wtstest_free_fn free;
    wtstest_host_fn host;
} wtstest;

/* wtstest_load finds the support in the test wtsapi32.dll, loading it when
 * the process has not yet. */
static inline wtstest *wtstest_load(void)
{
    static wtstest t;
    static int loaded;
    HMODULE m;
    if (loaded)
        return &t;
    m = GetModuleHandleA("wtsapi32.dll");
    if (!m)
        m = LoadLibraryA("wtsapi32.dll");
    t.trace = (wtstest_trace_fn)(void *)GetProcAddress(m, "wtstest_trace");
    t.should_fail = (wtstest_should_fail_fn)(void *)GetProcAddress(m, "wtstest_should_fail");
    t.maybe_block = (wtstest_maybe_block_fn)(void *)GetProcAddress(m, "wtstest_maybe_block");
    t.alloc = (wtstest_alloc_fn)(void *)GetProcAddress(m, "wtstest_alloc");
    t.free = (wtstest_free_fn)(void *)GetProcAddress(m, "wtstest_free");
    t.host = (wtstest_host_fn)(void *)GetProcAddress(m, "wtstest_host");
    loaded = 1;
    return &t;
}

#endif
