package session

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"
)

// NetNames tells hosts apart by their names and network addresses, for
// the backends of real machines: a name is the local machine when it is
// one of the machine's own names, a loopback address, one of the
// machine's own addresses, or a DNS name that resolves to one of those;
// two names are one remote host when they resolve to the same addresses.
// Lookups are bounded and remembered for a minute.
type NetNames struct {
	// Names returns the machine's own names (NetBIOS, DNS host name,
	// fully qualified name); it is called once.
	Names func() []string
	// Addrs returns the machine's own addresses; nil means those of its
	// network interfaces. It is called once.
	Addrs func() []netip.Addr
	// Lookup resolves a name; nil means net.DefaultResolver.LookupNetIP.
	Lookup func(ctx context.Context, name string) ([]netip.Addr, error)
	// Timeout bounds one lookup; 0 means 2 s.
	Timeout time.Duration

	once  sync.Once
	names []string
	addrs []netip.Addr

	mu    sync.Mutex
	cache map[string]lookup
}

type lookup struct {
	addrs []netip.Addr
	at    time.Time
}

const lookupTTL = time.Minute

func (n *NetNames) init() {
	n.once.Do(func() {
		if n.Names != nil {
			for _, name := range n.Names() {
				name = strings.TrimSuffix(strings.TrimSpace(name), ".")
				if name != "" && !slices.ContainsFunc(n.names, func(o string) bool { return strings.EqualFold(o, name) }) {
					n.names = append(n.names, name)
				}
			}
		}
		if n.Addrs != nil {
			n.addrs = n.Addrs()
		} else {
			n.addrs = InterfaceAddrs()
		}
	})
}

// InterfaceAddrs returns the addresses of the machine's network
// interfaces, loopback included.
func InterfaceAddrs() []netip.Addr {
	ifAddrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []netip.Addr
	for _, a := range ifAddrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil {
			out = append(out, p.Addr().Unmap().WithZone(""))
		} else if ip, err := netip.ParseAddr(a.String()); err == nil {
			out = append(out, ip.Unmap().WithZone(""))
		}
	}
	return out
}

// LocalNames returns the machine's own names and addresses.
func (n *NetNames) LocalNames(context.Context) []string {
	n.init()
	out := slices.Clone(n.names)
	for _, a := range n.addrs {
		out = append(out, a.String())
	}
	return out
}

// own reports whether a is loopback or one of the machine's addresses.
func (n *NetNames) own(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	return a.IsLoopback() || slices.Contains(n.addrs, a)
}

// IdentifyHost implements HostIdentifier.
func (n *NetNames) IdentifyHost(ctx context.Context, name string) (bool, string) {
	n.init()
	name = strings.TrimSuffix(strings.TrimSpace(name), ".")
	for _, own := range n.names {
		if strings.EqualFold(own, name) {
			return true, ""
		}
	}
	if a, err := netip.ParseAddr(strings.Trim(name, "[]")); err == nil {
		a = a.Unmap().WithZone("")
		return n.own(a), "addr:" + a.String()
	}
	addrs := n.resolve(ctx, name)
	if len(addrs) == 0 {
		return false, ""
	}
	keys := make([]string, 0, len(addrs))
	for _, a := range addrs {
		if n.own(a) {
			return true, ""
		}
		keys = append(keys, a.String())
	}
	slices.Sort(keys)
	return false, "addr:" + strings.Join(slices.Compact(keys), ",")
}

// resolve looks name up, from the cache when it is fresh; nil when it
// does not resolve.
func (n *NetNames) resolve(ctx context.Context, name string) []netip.Addr {
	key := strings.ToLower(name)
	n.mu.Lock()
	if c, ok := n.cache[key]; ok && time.Since(c.at) < lookupTTL {
		n.mu.Unlock()
		return c.addrs
	}
	n.mu.Unlock()
	timeout := n.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	lctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	look := n.Lookup
	if look == nil {
		look = func(ctx context.Context, name string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", name)
		}
	}
	addrs, err := look(lctx, name)
	if err != nil {
		addrs = nil
	}
	for i := range addrs {
		addrs[i] = addrs[i].Unmap().WithZone("")
	}
	n.mu.Lock()
	if n.cache == nil {
		n.cache = make(map[string]lookup)
	}
	n.cache[key] = lookup{addrs: addrs, at: time.Now()}
	n.mu.Unlock()
	return addrs
}
