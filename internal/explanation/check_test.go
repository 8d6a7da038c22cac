package explanation

import (
	"reflect"
	"testing"
	"time"
)

type inner struct {
	ID    uint32     `json:"id"`
	Name  string     `json:"name,omitempty"`
	When  *time.Time `json:"when"`
	Flags []bool     `json:"flags"`
}

type outer struct {
	inner
	Extra int               `json:"extra"`
	Any   any               `json:"any"`
	Items []inner           `json:"items"`
	Hosts map[string]*inner `json:"hosts"`
}

// TestCheck checks that the first value that does not fit is found, by its
// path in the document, with its position and a message for people.
func TestCheck(t *testing.T) {
	tests := []struct {
		name, doc string
		path      string
		line, col int
		msg       string
	}{
		{"fits", `{"id":1,"items":[{"id":2,"when":"2026-11-24T10:00:00Z"}],"hosts":{"A":{"id":3},"B":null},"any":{"x":[1]}}`, "", 0, 0, ""},
		{"wrong type in an array", "{\"items\": [\n  {\"id\": 1},\n  {\"id\": \"2\"}\n]}", "items[1].id", 3, 10, `items[1].id must be an integer from 0 to 4294967295, not a string`},
		{"out of range", `{"id":4294967296}`, "id", 1, 7, `id must be an integer from 0 to 4294967295, not 4294967296`},
		{"negative", `{"id":-1}`, "id", 1, 7, `id must be an integer from 0 to 4294967295, not -1`},
		{"unknown field with a near name", `{"items":[{"nmae":"x"}]}`, "items[0].nmae", 1, 12, `items[0] has no field "nmae"; did you mean name?`},
		{"unknown field", `{"zzz":1}`, "zzz", 1, 2, `the document has no field "zzz"; the fields are any, extra, flags, hosts, id, items, name, when`},
		{"case of a field", `{"ID":1}`, "", 0, 0, "" /* encoding/json matches names without regard to case */},
		{"embedded field", `{"name":5}`, "name", 1, 9, `name must be a string, not 5`},
		{"map value", `{"hosts":{"RDS02":{"id":true}}}`, "hosts.RDS02.id", 1, 25, `hosts.RDS02.id must be an integer from 0 to 4294967295, not true or false`},
		{"map key with a dot", `{"hosts":{"srv.example":{"idd":1}}}`, `hosts["srv.example"].idd`, 1, 26, `hosts["srv.example"] has no field "idd"; did you mean id?`},
		{"bad time", `{"when":"yesterday"}`, "when", 1, 9, `when must be a time in RFC 3339 form (2026-11-24T10:00:00Z), not "yesterday"`},
		{"array for an object", `{"hosts":[]}`, "hosts", 1, 10, `hosts must be an object, not an array`},
		{"object for an array", `{"flags":{}}`, "flags", 1, 10, `flags must be an array of true or false values, not an object`},
		{"element of bools", `{"flags":[true,1]}`, "flags[1]", 1, 16, `flags[1] must be true or false, not 1`},
		{"whole document", `[1]`, "", 1, 1, `the document must be an object, not an array`},
		{"syntax", "{\"id\": 1,\n \"items\": [}", "items", 2, 12, `invalid JSON: invalid character '}' looking for beginning of value`},
		{"truncated", `{"id": 1, "items": [`, "items", 1, 21, `invalid JSON: the document ends too early`},
		{"bad literal", `x`, "", 1, 1, `invalid JSON: invalid character 'x' looking for beginning of value`},
		{"missing colon", `{"id" 1}`, "id", 1, 7, `invalid JSON: invalid character '1' after object key`},
		{"bad literal in a member", `{"id": tru}`, "id", 1, 11, `invalid JSON: invalid character '}' in literal true (expecting 'e')`},
		{"doubled comma", `{"flags":[true,,false]}`, "flags[1]", 1, 16, `invalid JSON: invalid character ',' looking for beginning of value`},
		{"trailing data", `{"id":1} x`, "", 1, 10, `there is more after the end of the document`},
		{"utf-8 column", "{\"name\":\"jörg\", \"extra\":\"x\"}", "extra", 1, 25, `extra must be an integer from -9223372036854775808 to 9223372036854775807, not a string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Check([]byte(tt.doc), reflect.TypeFor[outer](), "the document")
			if tt.msg == "" {
				if p != nil {
					t.Fatalf("Check = %q at %s, want no problem", p.Msg, p.Path)
				}
				return
			}
			if p == nil {
				t.Fatalf("Check found no problem, want %q", tt.msg)
			}
			line, col := Position([]byte(tt.doc), p.Offset)
			if p.Path != tt.path || line != tt.line || col != tt.col || p.Msg != tt.msg {
				t.Errorf("Check = %s at %d:%d: %q\nwant     %s at %d:%d: %q", p.Path, line, col, p.Msg, tt.path, tt.line, tt.col, tt.msg)
			}
		})
	}
}

// TestFind checks that a path written by Key and Index leads to its value.
func TestFind(t *testing.T) {
	doc := "{\"sessions\": [\n  {\"id\": 1},\n  {\"id\": 1, \"state\": \"Asleep\"}\n],\n \"hosts\": {\"a.b\": {\"sessions\": [{\"id\": 7}]}}}"
	tests := []struct {
		path      string
		line, col int
		ok        bool
	}{
		{"sessions[1].id", 3, 10, true},
		{"sessions[1].state", 3, 22, true},
		{Index(Key(Key(Key("", "hosts"), "a.b"), "sessions"), 0) + ".id", 5, 40, true},
		{"sessions[2]", 0, 0, false},
		{"nothing", 0, 0, false},
		{"", 1, 1, true},
	}
	for _, tt := range tests {
		off, ok := Find([]byte(doc), tt.path)
		line, col := Position([]byte(doc), off)
		if ok != tt.ok || ok && (line != tt.line || col != tt.col) {
			t.Errorf("Find(%q) = %d:%d %v, want %d:%d %v", tt.path, line, col, ok, tt.line, tt.col, tt.ok)
		}
	}
}

func TestPosition(t *testing.T) {
	doc := []byte("ab\ncdé\nf")
	for _, tt := range []struct {
		off       int64
		line, col int
	}{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {7, 2, 4}, {8, 3, 1}, {100, 3, 2}, {-5, 1, 1}} {
		if line, col := Position(doc, tt.off); line != tt.line || col != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}
