package utmp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// ReadFile reads the utmp file at path in this machine's layout and byte
// order. It takes a shared lock as glibc's readers do, so a record is not
// read while a writer holds the file; when the lock is not granted within
// a second the file is read anyway. A missing file is an error that
// errors.Is(err, fs.ErrNotExist).
func ReadFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	unlock := lockShared(f)
	defer unlock()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return Parse(data, NativeLayout, binary.NativeEndian)
}

// lockShared takes a read lock on all of f, an open file description lock
// when the kernel has them (they conflict with the classic POSIX locks of
// glibc's writers), and returns the function that releases it. It gives
// up after about a second and returns a function that does nothing.
func lockShared(f *os.File) func() {
	fd := int(f.Fd())
	lk := unix.Flock_t{Type: unix.F_RDLCK, Whence: io.SeekStart}
	cmd := unix.F_OFD_SETLK
	deadline := time.Now().Add(time.Second)
	for {
		err := unix.FcntlFlock(uintptr(fd), cmd, &lk)
		if err == nil {
			return func() {
				un := unix.Flock_t{Type: unix.F_UNLCK, Whence: io.SeekStart}
				_ = unix.FcntlFlock(uintptr(fd), cmd, &un)
			}
		}
		if errors.Is(err, unix.EINVAL) && cmd == unix.F_OFD_SETLK {
			cmd = unix.F_SETLK // a kernel before 3.15
			continue
		}
		if !errors.Is(err, unix.EAGAIN) && !errors.Is(err, unix.EACCES) || time.Now().After(deadline) {
			return func() {}
		}
		time.Sleep(10 * time.Millisecond)
	}
}
