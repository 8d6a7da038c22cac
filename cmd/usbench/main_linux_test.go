package main

import (
	"strings"
	"testing"
)

// TestSelectSections checks -only: known names select their sections in
// run order, and an unknown name is an error that lists the known ones.
func TestSelectSections(t *testing.T) {
	tests := []struct {
		only string
		want string // section names, or the error
	}{
		{"", "cold roundtrip pipelined scale fanout psfanout reclaim footprint"},
		{"scale", "scale"},
		{"footprint,cold", "cold footprint"},
		{" cold , scale ", "cold scale"},
		{"bogus", `-only: unknown section "bogus"; the sections are cold, roundtrip, pipelined, scale, fanout, psfanout, reclaim, footprint`},
		{"cold,Scale", `-only: unknown section "Scale"; the sections are cold, roundtrip, pipelined, scale, fanout, psfanout, reclaim, footprint`},
	}
	for _, tt := range tests {
		t.Run(tt.only, func(t *testing.T) {
			ss, err := selectSections(tt.only)
			var got string
			if err != nil {
				got = err.Error()
			} else {
				var names []string
				for _, s := range ss {
					names = append(names, s.name)
				}
				got = strings.Join(names, " ")
			}
			if got != tt.want {
				t.Errorf("selectSections(%q) = %q, want %q", tt.only, got, tt.want)
			}
		})
	}
}

// TestUsageErrors checks that usbench exits 2, before building anything,
// for an unknown section, an unknown flag or a stray argument.
func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"-only", "bogus"}, {"-frob"}, {"bench", "extra"}, {"nosuchcommand"}} {
		if code := run(args); code != 2 {
			t.Errorf("usbench %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}
