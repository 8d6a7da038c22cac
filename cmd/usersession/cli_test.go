package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// TestFormatIdle checks idle times as quser writes them.
func TestFormatIdle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		seconds *int64
		want    string
	}{
		{nil, "none"},
		{ptr(0), "."},
		{ptr(59), "."},
		{ptr(60), "1"},
		{ptr(5*60 + 59), "5"},
		{ptr(59 * 60), "59"},
		{ptr(3600), "1:00"},
		{ptr(3600 + 2*60), "1:02"},
		{ptr(23*3600 + 59*60 + 59), "23:59"},
		{ptr(24 * 3600), "1+00:00"},
		{ptr(2*86400 + 3*3600 + 4*60), "2+03:04"},
		{ptr(400*86400 + 60), "400+00:01"},
		{ptr(-5), "."}, // a host clock behind the input time
	}
	for _, tt := range tests {
		if got := formatIdle(tt.seconds); got != tt.want {
			t.Errorf("formatIdle(%v) = %q, want %q", deref(tt.seconds), got, tt.want)
		}
	}
}

// TestHumanIdle checks idle times as the question before an action says
// them.
func TestHumanIdle(t *testing.T) {
	t.Parallel()
	for seconds, want := range map[int64]string{
		0: "under a minute", 59: "under a minute", 60: "1 min", 3599: "59 min",
		3600: "1 h", 6*3600 + 59: "6 h", 55800: "15 h 30 min",
		86400: "1 d", 2*86400 + 3*3600 + 120: "2 d 3 h",
	} {
		if got := humanIdle(seconds); got != want {
			t.Errorf("humanIdle(%d) = %q, want %q", seconds, got, want)
		}
	}
}

func ptr(n int64) *int64 { return &n }

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func str(s string) *string { return &s }

// TestWriteTable checks the layout of list: columns as wide as their
// widest cell, nothing cut, ">" before the caller's own session, IDs and
// idle times right-aligned, COMPUTER first for several hosts, logon times
// in the given zone.
func TestWriteTable(t *testing.T) {
	t.Parallel()
	logon := time.Date(2026, 11, 24, 7, 55, 0, 0, time.UTC)
	sessions := []session.Session{
		{ComputerName: "RDS01", ID: 0, SessionName: "Services", State: "Disconnected"},
		{ComputerName: "RDS01", ID: 1, SessionName: "Console", AccountName: str(`CONTOSO\admin`),
			State: "Active", LogonTime: &logon, IdleSeconds: ptr(20), IsCurrent: true},
		{ComputerName: "RDS01", ID: 5, AccountName: str(`VERYLONGDOMAINNAME\jörg.müller`), State: "Disconnected",
			LogonTime: &logon, IdleSeconds: ptr(2*86400 + 3*3600 + 4*60)},
		{ComputerName: "SRV-WITH-A-LONG-NAME", ID: 65536, SessionName: "RDP-Tcp", State: "Listen"},
	}
	plus2 := time.FixedZone("UTC+2", 2*3600)

	var b bytes.Buffer
	writeTable(&b, sessions, false, plus2)
	want := ` USERNAME                        SESSIONNAME     ID  STATE         IDLE TIME  LOGON TIME
                                 Services         0  Disconnected       none  none
>CONTOSO\admin                   Console          1  Active                .  2026-11-24 09:55
 VERYLONGDOMAINNAME\jörg.müller                   5  Disconnected    2+03:04  2026-11-24 09:55
                                 RDP-Tcp      65536  Listen             none  none
`
	if b.String() != want {
		t.Errorf("one host:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	writeTable(&b, sessions, true, time.UTC)
	want = `COMPUTER               USERNAME                        SESSIONNAME     ID  STATE         IDLE TIME  LOGON TIME
RDS01                                                  Services         0  Disconnected       none  none
RDS01                 >CONTOSO\admin                   Console          1  Active                .  2026-11-24 07:55
RDS01                  VERYLONGDOMAINNAME\jörg.müller                   5  Disconnected    2+03:04  2026-11-24 07:55
SRV-WITH-A-LONG-NAME                                   RDP-Tcp      65536  Listen             none  none
`
	if b.String() != want {
		t.Errorf("several hosts:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	writeTable(&b, nil, false, time.UTC)
	if want := " USERNAME  SESSIONNAME  ID  STATE  IDLE TIME  LOGON TIME\n"; b.String() != want {
		t.Errorf("no sessions: %q, want the header %q", b.String(), want)
	}
}

// TestDescribeTarget checks how the question names the session it is
// about.
func TestDescribeTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    session.Session
		want string
	}{
		{session.Session{ComputerName: "RDS01", ID: 3, SessionName: "RDP-Tcp#7", AccountName: str(`CONTOSO\bob`), State: "Disconnected", IdleSeconds: ptr(6 * 3600)},
			`CONTOSO\bob (session 3, RDP-Tcp#7, Disconnected, idle 6 h) on RDS01`},
		{session.Session{ComputerName: "RDS01", ID: 1, AccountName: str("admin"), State: "Active", IsCurrent: true},
			`admin (session 1, Active, your own session) on RDS01`},
		{session.Session{ComputerName: "RDS01", ID: 0, SessionName: "Services", State: "Disconnected"},
			`session 0 (Services, Disconnected) on RDS01`},
		{session.Session{ComputerName: "web1", ID: 48213, SessionName: "pts/0", AccountName: str("alice"), State: "Active", IdleSeconds: ptr(30)},
			`alice (session 48213, pts/0, Active, idle under a minute) on web1`},
	}
	for _, tt := range tests {
		if got := describeTarget(tt.s); got != tt.want {
			t.Errorf("describeTarget = %q, want %q", got, tt.want)
		}
	}
}

// TestFlagsAnywhere checks that flags are read before, between and after
// the other arguments, and that "--" ends them.
func TestFlagsAnywhere(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

// TestConfirm checks the answers to the question before an action, on a
// terminal (stdinIsTerminal is replaced; testdata/script/act.txtar asks on
// a real pseudo-terminal).
func TestConfirm(t *testing.T) {
	saved := stdinIsTerminal
	defer func() { stdinIsTerminal = saved }()
	stdinIsTerminal = func(io.Reader) bool { return true }
	for answer, want := range map[string]int{"y\n": 0, "Y\n": 0, "yes\n": 0, " YES \r\n": 0, "\n": 1, "n\n": 1, "no\n": 1, "yep\n": 1, "": 1} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"logoff", "3", "--simulate", "demo.json"}, strings.NewReader(answer), &stdout, &stderr)
		if code != want {
			t.Errorf("answer %q: exit %d, want %d; stderr %s", answer, code, want, stderr.String())
		}
		if !strings.HasPrefix(stderr.String(), `Sign out CONTOSO\bob (session 3, Disconnected, idle 15 h 30 min) on RDS01? [y/N] `) {
			t.Errorf("answer %q: the question was %q", answer, stderr.String())
		}
		if (want == 0) != strings.Contains(stdout.String(), "Signed out") {
			t.Errorf("answer %q: stdout %q", answer, stdout.String())
		}
	}
}

// TestBashCompletion sources the script that completion bash prints into
// bash and completes words with it, as bash does at a prompt.
func TestBashCompletion(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash on PATH")
	}
	var script, stderr bytes.Buffer
	if code := run([]string{"completion", "bash"}, nil, &script, &stderr); code != 0 {
		t.Fatalf("completion bash: exit %d: %s", code, stderr.String())
	}
	file := filepath.Join(t.TempDir(), "usersession.bash")
	if err := os.WriteFile(file, script.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(file), "fixture.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		words string // the words typed, the last one being completed
		want  string
	}{
		{"usersession l", "list logoff"},
		{"usersession ''", "serve call list logoff disconnect watch reclaim schedule diagnose openrpc version help completion"},
		{"usersession d", "disconnect diagnose"},
		{"usersession list --", "--simulate --user --state --json --timeout --help"},
		{"usersession list --s", "--simulate --state"},
		{"usersession list --state D", "Disconnected Down"},
		{"usersession logoff 3 --", "--host --wait --yes --include-protected --reason --audit-log --simulate --help"},
		{"usersession logoff 3 --in", "--include-protected"},
		{"usersession call session.l", "session.list session.logoff"},
		{"usersession call --simulate fixture.json s", "server.info session.list session.logoff session.disconnect session.message session.processes session.resolve session.reclaim session.watch session.unwatch"},
		{"usersession call session.list ''", ""},
		{"usersession --simulate fixture.json c", "call completion"},
		{"usersession list --simulate fix", "fixture.json"},
		{"usersession help --", "--man"},
		{"usersession completion ''", "bash"},
		{"usersession --v", "--version"},
		{"usersession --p", "--parent-pid"},
		{"usersession serve --parent-pid 1 --s", "--simulate"},
		{"usersession logoff 3 --audit-log fix", "fixture.json"},
		{"usersession call --audit-log fix", "fixture.json"},
		{"usersession watch --event lo", "logon logoff lock"},
		{"usersession watch --event ''", "logon logoff connect disconnect lock unlock stateChange unreachable"},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			cmd := exec.Command(bash, "--norc", "--noprofile", "-c",
				`source "$1"; eval "COMP_WORDS=($2)"; COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _usersession; echo "${COMPREPLY[*]}"`,
				"bash", file, tt.words)
			cmd.Dir = filepath.Dir(file)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("bash: %v: %s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != tt.want {
				t.Errorf("completions of %s = %q, want %q", tt.words, got, tt.want)
			}
		})
	}
}

// TestManPage checks that docs/usersession.1 is what help --man prints
// from the manual (run go generate ./cmd/usersession after changing
// usage.txt), and, where groff is installed, that it formats without a
// warning.
func TestManPage(t *testing.T) {
	t.Parallel()
	var out, stderr bytes.Buffer
	if code := run([]string{"help", "--man"}, nil, &out, &stderr); code != 0 {
		t.Fatalf("help --man: exit %d: %s", code, stderr.String())
	}
	if !strings.HasPrefix(out.String(), `.\" Code generated `) || !strings.Contains(strings.SplitN(out.String(), "\n", 2)[0], "DO NOT EDIT.") {
		t.Errorf("the man page does not start with a Code generated ... DO NOT EDIT. comment")
	}
	committed, err := os.ReadFile(filepath.Join("..", "..", "docs", "usersession.1"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, out.Bytes()) {
		t.Errorf("docs/usersession.1 is stale: run go generate ./cmd/usersession and commit it")
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("no groff to format the page with")
	}
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = &out
	msgs, err := cmd.CombinedOutput()
	if err != nil || len(msgs) > 0 {
		t.Errorf("groff: %v: %s", err, msgs)
	}
}
