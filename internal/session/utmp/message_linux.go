package utmp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/usersession/usersession/internal/session"
)

// Message writes m to the session's terminal as write(1) does (see
// FormatMessage) and answers "async": a terminal has no buttons and no
// way to answer, so only the "ok" button set is supported. Without root
// the terminal must be writable by the helper and the user must not have
// turned messages off (mesg n); root writes regardless, like write(1).
func (b *Backend) Message(ctx context.Context, host string, id uint32, m session.Message) (session.Response, error) {
	if host != "" {
		return "", b.remote("message", host)
	}
	if m.Buttons != "" && m.Buttons != session.ButtonsOK {
		return "", &session.Error{Kind: session.ErrNotSupported, Op: "message", Backend: b.Name(),
			Reason: fmt.Sprintf("buttons %q", m.Buttons),
			Hint:   `a terminal message cannot ask a question; use buttons "ok"`}
	}
	e, _, err := b.find("message", id)
	if err != nil {
		return "", err
	}
	path := DevicePath(e.rec.Line)
	if path == "" {
		return "", &session.Error{Kind: session.ErrNotSupported, Op: "message", Backend: b.Name(),
			Reason: fmt.Sprintf("the session's line %q is not a terminal", e.rec.Line)}
	}
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_NOCTTY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return "", writeErr(id, path, err)
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return "", fmt.Errorf("message: stat %s: %w", path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFCHR {
		return "", &session.Error{Kind: session.ErrNotSupported, Op: "message", Backend: b.Name(),
			Reason: path + " is not a terminal"}
	}
	if os.Geteuid() != 0 && st.Mode&unix.S_IWGRP == 0 {
		return "", &session.Error{Kind: session.ErrAccessDenied, Op: "message", SessionID: session.IDPtr(id),
			Reason: "the user has turned messages off (mesg n)", Hint: "root writes regardless: " + hintRoot,
			Err: unix.EACCES}
	}
	name, _ := os.Hostname()
	text := FormatMessage(userName(uint32(os.Geteuid())), name, ownTTY(), time.Now(), m.Title, m.Text)
	if err := writeAll(ctx, fd, []byte(text)); err != nil {
		return "", writeErr(id, path, err)
	}
	return session.ResponseAsync, nil
}

// writeAll writes b to the non-blocking fd, waiting while the terminal's
// buffer is full, for at most two seconds.
func writeAll(ctx context.Context, fd int, b []byte) error {
	deadline := time.Now().Add(2 * time.Second)
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if n > 0 {
			b = b[n:]
		}
		switch {
		case err == nil, errors.Is(err, unix.EINTR):
		case errors.Is(err, unix.EAGAIN):
			if time.Now().After(deadline) {
				return err
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(20 * time.Millisecond):
			}
		default:
			return err
		}
	}
	return nil
}

// writeErr maps a failure to open or write a terminal.
func writeErr(id uint32, path string, err error) error {
	if errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM) {
		return &session.Error{Kind: session.ErrAccessDenied, Op: "message", SessionID: session.IDPtr(id),
			Reason: "cannot write to " + path, Hint: hintRoot, Err: errno(err)}
	}
	return fmt.Errorf("message: %s: %w", path, err)
}

// ownTTY names the helper's terminal for the message header: the first of
// its standard descriptors that is a terminal, without "/dev/", or
// "(no tty)".
func ownTTY() string {
	for fd := range 3 {
		p, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd))
		if err != nil {
			continue
		}
		if rest, ok := strings.CutPrefix(p, "/dev/"); ok && (strings.HasPrefix(rest, "pts/") || strings.HasPrefix(rest, "tty")) {
			return rest
		}
	}
	return "(no tty)"
}
