package session

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
)

// target is a host as the Service resolved it.
type target struct {
	// host is the backend's argument: "" for the local machine.
	host string
	// report is the name results and errors carry: the name as the caller
	// gave it, or for the local machine its own name, which costs the
	// backend's Info and is filled in only where it is needed (see named).
	report string
	// key is equal for every name of one host.
	key string
}

// named returns t with its report name filled in.
func (s *Service) named(ctx context.Context, t target) target {
	if t.host == "" && t.report == "" {
		info, _ := s.Info(ctx)
		t.report = info.ComputerName
	}
	return t
}

const localKey = "\x00local"

// resolve tells which host name means. Every name of the local machine
// (".", "localhost", its NetBIOS, DNS and fully qualified names, a
// loopback address, one of its own addresses) is the local machine, so
// the policy that protects the caller's own session holds whatever the
// caller calls it. Two names of one remote host get the same key when the
// backend can tell (HostIdentifier); otherwise names are compared without
// regard to case.
func (s *Service) resolve(ctx context.Context, name string) target {
	local := func() target { return target{key: localKey} }
	trimmed := strings.TrimSuffix(strings.TrimSpace(name), ".")
	if localAlias(trimmed) {
		return local()
	}
	if addr, err := netip.ParseAddr(strings.Trim(trimmed, "[]")); err == nil && addr.Unmap().IsLoopback() {
		return local()
	}
	if info, _ := s.Info(ctx); info.ComputerName != "" && strings.EqualFold(trimmed, info.ComputerName) {
		return local()
	}
	key := "name:" + strings.ToLower(trimmed)
	if hi, ok := s.Backend.(HostIdentifier); ok {
		isLocal, k := hi.IdentifyHost(ctx, trimmed)
		if isLocal {
			return local()
		}
		if k != "" {
			key = k
		}
	}
	name = strings.TrimSpace(name)
	return target{host: name, report: name, key: key}
}

// localAlias reports whether name always means the local machine.
func localAlias(name string) bool {
	return name == "" || name == "." || strings.EqualFold(name, "localhost") ||
		strings.EqualFold(name, "localhost.localdomain")
}

// checkNames rejects a computer name that is empty or only spaces: it
// would otherwise be taken for the local host.
func checkNames(op string, names []string) error {
	for i, n := range names {
		if strings.TrimSpace(n) == "" {
			return invalid(op, "computerNames", fmt.Sprintf("computerNames[%d] is empty", i))
		}
	}
	return nil
}

// Host is a host as Resolve groups names: the first name given for it,
// every name given that means it, and whether it is the local machine.
type Host struct {
	ComputerName string
	Names        []string
	Local        bool
}

// Resolve groups names by the host they mean, in the order of their first
// name, as List would ask them: a client that asks host by host asks each
// once. An empty list or an empty name is ErrInvalid.
func (s *Service) Resolve(ctx context.Context, names []string) ([]Host, error) {
	if len(names) == 0 {
		return nil, invalid("resolve", "computerNames", "computerNames is empty")
	}
	if err := checkNames("resolve", names); err != nil {
		return nil, err
	}
	resolved := s.resolveAll(ctx, names)
	var out []Host
	index := map[string]int{}
	for i, t := range resolved {
		if j, ok := index[t.key]; ok {
			out[j].Names = append(out[j].Names, names[i])
			continue
		}
		index[t.key] = len(out)
		out = append(out, Host{ComputerName: names[i], Names: []string{names[i]}, Local: t.host == ""})
	}
	return out, nil
}

// targets resolves names (none means the local host) and keeps the first
// name of each host. Names that need the backend to resolve them are
// resolved at once, at most s.parallel() at a time.
func (s *Service) targets(ctx context.Context, names []string) []target {
	if len(names) == 0 {
		return []target{s.resolve(ctx, "")}
	}
	resolved := s.resolveAll(ctx, names)
	seen := make(map[string]bool, len(resolved))
	out := resolved[:0]
	for _, t := range resolved {
		if !seen[t.key] {
			seen[t.key] = true
			out = append(out, t)
		}
	}
	return out
}

// resolveAll resolves every name, at most s.parallel() at a time.
func (s *Service) resolveAll(ctx context.Context, names []string) []target {
	resolved := make([]target, len(names))
	sem := make(chan struct{}, s.parallel())
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			resolved[i] = s.resolve(ctx, n)
		}()
	}
	wg.Wait()
	return resolved
}

// BackendName is the backend's name on the wire: "wts", "utmp" or
// "simulate".
func (s *Service) BackendName() string { return s.Backend.Name() }

// LocalNames returns name, the local host's name, and every other name
// and address the backend knows for it (LocalNamer), each once. The
// backend is asked once; the first answer may wait on the resolver, the
// later ones come from memory.
func (s *Service) LocalNames(ctx context.Context, name string) []string {
	names := []string{}
	if name != "" {
		names = append(names, name)
	}
	ln, ok := s.Backend.(LocalNamer)
	if !ok {
		return names
	}
	known := s.localNames.Load()
	if known == nil {
		asked := ln.LocalNames(ctx)
		known = &asked
		s.localNames.Store(known)
	}
	for _, n := range *known {
		if !slices.ContainsFunc(names, func(o string) bool { return strings.EqualFold(o, n) }) {
			names = append(names, n)
		}
	}
	return names
}

// LocalNamesKnown reports whether LocalNames answers from memory, without
// asking the backend.
func (s *Service) LocalNamesKnown() bool {
	_, ok := s.Backend.(LocalNamer)
	return !ok || s.localNames.Load() != nil
}
