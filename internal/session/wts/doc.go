// Package wts is the Windows backend of usersession: it lists and acts on
// sessions through the Windows Terminal Services API (wtsapi32.dll), the
// API behind Task Manager's Users tab, which every edition of Windows has,
// Home included.
//
// The raw calls that golang.org/x/sys/windows lacks are //sys lines in
// syscall_windows.go, generated into zsyscall_windows.go by mkwinsyscall
// (go generate). The conversions from the API's structures to the domain
// types (FILETIME, states, client addresses, lock flags, message styles and
// responses, Win32 error codes) are in untagged files so that they are
// tested on every platform. The Backend itself is in backend_windows.go.
//
// The package is verified on Linux by running the real executable under
// Wine against a test wtsapi32.dll built from testdata/wtsapi32 (see
// wine_suite_test.go).
package wts
