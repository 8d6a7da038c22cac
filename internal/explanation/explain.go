// Package explanation phrases mistakes in JSON input for people: what a Go
// type is called on the wire ("an array of integers from 0 to
// 4294967295"), the name a mistyped one most likely meant, where in a
// document an offset is (line and column), and, for a document that does
// not fit a Go type, the first value that does not, by its path in the
// document's own terms (sessions[2].id) rather than Go's.
//
// It serves the -32602 messages of package rpc, the fixture errors of
// package simulate and the command line's PARAMS_JSON errors.
package explanation

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Type names a Go type the way a writer of JSON thinks of it, with its
// article: "an integer from 0 to 4294967295", "an array of strings",
// "true or false".
func Type(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array of " + plural(t.Elem())
	case reflect.Pointer:
		return Type(t.Elem())
	}
	if t == timeType {
		return "a time in RFC 3339 form (2026-11-24T10:00:00Z)"
	}
	n := noun(t, false)
	if strings.ContainsAny(n[:1], "aeiou") {
		return "an " + n
	}
	return "a " + n
}

// plural names many values of type t: "integers from 0 to 4294967295".
func plural(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false values"
	case reflect.Slice, reflect.Array:
		return "arrays of " + plural(t.Elem())
	case reflect.Pointer:
		return plural(t.Elem())
	}
	if t == timeType {
		return "times in RFC 3339 form (2026-11-24T10:00:00Z)"
	}
	return noun(t, true)
}

// noun names the kind of t, in the plural when many.
func noun(t reflect.Type, many bool) string {
	s := ""
	if many {
		s = "s"
	}
	switch t.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint, reflect.Uintptr:
		return fmt.Sprintf("integer%s from 0 to %d", s, uint64(1)<<t.Bits()-1)
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		return fmt.Sprintf("integer%s from %d to %d", s, -(int64(1) << (t.Bits() - 1)), int64(1)<<(t.Bits()-1)-1)
	case reflect.Float32, reflect.Float64:
		return "number" + s
	case reflect.String:
		return "string" + s
	case reflect.Struct, reflect.Map:
		return "object" + s
	}
	return t.String()
}

// Found turns the Value of a json.UnmarshalTypeError ("string", "number
// -1", "bool") into what a reader sees in the document: "a string", "-1",
// "true or false".
func Found(value string) string {
	switch {
	case strings.HasPrefix(value, "number "):
		return strings.TrimPrefix(value, "number ")
	case value == "bool":
		return "true or false"
	case value == "array", value == "object":
		return "an " + value
	}
	return "a " + value
}

// Nearest returns the name among names that the mistyped name most likely
// meant, or "" when none is close: the same name in another case, a name
// whose part after the dot it is ("list" for session.list), or the name
// fewest edits away when that is at most a quarter of its length (at
// least one edit).
func Nearest(name string, names []string) string {
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

// Position returns the line and column (both from 1, the column counted in
// characters) of byte offset off of data.
func Position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	head := data[:off]
	line = 1 + strings.Count(string(head), "\n")
	if i := strings.LastIndexByte(string(head), '\n'); i >= 0 {
		head = head[i+1:]
	}
	return line, 1 + utf8.RuneCount(head)
}
