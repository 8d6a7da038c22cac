package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
)

// diagnose prints what platformDiagnose reports of this machine or of the
// one host named, as indented JSON in ASCII (every other character
// escaped, as on the wire, so that a Windows console of any code page
// copies it intact into a bug report).
func (e *env) diagnose(args []string) int {
	host := ""
	switch {
	case len(args) > 1:
		return e.usageError("diagnose takes one HOST at most, got %d arguments", len(args))
	case len(args) == 1 && strings.HasPrefix(args[0], "-") && args[0] != "-":
		return e.usageError("diagnose: unknown flag %q", args[0])
	case len(args) == 1:
		host = strings.TrimSpace(args[0])
		if host == "" {
			return e.usageError("diagnose: HOST is blank")
		}
	}
	report, err := platformDiagnose(context.Background(), host)
	if err != nil {
		fmt.Fprintf(e.stderr, "usersession: diagnose: %v\n", err)
		return exitFailed
	}
	b, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		fmt.Fprintf(e.stderr, "usersession: diagnose: %v\n", err)
		return exitFailed
	}
	_, _ = e.stdout.Write(append(asciiJSON(b), '\n'))
	return exitOK
}

// asciiJSON escapes every non-ASCII character of JSON text b as \uXXXX
// (a surrogate pair beyond the BMP). Outside strings JSON is ASCII, so
// every such character is inside a string, where the escape means it.
func asciiJSON(b []byte) []byte {
	var out strings.Builder
	for _, r := range string(b) {
		if r < 0x80 {
			out.WriteRune(r)
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&out, `\u%04x`, u)
		}
	}
	return []byte(out.String())
}
