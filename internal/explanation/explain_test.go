package explanation

import (
	"reflect"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// TestType checks that type descriptions read as English, singular and
// plural, with the right article.
func TestType(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"uint32", reflect.TypeFor[uint32](), "an integer from 0 to 4294967295"},
		{"ids", reflect.TypeFor[[]uint32](), "an array of integers from 0 to 4294967295"},
		{"string", reflect.TypeFor[string](), "a string"},
		{"names", reflect.TypeFor[[]string](), "an array of strings"},
		{"states", reflect.TypeFor[[]session.State](), "an array of strings"},
		{"float", reflect.TypeFor[float64](), "a number"},
		{"floats", reflect.TypeFor[[]float64](), "an array of numbers"},
		{"bool", reflect.TypeFor[bool](), "true or false"},
		{"bools", reflect.TypeFor[[]bool](), "an array of true or false values"},
		{"nested", reflect.TypeFor[[][]string](), "an array of arrays of strings"},
		{"object", reflect.TypeFor[struct{ A int }](), "an object"},
		{"objects", reflect.TypeFor[[]struct{ A int }](), "an array of objects"},
		{"pointer", reflect.TypeFor[*uint32](), "an integer from 0 to 4294967295"},
		{"int8", reflect.TypeFor[int8](), "an integer from -128 to 127"},
		{"uint64", reflect.TypeFor[uint64](), "an integer from 0 to 18446744073709551615"},
		{"int64", reflect.TypeFor[int64](), "an integer from -9223372036854775808 to 9223372036854775807"},
		{"time", reflect.TypeFor[*time.Time](), "a time in RFC 3339 form (2026-11-24T10:00:00Z)"},
		{"times", reflect.TypeFor[[]time.Time](), "an array of times in RFC 3339 form (2026-11-24T10:00:00Z)"},
		{"map", reflect.TypeFor[map[string]int](), "an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Type(tt.typ); got != tt.want {
				t.Errorf("Type(%v) = %q, want %q", tt.typ, got, tt.want)
			}
		})
	}
}

// TestNearest checks which method a mistyped name is taken to mean.
func TestNearest(t *testing.T) {
	names := []string{"rpc.discover", "server.info", "session.list", "session.logoff", "session.disconnect", "session.message", "session.processes"}
	tests := []struct{ name, want, reason string }{
		{"session.lst", "session.list", "one letter missing"},
		{"session.logff", "session.logoff", ""},
		{"sesion.list", "session.list", ""},
		{"session.lsit", "session.list", "two letters swapped is one edit"},
		{"Session.List", "session.list", "case"},
		{"list", "session.list", "the part after the dot"},
		{"info", "server.info", ""},
		{"session.logof", "session.logoff", ""},
		{"session.disconect", "session.disconnect", ""},
		{"session.proceses", "session.processes", ""},
		{"nope", "", "nothing close"},
		{"session.nope", "", "too far from every name"},
		{"", "", "nothing to go by"},
		{"logout", "", "a different word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Nearest(tt.name, names); got != tt.want {
				t.Errorf("Nearest(%q) = %q, want %q (%s)", tt.name, got, tt.want, tt.reason)
			}
		})
	}
}
