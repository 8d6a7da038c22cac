package simulate

import (
	"context"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// TestMessageDelayAndTimeout checks that a simulated user who takes longer
// than the message's timeout never answers: the message times out, as a
// message box with a timeout does on Windows.
func TestMessageDelayAndTimeout(t *testing.T) {
	t.Parallel()
	b, err := Parse([]byte(`{"sessions":[
		{"id":1,"userName":"slow","messageResponse":"yes","messageDelayMs":300},
		{"id":2,"userName":"quick","messageResponse":"no","messageDelayMs":10},
		{"id":3,"userName":"silent","messageDelayMs":300}]}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		id      uint32
		timeout time.Duration
		wait    bool
		want    session.Response
	}{
		{"slower than the timeout", 1, 50 * time.Millisecond, true, session.ResponseTimeout},
		{"within the timeout", 1, 10 * time.Second, true, session.ResponseYes},
		{"no timeout", 1, 0, true, session.ResponseYes},
		{"quick user, short timeout", 2, 5 * time.Second, true, session.ResponseNo},
		{"no response set, slower than the timeout", 3, 50 * time.Millisecond, true, session.ResponseTimeout},
		{"not waiting", 1, 50 * time.Millisecond, false, session.ResponseAsync},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := b.Message(context.Background(), "", tt.id, session.Message{Title: "t", Text: "x", Timeout: tt.timeout, Wait: tt.wait})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("response %q, want %q", got, tt.want)
			}
		})
	}
}
