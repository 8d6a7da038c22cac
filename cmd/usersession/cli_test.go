package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

// TestFlagsAnywhere checks that flags are read before, between and after
// the other arguments, and that "--" ends them.
func TestFlagsAnywhere(t *testing.T) {
	tests := []struct {
		args []string
		pos  string
		sim  string
		json bool
	}{
		{[]string{"session.list", "--simulate", "f.json"}, "session.list", "f.json", false},
		{[]string{"--simulate", "f.json", "session.list"}, "session.list", "f.json", false},
		{[]string{"a", "--json", "b", "--simulate=f.json", "c"}, "a b c", "f.json", true},
		{[]string{"a", "--", "--json", "-x"}, "a --json -x", "", false},
		{[]string{"--simulate", "--", "a", "--json"}, "a", "--", true},
		{[]string{"--json", "--", "--simulate"}, "--simulate", "", true},
		{[]string{"-json=false", "a"}, "a", "", false},
	}
	for _, tt := range tests {
		var sim string
		var asJSON bool
		e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
		pos, _, done := e.parse("test", tt.args, func(fs *flag.FlagSet) {
			fs.StringVar(&sim, "simulate", "", "")
			fs.BoolVar(&asJSON, "json", false, "")
		})
		if done || strings.Join(pos, " ") != tt.pos || sim != tt.sim || asJSON != tt.json {
			t.Errorf("parse(%q) = %q, simulate %q, json %v (done %v); want %q, %q, %v",
				tt.args, pos, sim, asJSON, done, tt.pos, tt.sim, tt.json)
		}
	}
}

// TestParamsJSON checks that PARAMS_JSON that does not parse is told by
// line and column.
func TestParamsJSON(t *testing.T) {
	tests := []struct{ text, want string }{
		{`{"ids":[3]}`, ""},
		{" {\"ids\":[3]}\n", ""},
		{`{"ids":[3]`, "PARAMS_JSON, line 1, column 11: invalid JSON: PARAMS_JSON ends too early"},
		{"{\"ids\":\n  [3,]}", "PARAMS_JSON, line 2, column 6: invalid JSON: invalid character ']' looking for beginning of value"},
		{`{"ids":[3]} {}`, "PARAMS_JSON, line 1, column 13: there is more after the end of PARAMS_JSON"},
		{`[3]`, "PARAMS_JSON, line 1, column 1: PARAMS_JSON must be an object, not an array"},
		{`ids=3`, "PARAMS_JSON, line 1, column 1: invalid JSON: invalid character 'i' looking for beginning of value"},
		{``, "PARAMS_JSON, line 1, column 1: invalid JSON: PARAMS_JSON ends too early"},
	}
	for _, tt := range tests {
		_, err := paramsJSON(tt.text)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("paramsJSON(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
