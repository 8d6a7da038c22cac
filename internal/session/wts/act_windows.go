//go:build windows

package wts

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unsafe"

	"github.com/usersession/usersession/internal/session"
)

// The polling of a sign-out that is waited for: the first look after
// firstPoll, each next one twice as late, at most maxPoll apart.
const (
	firstPoll = 100 * time.Millisecond
	maxPoll   = time.Second
)

// Logoff signs session id of host out with WTSLogoffSession. It never asks
// WTSLogoffSession to wait, which is known to block indefinitely: with
// wait it notes who is signed in, sends the sign-out, then looks at the
// session until signOutSeen sees the user gone from it and reports
// completed; when ctx ends first, it returns at once, not completed and
// without an error: the sign-out was sent, its end not seen. The session
// is read as the host's version known without asking (knownVersion)
// calls for.
func (b *Backend) Logoff(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	return onServer("logoff", host, func(srv *server) (bool, error) {
		var before *rawSession
		v := b.knownVersion(host)
		if wait {
			r := rawSession{ID: id}
			if err := srv.info(&r, v); err != nil {
				if final(err) {
					return false, wrap(err, "logoff", host, &id)
				}
				// Who is signed in is not known: only an empty session
				// will tell that the sign-out finished (signOutSeen).
			} else {
				before = &r
			}
		}
		if err := wtsLogoffSession(srv.handle, id, false); err != nil {
			return false, wrap(fmt.Errorf("WTSLogoffSession: %w", err), "logoff", host, &id)
		}
		if !wait {
			return false, nil
		}
		return srv.await(ctx, id, v, func(err error, now *rawSession) look {
			return signOutSeen(err, before, now)
		}), nil
	})
}

// Disconnect detaches the client of session id of host with
// WTSDisconnectSession. Like the logoff, it never asks the call to wait,
// which has the same risk of blocking (the documentation of
// WTSDisconnectSession gives bWait the same meaning as WTSLogoffSession's):
// with wait it sends the disconnect, then looks at the session until it
// reads Disconnected (disconnectSeen) and reports completed; when ctx ends
// first it returns not completed, without an error.
func (b *Backend) Disconnect(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	return onServer("disconnect", host, func(srv *server) (bool, error) {
		if err := wtsDisconnectSession(srv.handle, id, false); err != nil {
			return false, wrap(fmt.Errorf("WTSDisconnectSession: %w", err), "disconnect", host, &id)
		}
		if !wait {
			return false, nil
		}
		return srv.await(ctx, id, b.knownVersion(host), disconnectSeen), nil
	})
}

// await looks at session id of a host of version v, first after
// firstPoll, then twice as late each time up to maxPoll, until judge says
// the action is done (true) or will not be seen, or ctx ends (false).
func (s *server) await(ctx context.Context, id uint32, v Version, judge func(err error, now *rawSession) look) bool {
	delay := firstPoll
	timer := time.NewTimer(delay)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-timer.C:
		}
		now := rawSession{ID: id}
		switch judge(s.info(&now, v), &now) {
		case lookDone:
			return true
		case lookGiveUp:
			return false
		}
		if delay *= 2; delay > maxPoll {
			delay = maxPoll
		}
		timer.Reset(delay)
	}
}

// info fills r from WTSSessionInfoEx, or from WTSSessionInfo where that
// fails for another reason than an unreachable host, a session that is
// gone or one that is closing (and directly on hosts of version v older
// than 6.1).
func (s *server) info(r *rawSession, v Version) error {
	err := errors.New("WTSSessionInfoEx: not asked of a host older than 6.1")
	if v == (Version{}) || v.atLeast(6, 1) {
		err = s.query(r.ID, infoSessionInfoEx, func(p unsafe.Pointer, n uint32) {
			if uintptr(n) >= unsafe.Sizeof(wtsInfoEx{}) {
				if ex := (*wtsInfoEx)(p); ex.Level == 1 {
					r.fromInfoEx(&ex.Data)
				}
			}
		})
	}
	if err == nil || final(err) || closing(err) {
		return err
	}
	return s.query(r.ID, infoSessionInfo, func(p unsafe.Pointer, n uint32) {
		if uintptr(n) >= unsafe.Sizeof(wtsInfo{}) {
			r.fromInfo((*wtsInfo)(p))
		}
	})
}

// Message shows m in session id of host with WTSSendMessageW.
func (b *Backend) Message(ctx context.Context, host string, id uint32, m session.Message) (session.Response, error) {
	style, err := messageStyle(m.Buttons)
	if err != nil {
		return "", err
	}
	title, titleLen := messageText(messageTitle(m.Title))
	text, textLen := messageText(m.Text)
	timeout := uint32((m.Timeout + time.Second - 1) / time.Second)
	return onServer("message", host, func(srv *server) (session.Response, error) {
		var resp uint32
		err := wtsSendMessage(srv.handle, id, &title[0], titleLen, &text[0], textLen, style, timeout, &resp, m.Wait)
		if err != nil {
			return "", wrap(fmt.Errorf("WTSSendMessageW: %w", err), "message", host, &id)
		}
		return messageResponse(resp, m.Wait)
	})
}
