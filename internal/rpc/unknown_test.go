package rpc

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestUnknownMethodSuggests checks the -32601 message with and without a
// suggestion.
func TestUnknownMethodSuggests(t *testing.T) {
	t.Parallel()
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
