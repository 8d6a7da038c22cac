package rpc

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestSuggest checks which method a mistyped name is taken to mean.
func TestSuggest(t *testing.T) {
	names := []string{"rpc.discover", "server.info", "session.list", "session.logoff", "session.disconnect", "session.message", "session.processes"}
	tests := []struct{ name, want, reason string }{
		{"session.lst", "session.list", "one letter missing"},
		{"session.logff", "session.logoff", ""},
		{"sesion.list", "session.list", ""},
		{"session.lsit", "session.list", "two letters swapped is one edit"},
		{"Session.List", "session.list", "case"},
		{"list", "session.list", "the part after the dot"},
		{"info", "server.info", ""},
		{"session.logof", "session.logoff", ""},
		{"session.disconect", "session.disconnect", ""},
		{"session.proceses", "session.processes", ""},
		{"nope", "", "nothing close"},
		{"session.nope", "", "too far from every name"},
		{"", "", "nothing to go by"},
		{"logout", "", "a different word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.name, names); got != tt.want {
				t.Errorf("Suggest(%q) = %q, want %q (%s)", tt.name, got, tt.want, tt.reason)
			}
		})
	}
}

// TestUnknownMethodSuggests checks the -32601 message with and without a
// suggestion.
func TestUnknownMethodSuggests(t *testing.T) {
	srv := newServer(t)
	for method, want := range map[string]string{
		"session.lst": `unknown method "session.lst"; did you mean session.list? rpc.discover lists the methods`,
		"frobnicate":  `unknown method "frobnicate"; rpc.discover lists the methods`,
	} {
		_, errObj := srv.Call(context.Background(), method, nil)
		var e struct {
			Code    int64  `json:"code"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(errObj, &e); err != nil {
			t.Fatal(err)
		}
		if e.Code != -32601 || e.Message != want {
			t.Errorf("%s: got %d %q, want -32601 %q", method, e.Code, e.Message, want)
		}
		if strings.Contains(method, ".") && !strings.Contains(e.Message, "did you mean") {
			t.Errorf("%s: no suggestion in %q", method, e.Message)
		}
	}
}
