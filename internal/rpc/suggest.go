package rpc

import (
	"strings"
	"unicode/utf8"
)

// Suggest returns the name among names that the mistyped name most likely
// meant, or "" when none is close: the same name in another case, a name
// whose part after the dot it is ("list" for session.list), or the name
// fewest edits away when that is at most a quarter of its length (at least
// one edit).
func Suggest(name string, names []string) string {
	if name == "" {
		return ""
	}
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	for _, n := range names {
		if _, short, ok := strings.Cut(n, "."); ok && strings.EqualFold(short, name) {
			return n
		}
	}
	best, bestDist := "", max(1, utf8.RuneCountInString(name)/4)+1
	lower := strings.ToLower(name)
	for _, n := range names {
		if d := editDistance(lower, strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, counted in
// runes, with an adjacent transposition counted as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
