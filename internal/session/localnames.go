package session

import (
	"context"
	"slices"
	"strings"
)

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
