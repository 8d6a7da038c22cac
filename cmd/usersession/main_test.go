package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"usersession": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the binary end to end through real pipes, one script per
// file in testdata/script.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:  "testdata/script",
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"cmpunordered": cmpUnordered, "status": status},
		Setup: func(env *testscript.Env) error {
			demo, err := os.ReadFile("demo.json")
			if err != nil {
				return err
			}
			return os.WriteFile(env.WorkDir+"/demo.json", demo, 0o644)
		},
	})
}

// TestExitCodes checks the exit status of each kind of outcome.
func TestExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string
		stderr string
	}{
		{"help", []string{"help"}, "", 0, "SYNOPSIS", ""},
		{"--help", []string{"--help"}, "", 0, "SYNOPSIS", ""},
		{"call --help", []string{"call", "-h"}, "", 0, "SYNOPSIS", ""},
		{"version", []string{"version"}, "", 0, "usersession 0.", ""},
		{"--version", []string{"--version"}, "", 0, "usersession 0.", ""},
		{"-v", []string{"-v"}, "", 0, "usersession 0.", ""},
		{"-version", []string{"-version"}, "", 0, "usersession 0.", ""},
		{"version extra arg", []string{"version", "x"}, "", 2, "", "no arguments"},
		{"misspelt command", []string{"lst"}, "", 2, "", `unknown command "lst"; did you mean list?`},
		{"call flags after method", []string{"call", "server.info", "--simulate", "demo.json"}, "", 0, `"backend": "simulate"`, ""},
		{"call flags after params", []string{"call", "session.list", `{"ids":[3]}`, "--simulate", "demo.json"}, "", 0, `"userName": "bob"`, ""},
		{"call flags between", []string{"call", "session.list", "--simulate", "demo.json", `{"ids":[3]}`}, "", 0, `"userName": "bob"`, ""},
		{"call too many", []string{"call", "session.list", "{}", "{}", "--simulate", "demo.json"}, "", 2, "", "call needs METHOD and at most one PARAMS_JSON"},
		{"call params at line and column", []string{"call", "--simulate", "demo.json", "session.list", "{\"ids\":\n [3,]}"}, "", 2, "", "PARAMS_JSON, line 2, column 5: invalid JSON"},
		{"unknown command", []string{"frobnicate"}, "", 2, "", "unknown command"},
		{"unknown flag", []string{"--frob"}, "", 2, "", "unknown flag -frob; the flags are --audit-log, --log-file, --max-line, --parent-pid, --simulate"},
		{"call without method", []string{"call"}, "", 2, "", "METHOD"},
		{"call with bad params", []string{"call", "--simulate", "demo.json", "session.list", "{"}, "", 2, "", "PARAMS_JSON"},
		{"call with array params", []string{"call", "--simulate", "demo.json", "session.list", "[1]"}, "", 2, "", "PARAMS_JSON"},
		{"call ok", []string{"call", "--simulate", "demo.json", "server.info"}, "", 0, `"backend": "simulate"`, ""},
		{"call refused", []string{"call", "--simulate", "demo.json", "session.logoff", `{"id":1}`}, "", 1, "", "-32003"},
		{"call unknown method", []string{"call", "--simulate", "demo.json", "nope"}, "", 1, "", "-32601"},
		{"missing fixture", []string{"call", "--simulate", "nope.json", "server.info"}, "", 1, "", "nope.json"},
		{"openrpc extra arg", []string{"openrpc", "x"}, "", 2, "", "no arguments"},
		{"serve small max line", []string{"--max-line", "10"}, "", 2, "", "--max-line"},
		{"serve at end of input", []string{"--simulate", "demo.json"}, `{"jsonrpc":"2.0","id":1,"method":"server.info"}`, 0, `"id":1`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, strings.NewReader(tt.stdin), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q lacks %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.stderr)
			}
		})
	}
}

// cmpUnordered compares two files line by line regardless of order: the
// responses of one connection come in whatever order requests finish.
func cmpUnordered(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: cmpunordered FILE1 FILE2")
	}
	read := func(name string) []string {
		text := ts.ReadFile(name)
		lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
		slices.Sort(lines)
		return lines
	}
	a, b := read(args[0]), read(args[1])
	same := slices.Equal(a, b)
	if same == neg {
		ts.Fatalf("%s and %s: same lines = %v\n%s\n---\n%s", args[0], args[1], same, strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
}

// manualPath matches what reads as a file of the repository in the manual:
// a relative path with at least one directory and a file name with an
// extension (cmd/usersession/demo.json, docs/usersession.1).
var manualPath = regexp.MustCompile(`(?:^|[\s'"(])((?:[A-Za-z0-9_.-]+/)+[A-Za-z0-9_-]+\.[A-Za-z0-9]+)\b`)

// TestManualPathsExist fails when the manual names a file of the
// repository that is not there, as its examples once named
// examples/demo.json.
func TestManualPathsExist(t *testing.T) {
	paths := manualPath.FindAllStringSubmatch(usage, -1)
	if len(paths) == 0 {
		t.Fatal("the manual names no file of the repository; the pattern is broken")
	}
	for _, m := range paths {
		p := m[1]
		if _, err := os.Stat(filepath.Join("..", "..", filepath.FromSlash(p))); err != nil {
			t.Errorf("the manual names %s, which is not in the repository: %v", p, err)
		}
	}
}

// status runs a program and checks its exit status: status N PROGRAM
// [ARGS...], for the outcomes that differ only in it (1 failed, 2 usage).
func status(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("status: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}
