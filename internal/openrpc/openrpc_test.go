package openrpc

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/usersession/usersession/schema"
)

// TestGeneratedFilesUpToDate fails when schema/ differs from what the Go
// types produce: run `go generate ./schema` and commit.
func TestGeneratedFilesUpToDate(t *testing.T) {
	wd, _ := os.Getwd()
	root, err := ModuleRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "schema")
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s is missing: run go generate ./schema", name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("schema/%s is stale: run go generate ./schema", name)
		}
	}
	on, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range on {
		if _, ok := files[filepath.Base(f)]; !ok {
			t.Errorf("schema/%s is no longer generated: delete it", filepath.Base(f))
		}
	}
	if !bytes.Equal(schema.OpenRPC, files["openrpc.json"]) {
		t.Error("the embedded OpenRPC document is stale")
	}
}

// TestDocument checks the document's shape: every method of the wire
// contract, by-name params with the contract's names, and no reference
// left pointing at $defs.
func TestDocument(t *testing.T) {
	files, err := Files("")
	if err != nil {
		t.Fatal(err)
	}
	raw := files["openrpc.json"]
	if bytes.Contains(raw, []byte("#/$defs/")) {
		t.Error("a $ref still points at #/$defs/")
	}
	var doc struct {
		OpenRPC string `json:"openrpc"`
		Methods []struct {
			Name   string `json:"name"`
			Params []struct {
				Name     string `json:"name"`
				Required bool   `json:"required"`
			} `json:"params"`
			Result *struct {
				Schema struct {
					Ref string `json:"$ref"`
				} `json:"schema"`
			} `json:"result"`
		} `json:"methods"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenRPC, "1.3.") {
		t.Errorf("openrpc = %q, want 1.3.x", doc.OpenRPC)
	}
	want := map[string][]string{
		"rpc.discover":       {},
		"server.info":        {},
		"session.list":       {"computerNames", "ids", "userNames", "states", "timeoutSeconds", "includeResources", "throttleLimit"},
		"session.logoff":     {"id*", "computerName", "wait", "force", "reason", "timeoutSeconds", "expectedUserName", "expectedLogonTime", "caller"},
		"session.disconnect": {"id*", "computerName", "wait", "force", "reason", "timeoutSeconds", "expectedUserName", "expectedLogonTime", "caller"},
		"session.message":    {"id*", "computerName", "title*", "text*", "buttons", "timeoutSeconds", "wait", "reason", "caller"},
		"session.processes":  {"computerName", "ids", "timeoutSeconds"},
		"session.resolve":    {"computerNames*"},
		"session.reclaim": {"computerNames", "disconnectedForSeconds", "idleForSeconds", "idleAction", "warnSeconds",
			"allowUnwarnedLogoff", "exclude", "timeoutSeconds", "dryRun", "reason", "plan"},
		"session.watch":   {"computerNames", "events", "timeoutSeconds", "intervalSeconds"},
		"session.unwatch": {"watchId*"},
		"session.event":   {"watchId*", "computerName*", "id*", "userName*", "domain*", "event*", "time*", "session*", "error"},
	}
	if len(doc.Methods) != len(want) {
		t.Errorf("%d methods, want %d", len(doc.Methods), len(want))
	}
	for _, m := range doc.Methods {
		var got []string
		for _, p := range m.Params {
			n := p.Name
			if p.Required {
				n += "*"
			}
			got = append(got, n)
		}
		if w, ok := want[m.Name]; !ok {
			t.Errorf("unexpected method %s", m.Name)
		} else if !slices.Equal(got, w) && !(len(got) == 0 && len(w) == 0) {
			t.Errorf("%s params = %v, want %v (* = required)", m.Name, got, w)
		}
		if (m.Result == nil) != (m.Name == "session.event") {
			t.Errorf("%s: result %v; only the notification session.event has none", m.Name, m.Result)
			continue
		}
		if m.Result == nil {
			continue
		}
		if ref := m.Result.Schema.Ref; ref != "" {
			name := strings.TrimPrefix(ref, "#/components/schemas/")
			if _, ok := doc.Components.Schemas[name]; !ok {
				t.Errorf("%s result refers to %s, which is not in components.schemas", m.Name, ref)
			}
		}
	}
	for _, name := range []string{"Session", "Process", "Failure", "ErrorData", "ListResult", "WatchResult", "EventError"} {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("components.schemas lacks %s", name)
		}
	}
}
