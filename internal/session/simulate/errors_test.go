package simulate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixtureErrors checks that a fixture that does not parse or validate
// is reported in the fixture's terms: file, line, column and field path,
// never Go's type and field names.
func TestFixtureErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fixture string
		want          string
	}{
		{"wrong type", "{\"sessions\": [\n  {\"id\": 0},\n  {\"id\": 1},\n  {\"id\": \"2\"}\n]}",
			`fixture f.json:4:10: sessions[2].id must be an integer from 0 to 4294967295, not a string`},
		{"misspelt field", "{\"sessions\": [{\"id\": 1, \"sesionName\": \"Console\"}]}",
			`fixture f.json:1:25: sessions[0] has no field "sesionName"; did you mean sessionName?`},
		{"misspelt top-level field", `{"sesions": []}`,
			`fixture f.json:1:2: the fixture has no field "sesions"; did you mean sessions?`},
		{"host field", "{\"hosts\": {\"RDS02\": {\"latencyMs\": \"40\"}}}",
			`fixture f.json:1:35: hosts.RDS02.latencyMs must be an integer from -9223372036854775808 to 9223372036854775807, not a string`},
		{"bad time", "{\n\"now\": \"yesterday\"}",
			`fixture f.json:2:8: now must be a time in RFC 3339 form (2026-11-24T10:00:00Z), not "yesterday"`},
		{"syntax", "{\"sessions\": [\n  {\"id\": 1,}\n]}",
			`fixture f.json:2:12: invalid JSON: invalid character '}' looking for beginning of object key string`},
		{"truncated", `{"sessions": [`, `fixture f.json:1:15: invalid JSON: the fixture ends too early`},
		{"trailing data", "{}\n{}", `fixture f.json:2:1: there is more after the end of the fixture`},
		{"not an object", `[]`, `fixture f.json:1:1: the fixture must be an object, not an array`},
		{"duplicate id", "{\"sessions\": [{\"id\": 1},\n {\"id\": 1}]}",
			`fixture f.json:2:9: sessions[1].id: session 1 appears twice (first at sessions[0])`},
		{"bad state", `{"hosts": {"RDS02": {"sessions": [{"id": 3, "state": "Asleep"}]}}}`,
			`fixture f.json:1:54: hosts.RDS02.sessions[0].state: "Asleep" is not a state; the states are [Active Connected ConnectQuery Shadow Disconnected Idle Listen Reset Down Init]`},
		{"bad response", `{"sessions": [{"id": 3, "messageResponse": "Yes"}]}`,
			`fixture f.json:1:44: sessions[0].messageResponse: "Yes" is not a response; the responses are [ok cancel yes no timeout]`},
		{"null host", `{"hosts": {"X": null}}`,
			`fixture f.json:1:17: hosts.X is null; a host is an object ({} for a host with no sessions)`},
		{"timeline event", "{\"timeline\": [{\"afterMs\": 1, \"event\": \"logon\", \"session\": {\"id\": 4}},\n {\"afterMs\": 2, \"event\": \"logout\"}]}",
			`fixture f.json:2:26: timeline[1].event: "logout" is not an event; the events are logon, logoff, disconnect, connect, lock, unlock, state, unreachable, reachable`},
		{"timeline host", `{"hosts": {"RDS02": {}}, "timeline": [{"afterMs": 1, "event": "unreachable", "host": "RDS03"}]}`,
			`fixture f.json:1:86: timeline[0].host: host "RDS03" is not in hosts`},
		{"byte-order mark", "\xEF\xBB\xBF{\"sessions\": 5}",
			`fixture f.json:1:14: sessions must be an array of objects, not 5`},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "f.json")
			if err := os.WriteFile(path, []byte(tt.fixture), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatal("Load accepted the fixture")
			}
			got := strings.ReplaceAll(err.Error(), path, "f.json")
			if got != tt.want {
				t.Errorf("Load:\n got %s\nwant %s", got, tt.want)
			}
			var fe *FixtureError
			if !errors.As(err, &fe) || fe.File != path {
				t.Errorf("error %T does not carry the file", err)
			}
		})
	}
}

// TestParseErrorWithoutFile checks the form of an error from Parse, which
// has no file name.
func TestParseErrorWithoutFile(t *testing.T) {
	t.Parallel()
	_, err := Parse([]byte("{\"sessions\": [{\"id\": -1}]}"))
	want := `fixture line 1, column 22: sessions[0].id must be an integer from 0 to 4294967295, not -1`
	if err == nil || err.Error() != want {
		t.Errorf("Parse = %v, want %s", err, want)
	}
}
