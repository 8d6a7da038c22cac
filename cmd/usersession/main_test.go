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
	t.Parallel()
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
	t.Parallel()
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
		{"unknown flag", []string{"--frob"}, "", 2, "", "unknown flag --frob; the flags are --audit-log, --log-file, --max-line, --parent-pid, --simulate"},
		{"unknown flag as typed", []string{"list", "--Simulate=demo.json"}, "", 2, "", "unknown flag --Simulate; did you mean --simulate?"},
		{"unknown flag with one dash", []string{"list", "-frob"}, "", 2, "", "unknown flag -frob;"},
		{"negative id", []string{"logoff", "-1", "--simulate", "demo.json"}, "", 2, "", "-1 is not a flag; an argument that starts with - goes after --, as in: usersession logoff -- -1"},
		{"negative id after --", []string{"logoff", "--simulate", "demo.json", "--", "-1"}, "", 2, "", `a session id is an integer from 0 to 4294967295, not "-1"`},
		{"empty --simulate", []string{"call", "--simulate", "", "server.info"}, "", 2, "", "call: --simulate is empty"},
		{"blank --simulate", []string{"list", "--simulate", "  "}, "", 2, "", "list: --simulate is empty"},
		{"empty --simulate=", []string{"--simulate="}, "", 2, "", "serve: --simulate is empty"},
		{"empty --audit-log", []string{"logoff", "3", "--yes", "--simulate", "demo.json", "--audit-log", ""}, "", 2, "", "logoff: --audit-log is empty"},
		{"empty --log-file", []string{"--simulate", "demo.json", "--log-file", ""}, "", 2, "", "serve: --log-file is empty"},
		{"empty --host", []string{"logoff", "3", "--yes", "--simulate", "demo.json", "--host", ""}, "", 2, "", "logoff: --host is empty"},
		{"bad --parent-pid", []string{"--parent-pid", "x"}, "", 2, "", `serve: --parent-pid: "x" is not a whole number`},
		{"huge --parent-pid", []string{"--parent-pid", "99999999999999999999"}, "", 2, "", `--parent-pid: "99999999999999999999" is out of range`},
		{"list --timeout too big", []string{"list", "--simulate", "demo.json", "--timeout", "1e9"}, "", 2, "", "list: --timeout must be more than 0 and at most 3600"},
		{"watch bad event", []string{"watch", "--simulate", "demo.json", "--event", "foo"}, "", 2, "", `usersession: watch: --event: "foo" is not an event; events are [logon logoff`},
		{"watch --count 0", []string{"watch", "--simulate", "demo.json", "--count", "0"}, "", 2, "", "watch: --count must be 1 or more"},
		{"watch --timeout 0", []string{"watch", "--simulate", "demo.json", "--timeout", "0"}, "", 2, "", "watch: --timeout must be more than 0"},
		{"watch --timeout not a duration", []string{"watch", "--simulate", "demo.json", "--timeout", "5"}, "", 2, "", `--timeout: "5" is not a duration such as 30s or 5m`},
		{"list --state disc", []string{"list", "--simulate", "demo.json", "--state", "disc", "--json"}, "", 0, `"state": "Disconnected"`, ""},
		{"list --state CONNQ,conn,Listening", []string{"list", "--simulate", "demo.json", "--state", "CONNQ,conn,Listening"}, "", 0, "RDP-Tcp", ""},
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

// TestOneHostOneColumn: names of one host (this machine's fixture name in
// two cases and localhost) are one host, and the table has no COMPUTER
// column; two hosts have it.
func TestOneHostOneColumn(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		hosts    []string
		computer bool
	}{
		{[]string{"localhost", "RDS01", "rds01"}, false},
		{[]string{"RDS01"}, false},
		{[]string{"RDS01", "RDS02"}, true},
		{[]string{"localhost", "RDS02", "rds02"}, true},
	} {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"list", "--simulate", "demo.json"}, tt.hosts...), nil, &stdout, &stderr)
		if code != 0 {
			t.Fatalf("list %v: exit %d: %s", tt.hosts, code, stderr.String())
		}
		if got := strings.HasPrefix(stdout.String(), "COMPUTER"); got != tt.computer {
			t.Errorf("list %v: COMPUTER column %v, want %v:\n%s", tt.hosts, got, tt.computer, stdout.String())
		}
	}
}

// TestUsageErrorsNameTheCommandOnce: the command's name starts the message
// once, however the helper worded its error.
func TestUsageErrorsNameTheCommandOnce(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"watch", "--simulate", "demo.json", "--event", "foo"},
		{"watch", "--simulate", "demo.json", "RDS01", ""},
		{"list", "--simulate", "demo.json", "--state", "Sleepy"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(args, nil, &stdout, &stderr)
		if n := strings.Count(stderr.String(), args[0]+":"); code != exitUsage || n != 1 {
			t.Errorf("%v: exit %d, %q %d times in %q; want exit 2 and once", args, code, args[0]+":", n, stderr.String())
		}
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
	t.Parallel()
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
