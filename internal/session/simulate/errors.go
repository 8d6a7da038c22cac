package simulate

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/usersession/usersession/internal/explanation"
	"github.com/usersession/usersession/internal/session"
)

// FixtureError is a fixture that does not parse or validate, told in the
// fixture's own terms: the file, the line and column, and the field's path
// (sessions[2].id, hosts.RDS02.latencyMs).
type FixtureError struct {
	// File is the fixture file, "" when the fixture was parsed from memory.
	File string
	// Line and Column (from 1) locate the value; 0 when not known.
	Line, Column int
	// Path is the field's path in the fixture, "" for the whole of it.
	Path string
	// Msg says what is wrong.
	Msg string
	// Err is the decoder's error behind Msg, if any.
	Err error
}

// Error reads "fixture FILE:LINE:COLUMN: MSG", as compilers write it, so
// that editors can jump to the place.
func (e *FixtureError) Error() string {
	var b strings.Builder
	b.WriteString("fixture")
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, " %s:%d:%d", e.File, e.Line, e.Column)
	case e.File != "":
		fmt.Fprintf(&b, " %s", e.File)
	case e.Line > 0:
		fmt.Fprintf(&b, " line %d, column %d", e.Line, e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

func (e *FixtureError) Unwrap() error { return e.Err }

// locate sets the line and column of the error's path in the fixture text.
func (e *FixtureError) locate(data []byte) {
	if off, ok := explanation.Find(data, e.Path); ok {
		e.Line, e.Column = explanation.Position(data, off)
	}
}

// parseError explains why data did not decode into a Fixture: the first
// value that does not fit, by its path.
func parseError(data []byte, err error) error {
	if p := explanation.Check(data, reflect.TypeFor[Fixture](), "the fixture"); p != nil {
		fe := &FixtureError{Path: p.Path, Msg: p.Msg, Err: err}
		fe.Line, fe.Column = explanation.Position(data, p.Offset)
		return fe
	}
	// The walk found nothing the decoder did: say what the decoder said,
	// where it said it.
	fe := &FixtureError{Msg: err.Error(), Err: err}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		fe.Line, fe.Column = explanation.Position(data, se.Offset)
	case errors.As(err, &te):
		fe.Line, fe.Column = explanation.Position(data, te.Offset)
	}
	return fe
}

// responses are the answers a fixture's messageResponse may give.
var responses = []session.Response{session.ResponseOK, session.ResponseCancel, session.ResponseYes, session.ResponseNo, session.ResponseTimeout}

// checkSessions validates the sessions of one host, at path in the fixture.
func checkSessions(path string, ss []Session) error {
	first := map[uint32]int{}
	for i, s := range ss {
		at := explanation.Index(path, i)
		if j, dup := first[s.ID]; dup {
			return &FixtureError{Path: at + ".id", Msg: fmt.Sprintf("%s.id: session %d appears twice (first at %s)", at, s.ID, explanation.Index(path, j))}
		}
		first[s.ID] = i
		if _, ok := session.ParseState(string(s.State)); !ok && s.State != "" {
			return &FixtureError{Path: at + ".state", Msg: fmt.Sprintf("%s.state: %q is not a state; the states are %v", at, s.State, session.States)}
		}
		if s.MessageResponse != "" && !slices.Contains(responses, s.MessageResponse) {
			return &FixtureError{Path: at + ".messageResponse", Msg: fmt.Sprintf("%s.messageResponse: %q is not a response; the responses are %v", at, s.MessageResponse, responses)}
		}
	}
	return nil
}
