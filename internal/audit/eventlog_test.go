package audit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

func TestEventType(t *testing.T) {
	tests := []struct {
		result string
		want   uint16
	}{
		{session.AuditCompleted, eventInformation},
		{session.AuditRequested, eventInformation},
		{session.AuditRefused, eventWarning},
		{session.AuditFailed, eventError},
		{"something else", eventInformation},
	}
	for _, tt := range tests {
		if got := eventType(tt.result); got != tt.want {
			t.Errorf("eventType(%q) = %#x, want %#x", tt.result, got, tt.want)
		}
	}
}

func TestEventMessage(t *testing.T) {
	code := int64(-32003)
	r := Record{Time: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), Action: "logoff", ComputerName: "RDS01",
		SessionID: 3, UserName: "bob", Domain: "CONTOSO", Reason: "nightly\x00", Result: session.AuditRefused,
		Code: &code, Error: "refused for safety", Actor: session.Actor{User: "admin", Domain: "CONTOSO", PID: 42, Host: "RDS01"}}
	msg := eventMessage(r)
	text, js, ok := strings.Cut(msg, "\r\n\r\n")
	if !ok {
		t.Fatalf("no blank line between the text and the JSON: %q", msg)
	}
	if want := strings.ReplaceAll(r.Message(), "\x00", ""); text != want {
		t.Errorf("text = %q, want the record's message %q", text, want)
	}
	var back Record
	if err := json.Unmarshal([]byte(js), &back); err != nil {
		t.Fatalf("the JSON part does not decode: %v: %s", err, js)
	}
	if back.Action != "logoff" || back.SessionID != 3 || back.Result != session.AuditRefused || back.Code == nil || *back.Code != code {
		t.Errorf("the JSON part is %+v", back)
	}
	if strings.Contains(msg, "\x00") {
		t.Error("the message holds a NUL, which ReportEvent cannot take")
	}
}
