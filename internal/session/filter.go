package session

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// filter is a compiled Query: the selections of session.list.
type filter struct {
	ids    []uint32
	users  []string // lower-cased patterns
	states []State
}

func newFilter(q Query) filter {
	f := filter{ids: q.IDs, states: q.States}
	for _, u := range q.UserNames {
		f.users = append(f.users, strings.ToLower(u))
	}
	return f
}

// empty reports whether the filter selects every session.
func (f filter) empty() bool { return len(f.ids) == 0 && len(f.users) == 0 && len(f.states) == 0 }

// match reports whether s passes every selection of the filter.
func (f filter) match(s *Session) bool {
	if len(f.ids) > 0 && !slices.Contains(f.ids, s.ID) {
		return false
	}
	if len(f.states) > 0 && !slices.Contains(f.states, s.State) {
		return false
	}
	if len(f.users) > 0 {
		user := strings.ToLower(s.UserName)
		qualified := strings.ToLower(s.Domain + `\` + s.UserName)
		ok := false
		for _, p := range f.users {
			if Match(p, user) || (s.Domain != "" && Match(p, qualified)) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Match reports whether name matches pattern, where * matches any run of
// characters and ? exactly one. Nothing else is special: a backslash is a
// plain character, as in DOMAIN\user. Match compares as given; callers fold
// case first.
func Match(pattern, name string) bool {
	// Iterative wildcard matching with one backtrack point, linear in
	// practice and never exponential.
	p, n := 0, 0
	starP, starN := -1, 0
	for n < len(name) {
		if p < len(pattern) {
			switch pattern[p] {
			case '*':
				starP, starN = p, n
				p++
				continue
			case '?':
				_, size := utf8.DecodeRuneInString(name[n:])
				p++
				n += size
				continue
			default:
				pr, psize := utf8.DecodeRuneInString(pattern[p:])
				nr, nsize := utf8.DecodeRuneInString(name[n:])
				if pr == nr {
					p += psize
					n += nsize
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		_, size := utf8.DecodeRuneInString(name[starN:])
		starN += size
		p, n = starP+1, starN
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
