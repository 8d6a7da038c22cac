package main

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

func TestDiagnoseArguments(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"two hosts", []string{"diagnose", "A", "B"}, exitUsage, "one HOST at most"},
		{"a flag", []string{"diagnose", "--json"}, exitUsage, `unknown flag "--json"`},
		{"a blank host", []string{"diagnose", "  "}, exitUsage, "HOST is blank"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, nil, &stdout, &stderr); code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("run %q = %d, stderr %q; want %d and %q", tt.args, code, stderr.String(), tt.wantCode, tt.wantErr)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
}

// TestDiagnoseOffWindows: diagnose reads the WTS API; elsewhere it says so
// and exits 1, printing nothing on stdout. (Under Wine, wine_diagnose_test.go
// runs it for real.)
func TestDiagnoseOffWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("diagnose reads this machine on Windows")
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"diagnose"}, nil, &stdout, &stderr); code != exitFailed ||
		!strings.Contains(stderr.String(), "Windows Terminal Services API") || stdout.Len() != 0 {
		t.Errorf("diagnose = %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

func TestASCIIJSON(t *testing.T) {
	in := map[string]string{"user": "J\u00fcrgen \U0001F4BE"}
	b, _ := json.Marshal(in)
	out := asciiJSON(b)
	for _, c := range out {
		if c >= 0x80 {
			t.Fatalf("not ASCII: %q", out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["user"] != in["user"] {
		t.Errorf("asciiJSON(%s) = %s, which reads back as %q (%v)", b, out, back["user"], err)
	}
}
