//go:build windows

package wts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/usersession/usersession/internal/session"
)

// Backend reaches sessions through the WTS API, on the local machine and on
// remote hosts. It holds no lock around the API's calls: calls to several
// hosts run side by side, and a call that blocks is abandoned (left to
// finish in the background) when its context ends.
type Backend struct {
	versionOnce sync.Once
	version     Version
	nameOnce    sync.Once
	name        string
}

// New returns the WTS backend.
func New() *Backend { return &Backend{} }

var _ session.Backend = (*Backend)(nil)

// Name returns "wts".
func (b *Backend) Name() string { return BackendName }

// localVersion is the Windows version of the local machine, as
// RtlGetVersion reports it whatever the executable's manifest says.
func (b *Backend) localVersion() Version {
	b.versionOnce.Do(func() {
		v := windows.RtlGetVersion()
		b.version = Version{Major: v.MajorVersion, Minor: v.MinorVersion}
	})
	return b.version
}

// computerName is the NetBIOS name of the local machine.
func (b *Backend) computerName() string {
	b.nameOnce.Do(func() {
		b.name, _ = windows.ComputerName()
	})
	return b.name
}

// Info describes the local machine: its name, whether the helper runs
// elevated, and the session it runs in.
func (b *Backend) Info(context.Context) (session.HostInfo, error) {
	info := session.HostInfo{
		ComputerName: b.computerName(),
		Elevated:     windows.GetCurrentProcessToken().IsElevated(),
		Capabilities: session.Capabilities{Remote: true, Disconnect: true, Message: true, Processes: true},
		ListenerIDs:  true,
	}
	if id, err := currentSessionID(); err == nil {
		info.CurrentSessionID = &id
	}
	return info, nil
}

// currentSessionID is the session the helper runs in.
func currentSessionID() (uint32, error) {
	var id uint32
	err := windows.ProcessIdToSessionId(windows.GetCurrentProcessId(), &id)
	return id, err
}

// server is an open connection to a host's Terminal Services: the local
// machine's (handle 0) or a remote one opened with WTSOpenServerExW.
type server struct {
	host   string
	handle windows.Handle
}

// openServer opens host, "" meaning the local machine. A remote open that
// fails at once is ErrUnreachable; most failures only show on the first
// use of the handle, which is mapped by wrap.
func openServer(op, host string) (*server, error) {
	if host == "" {
		return &server{handle: currentServerHandle}, nil
	}
	name, err := windows.UTF16PtrFromString(host)
	if err != nil {
		return nil, &session.Error{Kind: session.ErrUnreachable, Op: op, ComputerName: host,
			Err: fmt.Errorf("invalid computer name: %w", err)}
	}
	h, err := wtsOpenServerEx(name)
	if err != nil {
		e := wrap(fmt.Errorf("WTSOpenServerExW: %w", err), op, host, nil).(*session.Error)
		if e.Kind == nil {
			e.Kind = session.ErrUnreachable
		}
		return nil, e
	}
	return &server{host: host, handle: h}, nil
}

// close closes a remote handle; the local one needs no closing.
func (s *server) close() {
	if s.handle != currentServerHandle {
		_ = wtsCloseServer(s.handle)
	}
}

// withServer opens host, runs fn on it and closes it, in a goroutine of its
// own, so that a WTS call that blocks (an unresponsive remote host, a
// message box that waits) never blocks the caller past ctx: when ctx ends
// first, the call is left to finish and close the handle by itself.
func withServer[T any](ctx context.Context, op, host string, id *uint32, fn func(*server) (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		srv, err := openServer(op, host)
		if err != nil {
			r.err = err
		} else {
			r.v, r.err = fn(srv)
			srv.close()
		}
		done <- r
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		e := &session.Error{Op: op, ComputerName: host, SessionID: id, Err: ctx.Err()}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			e.Kind = session.ErrTimeout
		}
		return zero, e
	}
}

// Sessions lists every session of host with the details the WTS API gives.
func (b *Backend) Sessions(ctx context.Context, host string) ([]session.Session, error) {
	facts := hostFacts{ComputerName: host}
	if host == "" {
		facts.ComputerName = b.computerName()
		facts.Local = true
		facts.Version = b.localVersion()
		if id, err := currentSessionID(); err == nil {
			facts.CurrentID = &id
		}
		facts.ConsoleID = windows.WTSGetActiveConsoleSessionId()
	}
	return withServer(ctx, "list", host, nil, func(srv *server) ([]session.Session, error) {
		raws, err := srv.enumerate()
		if err != nil {
			return nil, wrap(err, "list", host, nil)
		}
		out := make([]session.Session, 0, len(raws))
		for _, r := range raws {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			srv.details(&r)
			out = append(out, r.toSession(facts))
		}
		return out, nil
	})
}

// Session returns session id of host as Sessions lists it.
func (b *Backend) Session(ctx context.Context, host string, id uint32) (session.Session, error) {
	ss, err := b.Sessions(ctx, host)
	if err != nil {
		return session.Session{}, err
	}
	return session.Find(ss, "list", host, id)
}

// enumerate lists the sessions with WTSEnumerateSessionsExW at level 1, and
// with WTSEnumerateSessionsW where that fails for another reason than an
// unreachable host.
func (s *server) enumerate() ([]rawSession, error) {
	raws, err := s.enumerateEx()
	if err == nil {
		return raws, nil
	}
	if code, ok := errorCode(err); ok {
		switch errorKinds[code].kind {
		case session.ErrUnreachable, session.ErrTimeout:
			return nil, err
		}
	}
	return s.enumerateBasic()
}

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
		return err
	}
	if p != nil {
		read(p, n)
	}
	return nil
}

// details fills r with what WTSQuerySessionInformationW tells about the
// session. A query that fails leaves its fields unknown: a session may end
// between the enumeration and the query, and some classes are missing on
// old versions.
func (s *server) details(r *rawSession) {
	_ = s.query(r.ID, infoSessionInfo, func(p unsafe.Pointer, n uint32) {
		if uintptr(n) >= unsafe.Sizeof(wtsInfo{}) {
			in := *(*wtsInfo)(p)
			r.Info = &in
		}
	})
	_ = s.query(r.ID, infoSessionInfoEx, func(p unsafe.Pointer, n uint32) {
		if uintptr(n) >= unsafe.Sizeof(wtsInfoEx{}) {
			ex := (*wtsInfoEx)(p)
			if ex.Level == 1 {
				flags := ex.Data.SessionFlags
				r.Flags = &flags
			}
		}
	})
	_ = s.query(r.ID, infoClientName, func(p unsafe.Pointer, n uint32) {
		r.ClientName = windows.UTF16PtrToString((*uint16)(p))
	})
	_ = s.query(r.ID, infoClientAddress, func(p unsafe.Pointer, n uint32) {
		if uintptr(n) >= unsafe.Sizeof(clientAddressRaw{}) {
			r.Address = *(*clientAddressRaw)(p)
		}
	})
	_ = s.query(r.ID, infoClientProtocolType, func(p unsafe.Pointer, n uint32) {
		if n >= 2 {
			t := *(*uint16)(p)
			r.Protocol = &t
		}
	})
}

// Logoff signs session id of host out with WTSLogoffSession. With wait the
// call returns when the sign-out has finished, and completed is true.
func (b *Backend) Logoff(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	return withServer(ctx, "logoff", host, &id, func(srv *server) (bool, error) {
		if err := wtsLogoffSession(srv.handle, id, wait); err != nil {
			return false, wrap(fmt.Errorf("WTSLogoffSession: %w", err), "logoff", host, &id)
		}
		return wait, nil
	})
}

// Disconnect detaches the client of session id of host with
// WTSDisconnectSession. With wait the call returns when the session is
// disconnected, and completed is true.
func (b *Backend) Disconnect(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	return withServer(ctx, "disconnect", host, &id, func(srv *server) (bool, error) {
		if err := wtsDisconnectSession(srv.handle, id, wait); err != nil {
			return false, wrap(fmt.Errorf("WTSDisconnectSession: %w", err), "disconnect", host, &id)
		}
		return wait, nil
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
	return withServer(ctx, "message", host, &id, func(srv *server) (session.Response, error) {
		var resp uint32
		err := wtsSendMessage(srv.handle, id, &title[0], titleLen, &text[0], textLen, style, timeout, &resp, m.Wait)
		if err != nil {
			return "", wrap(fmt.Errorf("WTSSendMessageW: %w", err), "message", host, &id)
		}
		return messageResponse(resp, m.Wait)
	})
}

// Processes lists the processes of every session of host with
// WTSEnumerateProcessesExW at level 1. The owner of each process is looked
// up by its SID on the host; a SID that does not resolve is reported as
// the user name in its string form.
func (b *Backend) Processes(ctx context.Context, host string) ([]session.Process, error) {
	computer := host
	if host == "" {
		computer = b.computerName()
	}
	return withServer(ctx, "processes", host, nil, func(srv *server) ([]session.Process, error) {
		level := uint32(1)
		var p *processInfoEx
		var n uint32
		err := wtsEnumerateProcessesEx(srv.handle, &level, anySession, &p, &n)
		if p != nil {
			defer wtsFreeMemoryEx(typeProcessInfoLevel1, uintptr(unsafe.Pointer(p)), n)
		}
		if err != nil {
			return nil, wrap(fmt.Errorf("WTSEnumerateProcessesExW: %w", err), "processes", host, nil)
		}
		names := &sidNames{host: host, cache: map[string][2]string{}}
		out := make([]session.Process, 0, n)
		for _, pi := range unsafe.Slice(p, n) {
			ws := uint64(pi.WorkingSetSize)
			cpu := cpuSeconds(pi.UserTime.value(), pi.KernelTime.value())
			threads, handles := pi.NumberOfThreads, pi.HandleCount
			proc := session.Process{
				ComputerName:    computer,
				SessionID:       pi.SessionID,
				ProcessID:       pi.ProcessID,
				Name:            windows.UTF16PtrToString(pi.ProcessName),
				WorkingSetBytes: &ws,
				CPUSeconds:      &cpu,
				ThreadCount:     &threads,
				HandleCount:     &handles,
			}
			if pi.UserSid != nil {
				proc.UserName, proc.Domain = names.lookup((*windows.SID)(pi.UserSid))
			}
			out = append(out, proc)
		}
		return out, nil
	})
}

// sidNames resolves the owners of processes on one host, asking the host
// once for each SID.
type sidNames struct {
	host  string
	cache map[string][2]string
	// down is set when the host stopped answering lookups: the remaining
	// SIDs are not asked for, so that a slow host costs one timeout, not
	// one for each process.
	down bool
}

// lookup returns the account and domain of sid. A SID that does not
// resolve is reported as the account, in its string form. A well-known SID
// (SYSTEM, LOCAL SERVICE, ...) that the remote host does not resolve is
// resolved locally: it names the same account everywhere.
func (n *sidNames) lookup(sid *windows.SID) (user, domain string) {
	if !sid.IsValid() {
		return "", ""
	}
	key := sid.String()
	if c, ok := n.cache[key]; ok {
		return c[0], c[1]
	}
	user, domain = key, ""
	var err error = windows.ERROR_NONE_MAPPED
	if !n.down {
		var u, d string
		u, d, _, err = sid.LookupAccount(n.host)
		if err == nil {
			user, domain = u, d
		} else if n.host != "" && !errors.Is(err, windows.ERROR_NONE_MAPPED) {
			n.down = true
		}
	}
	if err != nil && n.host != "" && !strings.HasPrefix(key, "S-1-5-21-") {
		if u, d, _, err := sid.LookupAccount(""); err == nil {
			user, domain = u, d
		}
	}
	n.cache[key] = [2]string{user, domain}
	return user, domain
}
