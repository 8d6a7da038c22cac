//go:build generate

package wts

// mkwinsyscall is imported here, in a file no build includes, so that
// go mod vendor keeps it in vendor/ and go generate runs without a network.
import _ "golang.org/x/sys/windows/mkwinsyscall"

//go:generate go run golang.org/x/sys/windows/mkwinsyscall -output zsyscall_windows.go syscall_windows.go power_windows.go
