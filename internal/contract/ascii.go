package contract

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendASCII appends the JSON text b to dst with every non-ASCII character
// written as a \uXXXX escape (a surrogate pair above U+FFFF). b must be
// valid JSON as encoding/json writes it: non-ASCII bytes then only occur
// inside strings, where an escape means the same character.
func AppendASCII(dst, b []byte) []byte {
	start := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		dst = append(dst, b[start:i]...)
		r, size := utf8.DecodeRune(b[i:])
		i += size
		start = i
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			dst = appendEscape(dst, r1)
			dst = appendEscape(dst, r2)
		} else {
			dst = appendEscape(dst, r)
		}
	}
	return append(dst, b[start:]...)
}

// IsASCII reports whether b holds no byte above 0x7F; it looks at eight
// bytes at a time, since responses are long and almost always ASCII.
func IsASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func appendEscape(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u',
		hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}
