package utmp

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FormatMessage renders a message for a terminal the way write(1) does:
// a blank line, three bells and the header "Message from USER@HOST on TTY
// at HH:MM ...", then the title and the text, then "EOF". Lines end in
// CR LF. Every character a terminal could act on is made visible first
// (see Sanitize), so a message cannot move the cursor, retitle the window
// or send escape sequences.
func FormatMessage(from, host, tty string, at time.Time, title, text string) string {
	var b strings.Builder
	b.WriteString("\r\n\a\a\a")
	b.WriteString("Message from ")
	b.WriteString(Sanitize(from))
	b.WriteString("@")
	b.WriteString(Sanitize(host))
	b.WriteString(" on ")
	b.WriteString(Sanitize(tty))
	b.WriteString(" at ")
	b.WriteString(at.Format("15:04"))
	b.WriteString(" ...\r\n")
	if title != "" {
		b.WriteString(Sanitize(title))
		b.WriteString("\r\n")
	}
	if text != "" {
		b.WriteString(Sanitize(text))
		b.WriteString("\r\n")
	}
	b.WriteString("EOF\r\n")
	return b.String()
}

// Sanitize makes s safe to write to a terminal, as write(1) does: a line
// feed (alone or after a carriage return) becomes CR LF and a tab stays;
// any other C0 control character and DEL become caret notation (ESC is
// "^[", BEL "^G", a lone CR "^M"); C1 controls (U+0080-U+009F) become
// "M-" and caret notation; any other character that is not printable
// (bidirectional overrides, line separators, invalid UTF-8) becomes '?'.
func Sanitize(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteByte('?')
		case r == '\n':
			b.WriteString("\r\n")
		case r == '\r' && i < len(s) && s[i] == '\n':
			// CR LF: the LF writes the line end.
		case r == '\t':
			b.WriteByte('\t')
		case r < 0x20 || r == 0x7f:
			b.WriteByte('^')
			b.WriteByte(byte(r) ^ 0x40)
		case r >= 0x80 && r < 0xa0:
			b.WriteString("M-^")
			b.WriteByte(byte(r-0x80) ^ 0x40)
		case !unicode.IsGraphic(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
