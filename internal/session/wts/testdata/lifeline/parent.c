/*
 * parent.exe HELPER ARGS...: stands in for the PowerShell that starts the
 * helper. It starts "HELPER ARGS... --parent-pid <its own id>" with its
 * own standard handles, writes the child's process id on a line of its
 * standard output, and sleeps until it is killed.
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
    wchar_t cmd[4096];
    size_t n = 0;
    int i;
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    if (argc < 2) {
        fwprintf(stderr, L"usage: parent.exe HELPER ARGS...\n");
        return 2;
    }
    for (i = 1; i < argc; i++)
        n += swprintf(cmd + n, 4096 - n, L"%ls\"%ls\"", i > 1 ? L" " : L"", argv[i]);
    swprintf(cmd + n, 4096 - n, L" --parent-pid %lu", GetCurrentProcessId());
    ZeroMemory(&si, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!CreateProcessW(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        fwprintf(stderr, L"CreateProcess %ls: %lu\n", cmd, GetLastError());
        return 1;
    }
    printf("%lu\n", pi.dwProcessId);
    fflush(stdout);
    Sleep(INFINITE);
    return 0;
}
