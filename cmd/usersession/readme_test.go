package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReadmeSession pipes the requests of the README's "A session typed by
// hand" into the built helper, run as the README runs it, and checks that
// it answers each of them as the README shows, matched by id: the README
// must stay true, also when its requests arrive at once and run
// concurrently.
func TestReadmeSession(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	args, requests, want := readmeSession(t, string(readme))

	// The test binary is the helper (testscript.Main in TestMain puts it
	// on PATH as usersession), so nothing is built again.
	bin, err := exec.LookPath("usersession")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = filepath.Join("..", "..") // the README runs it from the repository
	cmd.Stdin = strings.NewReader(strings.Join(requests, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("./usersession %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	got := byID(t, strings.Split(strings.TrimRight(string(out), "\n"), "\n"))
	if len(got) != len(want) {
		t.Errorf("the helper wrote %d responses, the README shows %d:\n%s", len(got), len(want), out)
	}
	for id, w := range want {
		if g, ok := got[id]; !ok {
			t.Errorf("no response with id %s; the README shows\n%s", id, w)
		} else if g != w {
			t.Errorf("response %s:\n got %s\nwant %s (README)", id, g, w)
		}
	}
}

// readmeSession returns the arguments the README's session runs the
// helper with, the lines it types, and the responses it shows by id.
func readmeSession(t *testing.T, readme string) (args, requests []string, responses map[string]string) {
	t.Helper()
	_, section, ok := strings.Cut(readme, "\n## A session typed by hand\n")
	if !ok {
		t.Fatal(`README.md has no section "A session typed by hand"`)
	}
	_, block, ok := strings.Cut(section, "```console\n")
	if !ok {
		t.Fatal("the section has no console block")
	}
	block, _, _ = strings.Cut(block, "```")
	var answers []string
	for _, line := range strings.Split(strings.TrimRight(block, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "$ ./usersession"):
			args = strings.Fields(strings.TrimPrefix(line, "$ ./usersession"))
		case strings.HasPrefix(line, "$ "):
			// go build, which the test does itself
		case isResponse(line):
			answers = append(answers, line)
		default:
			requests = append(requests, line)
		}
	}
	if args == nil || len(requests) == 0 || len(answers) == 0 {
		t.Fatalf("cannot read the session: args %q, %d requests, %d responses", args, len(requests), len(answers))
	}
	return args, requests, byID(t, answers)
}

// isResponse reports whether line is a JSON-RPC response, which the helper
// writes, rather than something typed.
func isResponse(line string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(line), &m) != nil {
		return false
	}
	_, method := m["method"]
	_, result := m["result"]
	_, errObj := m["error"]
	return !method && (result || errObj)
}

// byID indexes responses by their id as written.
func byID(t *testing.T, lines []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, l := range lines {
		var r struct {
			ID json.RawMessage `json:"id"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("not a response: %s", l)
		}
		if _, dup := out[string(r.ID)]; dup {
			t.Fatalf("two responses with id %s", r.ID)
		}
		out[string(r.ID)] = l
	}
	return out
}

// errorCode matches a JSON-RPC error code at the start of a line of the
// manual's ERRORS or of a row of the README's error table.
var errorCode = regexp.MustCompile(`(?m)^(?:    |\| )(-32[0-9]{3})\b`)

// TestReadmeErrorTable checks that the README's error table lists every
// code the manual lists, and no other.
func TestReadmeErrorTable(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "\n### Errors\n")
	if !ok {
		t.Fatal("README.md has no Errors section")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	_, manual, ok := strings.Cut(usage, "\nERRORS\n")
	if !ok {
		t.Fatal("the manual has no ERRORS section")
	}
	manual, _, _ = strings.Cut(manual, "\n\n")
	codes := func(text string) []string {
		var out []string
		for _, m := range errorCode.FindAllStringSubmatch(text, -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return out
	}
	if r, m := codes(table), codes(manual); !slices.Equal(r, m) || len(m) == 0 {
		t.Errorf("the README's error table has %v, the manual %v", r, m)
	}
}

// TestReadmeReclaim runs the dry run of the README's lab-PC policy and
// checks that it prints what the README shows.
func TestReadmeReclaim(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```console\n\\$ usersession (reclaim [^\n]*)\n(.*?)```").FindStringSubmatch(string(readme))
	if block == nil {
		t.Fatal("README has no console block of usersession reclaim")
	}
	var args []string
	for _, f := range regexp.MustCompile(`'[^']*'|\S+`).FindAllString(block[1], -1) {
		args = append(args, strings.Trim(f, "'"))
	}
	for i, a := range args {
		if a == "cmd/usersession/demo.json" {
			args[i] = "demo.json"
		}
	}
	var out, errb bytes.Buffer
	if code := run(args, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("usersession %s: exit %d: %s", block[1], code, errb.String())
	}
	if out.String() != block[2] {
		t.Errorf("README shows\n%s\nthe command prints\n%s", block[2], out.String())
	}
}
