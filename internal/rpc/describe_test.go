package rpc

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/usersession/usersession/internal/contract"
)

// TestTypeMismatchMessages checks the whole -32602 message for params of
// the wrong JSON type, as a caller reads it.
func TestTypeMismatchMessages(t *testing.T) {
	t.Parallel()
	tests := []struct{ method, params, want string }{
		{"session.list", `{"ids":"3"}`, "invalid params: ids must be an array of integers from 0 to 4294967295, not a string"},
		{"session.list", `{"ids":["3"]}`, "invalid params: each element of ids must be an integer from 0 to 4294967295, not a string"},
		{"session.list", `{"ids":[-1]}`, "invalid params: each element of ids must be an integer from 0 to 4294967295, not -1"},
		{"session.list", `{"userNames":"bob"}`, "invalid params: userNames must be an array of strings, not a string"},
		{"session.list", `{"computerNames":{}}`, "invalid params: computerNames must be an array of strings, not an object"},
		{"session.list", `{"states":[1]}`, "invalid params: each element of states must be a string, not a number"},
		{"session.list", `{"timeoutSeconds":"5"}`, "invalid params: timeoutSeconds must be a number, not a string"},
		{"session.logoff", `{"id":1.5}`, "invalid params: id must be an integer from 0 to 4294967295, not 1.5"},
		{"session.logoff", `{"id":true}`, "invalid params: id must be an integer from 0 to 4294967295, not true or false"},
		{"session.logoff", `{"id":3,"wait":"yes"}`, "invalid params: wait must be true or false, not a string"},
		{"session.processes", `{"ids":[[3]]}`, "invalid params: each element of ids must be an integer from 0 to 4294967295, not an array"},
	}
	srv := newServer(t)
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.params, func(t *testing.T) {
			_, errObj := srv.Call(context.Background(), tt.method, json.RawMessage(tt.params))
			var e struct {
				Code    int64  `json:"code"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(errObj, &e); err != nil {
				t.Fatalf("error object %s: %v", errObj, err)
			}
			if e.Code != contract.CodeInvalidParams || e.Message != tt.want {
				t.Errorf("got %d %q\nwant -32602 %q", e.Code, e.Message, tt.want)
			}
		})
	}
}
