//go:build windows

package wts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/usersession/usersession/internal/session"
)

// Sessions lists every session of host: one WTSEnumerateSessionsExW, then
// for each session WTSSessionInfoEx (state, names, times, lock flags),
// WTSClientInfo (every client field), WTSClientAddress for a session with
// a client, and WTSClientProtocolType. Sessions that run in the virtual
// machines of an RD Virtualization Host are not the host's, and their ids
// can equal those of its own: the handle of WTSOpenServerW (or the local
// one) does not list them, and, as a second guard, an entry that names a
// virtual machine (pHostName of WTS_SESSION_INFO_1W) is left out.
// A query that fails leaves its fields unknown, except one that says the
// host cannot be reached, which ends the listing with no further call to
// the host.
func (b *Backend) Sessions(ctx context.Context, host string) ([]session.Session, error) {
	return onServer("list", host, func(srv *server) ([]session.Session, error) {
		raws, err := srv.enumerate()
		if err != nil {
			return nil, wrap(err, "list", host, nil)
		}
		facts := b.facts(host)
		sids := b.accounts.lookup(host)
		listed := make([]*rawSession, 0, len(raws))
		for i := range raws {
			r := &raws[i]
			if r.HostName != "" {
				continue
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if err := srv.details(r, facts.Version, false); err != nil && !gone(err) {
				return nil, wrap(err, "list", host, nil)
			}
			// A session answered 7022 (or 7001) ended since the
			// enumeration, or may not be queried by the caller (MS-TSTS
			// 3.7.4.1.10): it is listed as the enumeration gave it, every
			// other field unknown.
			r.SID = sids.sid(session.Account(r.Domain, r.UserName))
			listed = append(listed, r)
		}
		srv.shellSIDs(listed, anySession)
		out := make([]session.Session, 0, len(listed))
		for _, r := range listed {
			out = append(out, r.toSession(facts))
		}
		return out, nil
	})
}

// Session looks up session id of host alone, with the queries Sessions
// makes for each session: a logoff's safety check costs three or four
// calls (and the session's processes when its SID is not found by name),
// not a listing of the host. Only the host's own sessions are found:
// WTSQuerySessionInformationW does not reach into virtual machines. The
// host's version, which the lock state needs, is asked after WTS has
// answered, so that a host that cannot be reached is asked nothing else.
func (b *Backend) Session(ctx context.Context, host string, id uint32) (session.Session, error) {
	return onServer("list", host, func(srv *server) (session.Session, error) {
		r := rawSession{ID: id}
		if err := srv.details(&r, b.knownVersion(host), true); err != nil {
			return session.Session{}, wrap(err, "list", host, &id)
		}
		facts := b.facts(host)
		r.SID = b.accounts.lookup(host).sid(session.Account(r.Domain, r.UserName))
		srv.shellSIDs([]*rawSession{&r}, id)
		return r.toSession(facts), nil
	})
}

// knownVersion is the version of host as far as it is known without
// asking: the local machine's, or a remote host's learnt before.
func (b *Backend) knownVersion(host string) Version {
	if host == "" {
		return b.localVersion()
	}
	return b.versions.cached(host)
}

// facts is what the backend knows of host: for the local machine its
// version, the helper's session, the console's and the helper's idle
// time; for a remote host its version, learnt once.
func (b *Backend) facts(host string) hostFacts {
	if host != "" {
		return hostFacts{ComputerName: host, Version: b.versions.of(host)}
	}
	h := hostFacts{
		ComputerName: b.computerName(),
		Local:        true,
		Version:      b.localVersion(),
		ConsoleID:    windows.WTSGetActiveConsoleSessionId(),
		Now:          time.Now(),
	}
	if id, err := currentSessionID(); err == nil {
		h.CurrentID = &id
	}
	h.OwnIdle = ownIdle()
	return h
}

// ownIdle is how long the helper's own session has had no input, from
// GetLastInputInfo, which reports the calling session only; nil when it
// fails (a session without a desktop, a service).
func ownIdle() *time.Duration {
	info := lastInputInfo{CBSize: uint32(unsafe.Sizeof(lastInputInfo{}))}
	if err := getLastInputInfo(&info); err != nil {
		return nil
	}
	// Both are GetTickCount values: the difference is right across the
	// counter's wrap every 49.7 days.
	idle := time.Duration(getTickCount()-info.Time) * time.Millisecond
	return &idle
}

// enumerate lists the sessions with WTSEnumerateSessionsExW at level 1, and
// with WTSEnumerateSessionsW where that fails for another reason than an
// unreachable host.
func (s *server) enumerate() ([]rawSession, error) {
	raws, err := s.enumerateEx()
	if err == nil {
		return raws, nil
	}
	if terminal(err) {
		return nil, err
	}
	return s.enumerateBasic()
}

// enumerateEx reads WTS_SESSION_INFO_1W. Its page documents pHostName as
// the virtual machine of an RD Virtualization Host's session (NULL for
// the host's own) and the user and domain as the session's; a NULL and an
// empty string are both read as "" (unsettled: which one Windows gives a
// session without a user; diagnose prints them apart).
func (s *server) enumerateEx() ([]rawSession, error) {
	level := uint32(1)
	var p *sessionInfo1
	var n uint32
	err := wtsEnumerateSessionsEx(s.handle, &level, 0, &p, &n)
	if p != nil {
		defer wtsFreeMemoryEx(typeSessionInfoLevel1, uintptr(unsafe.Pointer(p)), n)
	}
	if err != nil {
		return nil, fmt.Errorf("WTSEnumerateSessionsExW: %w", err)
	}
	raws := make([]rawSession, 0, n)
	for _, si := range unsafe.Slice(p, n) {
		raws = append(raws, rawSession{
			ID:          si.SessionID,
			State:       si.State,
			SessionName: windows.UTF16PtrToString(si.SessionName),
			HostName:    windows.UTF16PtrToString(si.HostName),
			UserName:    windows.UTF16PtrToString(si.UserName),
			Domain:      windows.UTF16PtrToString(si.DomainName),
		})
	}
	return raws, nil
}

func (s *server) enumerateBasic() ([]rawSession, error) {
	var p *windows.WTS_SESSION_INFO
	var n uint32
	err := windows.WTSEnumerateSessions(s.handle, 0, 1, &p, &n)
	if p != nil {
		defer windows.WTSFreeMemory(uintptr(unsafe.Pointer(p)))
	}
	if err != nil {
		return nil, fmt.Errorf("WTSEnumerateSessionsW: %w", err)
	}
	raws := make([]rawSession, 0, n)
	for _, si := range unsafe.Slice(p, n) {
		raws = append(raws, rawSession{
			ID:          si.SessionID,
			State:       si.State,
			SessionName: windows.UTF16PtrToString(si.WindowStationName),
		})
	}
	return raws, nil
}

// query asks WTSQuerySessionInformationW for one information class and
// hands the buffer to read before freeing it with WTSFreeMemory.
func (s *server) query(id, class uint32, read func(p unsafe.Pointer, n uint32)) error {
	var p unsafe.Pointer
	var n uint32
	err := wtsQuerySessionInformation(s.handle, id, class, &p, &n)
	if p != nil {
		defer windows.WTSFreeMemory(uintptr(p))
	}
	if err != nil {
		return fmt.Errorf("WTSQuerySessionInformationW(%d): %w", class, err)
	}
	if p != nil {
		read(p, n)
	}
	return nil
}

// details fills r with what WTSQuerySessionInformationW tells about the
// session, in three calls, four for a session with a client:
// WTSSessionInfoEx (WTSSessionInfo on hosts older than Windows 7 and
// Server 2008 R2, which lack it, or that refuse it), WTSClientInfo,
// WTSClientAddress when WTSClientInfo names a client (see address.go), and
// WTSClientProtocolType. A failure that ends the
// request (an unreachable host, a timeout) or says the session is gone is
// returned at once. Any other failure leaves its fields unknown, except,
// when one session is looked up alone (single), that of the session's
// state and user, without which it cannot be judged.
func (s *server) details(r *rawSession, v Version, single bool) error {
	if err := s.info(r, v); err != nil {
		if single || final(err) {
			return err
		}
	}
	if single {
		if r.Times == nil {
			return errors.New("WTSQuerySessionInformationW: the session's information could not be read")
		}
		if err := s.fullNames(r); err != nil {
			return err
		}
	}
	err := s.query(r.ID, infoClientInfo, func(p unsafe.Pointer, n uint32) {
		if uintptr(n) >= unsafe.Sizeof(wtsClient{}) {
			c := clientFrom((*wtsClient)(p))
			r.Client = &c
		}
	})
	if err != nil && terminal(err) {
		return err
	}
	if r.Client != nil && r.Client.hasClient() {
		err = s.query(r.ID, infoClientAddress, func(p unsafe.Pointer, n uint32) {
			if uintptr(n) >= unsafe.Sizeof(clientAddressRaw{}) {
				a := *(*clientAddressRaw)(p)
				r.Address = &a
			}
		})
		if err != nil && terminal(err) {
			return err
		}
	}
	err = s.query(r.ID, infoClientProtocolType, func(p unsafe.Pointer, n uint32) {
		if n >= 2 {
			t := *(*uint16)(p)
			r.Protocol = &t
		}
	})
	if err != nil && terminal(err) {
		return err
	}
	return nil
}

// fullNames replaces the user and domain names of WTSINFOEX (20 and 17
// characters at most) with whole ones when they fill their fields and so
// may have been cut. Windows account names fit (a user name has at most
// 20 characters, a NetBIOS domain 15), so this costs a call only for
// names that do not follow those rules.
func (s *server) fullNames(r *rawSession) error {
	for _, f := range []struct {
		class uint32
		name  *string
		limit int
	}{{infoUserName, &r.UserName, userNameLength}, {infoDomainName, &r.Domain, domainLength}} {
		if len(utf16.Encode([]rune(*f.name))) < f.limit {
			continue
		}
		err := s.query(r.ID, f.class, func(p unsafe.Pointer, _ uint32) {
			*f.name = windows.UTF16PtrToString((*uint16)(p))
		})
		if err != nil && terminal(err) {
			return err
		}
	}
	return nil
}

// hostVersions remembers the Windows version of each remote host for the
// helper's life: it decides how the host's lock flags read.
type hostVersions struct {
	mu sync.Mutex
	m  map[string]Version // by lower-case host name; zero: asked, not told
}

// cached returns the version of host if it was learnt, else the zero
// Version.
func (hv *hostVersions) cached(host string) Version {
	hv.mu.Lock()
	defer hv.mu.Unlock()
	return hv.m[strings.ToLower(host)]
}

// of returns the version of host, asking it the first time. An answer
// that the host could not be reached is not remembered, so the next
// request asks again.
func (hv *hostVersions) of(host string) Version {
	key := strings.ToLower(host)
	hv.mu.Lock()
	v, ok := hv.m[key]
	hv.mu.Unlock()
	if ok {
		return v
	}
	v, err := askVersion(host)
	if err != nil && terminal(err) {
		return Version{}
	}
	hv.mu.Lock()
	if hv.m == nil {
		hv.m = make(map[string]Version)
	}
	hv.m[key] = v
	hv.mu.Unlock()
	return v
}

// MAJOR_VERSION_MASK of lmserver.h: the high bits of sv101_version_major
// carry a server type (the page of SERVER_INFO_101 says to mask them).
const majorVersionMask = 0x0F

// askVersion asks host its Windows version over SMB, as Windows Explorer
// does: NetServerGetInfo at level 101 (which also tells whether it is a
// terminal server), and NetWkstaGetInfo at level 100 where that is
// refused. Neither needs administrative rights (their pages: level 101 and
// 100 are open to any authenticated user). Unsettled: a host may report a
// compatibility version here (the pages say nothing of it); diagnose
// prints it next to what the host's sessions show.
func askVersion(host string) (Version, error) {
	name, err := windows.UTF16PtrFromString(host)
	if err != nil {
		return Version{}, err
	}
	var buf *byte
	err = netServerGetInfo(name, 101, &buf)
	if err == nil {
		si := (*serverInfo101)(unsafe.Pointer(buf))
		v := Version{Major: si.VersionMajor & majorVersionMask, Minor: si.VersionMinor}
		_ = windows.NetApiBufferFree(buf)
		return v, nil
	}
	if terminal(err) {
		return Version{}, fmt.Errorf("NetServerGetInfo: %w", err)
	}
	buf = nil
	if err := netWkstaGetInfo(name, 100, &buf); err != nil {
		return Version{}, fmt.Errorf("NetWkstaGetInfo: %w", err)
	}
	wi := (*wkstaInfo100)(unsafe.Pointer(buf))
	v := Version{Major: wi.VersionMajor, Minor: wi.VersionMinor}
	_ = windows.NetApiBufferFree(buf)
	return v, nil
}
