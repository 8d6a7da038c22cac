package rpc

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// outputGone returns a channel that is closed when w is the write end of a
// pipe whose read end has been closed, which is how a client that died
// shows itself even while no response is due; and a function that stops
// watching. The channel is nil (never ready) when w is not a pipe.
func outputGone(w io.Writer) (<-chan struct{}, func()) {
	f, ok := w.(*os.File)
	if !ok {
		return nil, func() {}
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, func() {}
	}
	// Watch a duplicate, so that the descriptor stays valid whatever the
	// caller does with f, without switching f to blocking mode.
	fd := -1
	_ = rc.Control(func(raw uintptr) {
		var st unix.Stat_t
		if unix.Fstat(int(raw), &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFIFO {
			fd, _ = unix.FcntlInt(raw, unix.F_DUPFD_CLOEXEC, 0)
		}
	})
	if fd < 0 {
		return nil, func() {}
	}
	var wake [2]int
	if err := unix.Pipe2(wake[:], unix.O_CLOEXEC); err != nil {
		unix.Close(fd)
		return nil, func() {}
	}
	gone := make(chan struct{})
	go func() {
		defer unix.Close(fd)
		defer unix.Close(wake[0])
		// No events asked for: poll reports POLLERR on the write end of a
		// pipe once it has no reader left, and the wake pipe's POLLIN (or
		// POLLHUP) when watching stops.
		fds := []unix.PollFd{{Fd: int32(fd)}, {Fd: int32(wake[0]), Events: unix.POLLIN}}
		for {
			_, err := unix.Poll(fds, -1)
			if err == unix.EINTR {
				continue
			}
			if err != nil || fds[1].Revents != 0 {
				return
			}
			if fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0 {
				close(gone)
				return
			}
		}
	}()
	return gone, func() { unix.Close(wake[1]) }
}

// outputQueued returns a function that reports how many bytes wait in w,
// the write end of a pipe, for its reader; nil when w is not a pipe.
func outputQueued(w io.Writer) func() (int, bool) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return nil
	}
	isPipe := false
	_ = rc.Control(func(fd uintptr) {
		var st unix.Stat_t
		isPipe = unix.Fstat(int(fd), &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFIFO
	})
	if !isPipe {
		return nil
	}
	return func() (int, bool) {
		n, ok := 0, false
		_ = rc.Control(func(fd uintptr) {
			v, err := unix.IoctlGetInt(int(fd), unix.TIOCINQ) // FIONREAD
			n, ok = v, err == nil
		})
		return n, ok
	}
}
