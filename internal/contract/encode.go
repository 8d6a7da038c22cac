package contract

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// Appender is a result that encodes itself exactly as encoding/json
// would, without reflection: encoding/json builds an encoder for a type
// the first time it meets it, which in a process that answers one request
// (usersession call, list) was the costliest step after the backend's.
type Appender interface {
	AppendJSON(b []byte) ([]byte, error)
}

// AppendJSON appends to b the list as json.Marshal does.
func (r ListResult) AppendJSON(b []byte) ([]byte, error) {
	var err error
	if b == nil {
		b = make([]byte, 0, 64+512*len(r.Sessions)) // a session takes 400 to 500 bytes
	}
	b = append(b, `{"sessions":`...)
	if r.Sessions == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Sessions {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendSession(b, &r.Sessions[i]); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"failures":`...)
	switch {
	case r.Failures == nil:
		b = append(b, "null"...)
	case len(r.Failures) == 0:
		b = append(b, "[]"...)
	default:
		// Failures are few and their data varied: encoding/json.
		f, err := json.Marshal(r.Failures)
		if err != nil {
			return nil, err
		}
		b = append(b, f...)
	}
	return append(b, '}'), nil
}

// AppendJSON appends to b the processes as json.Marshal does.
func (r ProcessesResult) AppendJSON(b []byte) ([]byte, error) {
	var err error
	if b == nil {
		b = make([]byte, 0, 32+256*len(r.Processes))
	}
	b = append(b, `{"processes":`...)
	if r.Processes == nil {
		return append(b, "null}"...), nil
	}
	b = append(b, '[')
	for i := range r.Processes {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendProcess(b, &r.Processes[i]); err != nil {
			return nil, err
		}
	}
	return append(b, "]}"...), nil
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string exactly as encoding/json does,
// with HTML escaping: <, > and & as \u003c, \u003e, \u0026, the other
// control characters as \u00XX except \b, \f, \n, \r and \t, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 escaped; other UTF-8 stays as it is.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFloat appends f as encoding/json encodes a float64: the shortest
// form that reads back the same, in exponent form below 1e-6 and from
// 1e21 on, with the exponent's leading zero dropped.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// appendTime appends t as time.Time's MarshalJSON does: RFC 3339 with
// nanoseconds, quoted; a year outside 0 to 9999 or an offset of 24 hours
// or more is an error, as there.
func appendTime(b []byte, t time.Time) ([]byte, error) {
	b = append(b, '"')
	n0 := len(b)
	b = t.AppendFormat(b, time.RFC3339Nano)
	num2 := func(d []byte) byte { return 10*(d[0]-'0') + (d[1] - '0') }
	switch {
	case len(b)-n0 < 5 || b[n0+4] != '-':
		return nil, errors.New("Time.MarshalJSON: year outside of range [0,9999]")
	case b[len(b)-1] != 'Z':
		if c := b[len(b)-6]; ('0' <= c && c <= '9') || num2(b[len(b)-5:]) >= 24 {
			return nil, errors.New("Time.MarshalJSON: timezone hour outside of range [0,23]")
		}
	}
	return append(b, '"'), nil
}
