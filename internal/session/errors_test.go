package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestErrorHidesContextErrors: a message never carries Go's "context
// deadline exceeded" or "context canceled", and the error still matches
// them with errors.Is.
func TestErrorHidesContextErrors(t *testing.T) {
	id := uint32(3)
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Kind: ErrTimeout, Op: "list", ComputerName: "RDS01", Err: context.DeadlineExceeded}, "list: timed out (RDS01)"},
		{&Error{Kind: ErrUnreachable, Op: "logoff", ComputerName: "RDS01", SessionID: &id, Err: fmt.Errorf("dial: %w", context.DeadlineExceeded)}, "logoff: host unreachable (session 3 on RDS01): no answer in time"},
		{&Error{Kind: ErrTimeout, Op: "message", Err: context.Canceled}, "message: timed out"},
		{&Error{Kind: ErrAccessDenied, Op: "list", Err: errors.New("WTSEnumerateSessionsEx: Access is denied.")}, "list: access denied: WTSEnumerateSessionsEx: Access is denied."},
	}
	for _, tt := range tests {
		got := tt.err.Error()
		if got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if strings.Contains(got, "context") {
			t.Errorf("Error() = %q names Go's context", got)
		}
		if !errors.Is(tt.err, tt.err.Kind) || (tt.err.Err != nil && !errors.Is(tt.err, tt.err.Err)) {
			t.Errorf("%q no longer matches its kind and cause", got)
		}
	}
}
