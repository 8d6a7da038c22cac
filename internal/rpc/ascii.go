package rpc

import (
	"unicode/utf16"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// appendASCII appends the JSON text b to dst with every non-ASCII character
// written as a \uXXXX escape (a surrogate pair above U+FFFF). b must be
// valid JSON as encoding/json writes it: non-ASCII bytes then only occur
// inside strings, where an escape means the same character.
func appendASCII(dst, b []byte) []byte {
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

func appendEscape(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u',
		hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}
