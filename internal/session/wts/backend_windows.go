//go:build windows

package wts

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sys/windows"

	"github.com/usersession/usersession/internal/session"
)

// Backend reaches sessions through the WTS API, on the local machine and on
// remote hosts. It holds no lock around the API's calls: calls to several
// hosts run side by side. A call that blocks (an unresponsive host) blocks
// its caller; the Service above every backend bounds each call in time,
// leaves a call that overstays to finish alone, and sends no further call
// to that host while it runs.
type Backend struct {
	versionOnce sync.Once
	version     Version
	nameOnce    sync.Once
	name        string
	namesOnce   sync.Once
	names       *session.NetNames

	versions hostVersions // of remote hosts, for the helper's life
	accounts accountSIDs  // the SIDs of session users, by host
}

// New returns the WTS backend.
func New() *Backend { return &Backend{} }

var (
	_ session.Backend        = (*Backend)(nil)
	_ session.HostIdentifier = (*Backend)(nil)
	_ session.LocalNamer     = (*Backend)(nil)
	_ session.Watcher        = (*Backend)(nil)
)

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

// computerNameFormats are the names GetComputerNameExW gives the local
// machine: NetBIOS, DNS host name and fully qualified DNS name, each as
// configured and as the physical machine has it (they differ on a cluster
// node, whose virtual server has names of its own).
var computerNameFormats = []uint32{
	windows.ComputerNameNetBIOS,
	windows.ComputerNameDnsHostname,
	windows.ComputerNameDnsFullyQualified,
	windows.ComputerNamePhysicalNetBIOS,
	windows.ComputerNamePhysicalDnsHostname,
	windows.ComputerNamePhysicalDnsFullyQualified,
}

// localComputerNames returns every name GetComputerNameExW knows for the
// local machine.
func localComputerNames() []string {
	var names []string
	for _, format := range computerNameFormats {
		n := uint32(64)
		for {
			buf := make([]uint16, n)
			err := windows.GetComputerNameEx(format, &buf[0], &n)
			if err == windows.ERROR_MORE_DATA && n > uint32(len(buf)) {
				continue
			}
			if err == nil && n > 0 {
				names = append(names, windows.UTF16ToString(buf[:n]))
			}
			break
		}
	}
	return names
}

// netNames knows the local machine's names (GetComputerNameExW) and
// addresses (its interfaces').
func (b *Backend) netNames() *session.NetNames {
	b.namesOnce.Do(func() {
		b.names = &session.NetNames{Names: localComputerNames}
	})
	return b.names
}

// LocalNames returns the local machine's names and addresses.
func (b *Backend) LocalNames(ctx context.Context) []string { return b.netNames().LocalNames(ctx) }

// IdentifyHost tells which names are the local machine (see
// session.NetNames), so that the safety policy, isCurrent, isConsole and
// locked hold whatever the caller calls it.
func (b *Backend) IdentifyHost(ctx context.Context, name string) (bool, string) {
	return b.netNames().IdentifyHost(ctx, name)
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
// machine's (WTS_CURRENT_SERVER_HANDLE) or a remote one opened with
// WTSOpenServerW. WTSOpenServerExW is not used: Microsoft's page describes
// what it adds only for an RD Virtualization Host (the sessions of its
// virtual machines, which are not the host's), and WTSWaitSystemEvent's
// page names WTSOpenServer's handle and the local one only.
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
	h, err := wtsOpenServer(name)
	if err != nil {
		e := wrap(fmt.Errorf("WTSOpenServerW: %w", err), op, host, nil).(*session.Error)
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

// onServer opens host, runs fn on it and closes it. It returns when fn
// does: a WTS call that blocks blocks it (the Service bounds the call and
// leaves it to finish alone, which keeps it counted as stuck).
func onServer[T any](op, host string, fn func(*server) (T, error)) (T, error) {
	srv, err := openServer(op, host)
	if err != nil {
		var zero T
		return zero, err
	}
	defer srv.close()
	return fn(srv)
}
