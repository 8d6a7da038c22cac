package utmp

import (
	"testing"
	"time"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Server reboots at 18:00.", "Server reboots at 18:00."},
		{"line feed", "a\nb", "a\r\nb"},
		{"CR LF", "a\r\nb", "a\r\nb"},
		{"lone CR", "a\rb", "a^Mb"},
		{"tab kept", "a\tb", "a\tb"},
		{"escape sequence", "\x1b[2J\x1b]0;pwned\a", "^[[2J^[]0;pwned^G"},
		{"NUL and DEL", "\x00\x7f", "^@^?"},
		{"C1 CSI", "\u009b31m", "M-^[31m"},
		{"UTF-8 text", "Grüße, 東京", "Grüße, 東京"},
		{"no-break space kept", "a\u00a0b", "a\u00a0b"},
		{"bidi override", "abc\u202edef", "abc?def"},
		{"line separator", "a\u2028b", "a?b"},
		{"invalid UTF-8", "a\xffb", "a?b"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatMessage(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 5, 0, 0, time.UTC)
	tests := []struct {
		name, from, host, tty, title, text, want string
	}{
		{"title and text", "root", "web01", "pts/2", "Maintenance", "Reboot at 18:00.\nSave your work.",
			"\r\n\a\a\aMessage from root@web01 on pts/2 at 09:05 ...\r\nMaintenance\r\nReboot at 18:00.\r\nSave your work.\r\nEOF\r\n"},
		{"no title", "root", "web01", "(no tty)", "", "hi",
			"\r\n\a\a\aMessage from root@web01 on (no tty) at 09:05 ...\r\nhi\r\nEOF\r\n"},
		{"hostile title and sender", "ro\x1bot", "h\no", "pts/1", "\x1b]2;x\a", "ok",
			"\r\n\a\a\aMessage from ro^[ot@h\r\no on pts/1 at 09:05 ...\r\n^[]2;x^G\r\nok\r\nEOF\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatMessage(tt.from, tt.host, tt.tty, at, tt.title, tt.text); got != tt.want {
				t.Errorf("FormatMessage (-want +got)\n- %q\n+ %q", tt.want, got)
			}
		})
	}
}
