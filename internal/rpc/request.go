package rpc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/usersession/usersession/internal/contract"
)

// request is a valid request object, taken apart.
type request struct {
	method json.RawMessage // a JSON string
	params json.RawMessage // nil when absent or null
	id     json.RawMessage // nil for a notification
}

// member is one member of a JSON object: its name decoded, its value as
// it was written.
type member struct {
	name  []byte
	value json.RawMessage
}

// errDuplicate is an object that gives a member twice.
type errDuplicate struct{ name string }

func (e *errDuplicate) Error() string { return fmt.Sprintf("%q is given twice", e.name) }

// objectMembers returns the members of b, which must be valid JSON
// (json.Valid), in
// order, each name once, without decoding the values: the values are
// slices of b. Names are compared decoded, as a decoder reads them, so
// "id" and "\u0069d" are one name (and invalid UTF-8 is U+FFFD): a name given twice is reported as an *errDuplicate (the first
// one, after the whole object is read), never "the last one wins", since
// an object that says two things must not be read as either. It returns
// ok false when b is not an object.
func objectMembers(b []byte) (members []member, ok bool, err error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false, nil
	}
	members = make([]member, 0, 4)
	var seen map[string]bool // past a few members, so that a long line costs linear time
	var dup error
	for i = skipSpace(b, i+1); i < len(b) && b[i] == '"'; {
		end := valueEnd(b, i)
		name := b[i+1 : end-1]
		if bytes.IndexByte(name, '\\') >= 0 || !utf8.Valid(name) {
			var decoded string
			if err := json.Unmarshal(b[i:end], &decoded); err != nil {
				return nil, true, err
			}
			name = []byte(decoded)
		}
		i = skipSpace(b, skipSpace(b, end)+1) // past the colon
		end = valueEnd(b, i)
		value := b[i:end]
		i = skipSpace(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
		if len(members) == 8 {
			seen = make(map[string]bool)
			for _, m := range members {
				seen[string(m.name)] = true
			}
		}
		var given bool
		if seen == nil {
			given = slices.ContainsFunc(members, func(m member) bool { return bytes.Equal(m.name, name) })
		} else {
			given = seen[string(name)]
			seen[string(name)] = true
		}
		if given {
			if dup == nil {
				dup = &errDuplicate{string(name)}
			}
			continue
		}
		members = append(members, member{name, value})
	}
	return members, true, dup
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the index just after the JSON value that starts at i
// in valid JSON.
func valueEnd(b []byte, i int) int {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			for j++; j < len(b) && b[j] != '"'; j++ {
				if b[j] == '\\' {
					j++
				}
			}
			if depth == 0 {
				return j + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				if depth < 0 { // the end of the enclosing object
					return j
				}
				return j + 1
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return j
			}
		}
	}
	return len(b)
}

// parseRequest checks one request object. On failure it returns the id to
// answer with (null when the id itself is unusable) and the error.
func parseRequest(b []byte) (request, json.RawMessage, *contract.Error) {
	var r request
	members, ok, err := objectMembers(b)
	if !ok {
		return r, nullID, invalidRequest("a request must be a JSON object")
	}
	var jsonrpc, id, method, params json.RawMessage
	hasID, hasMethod := false, false
	for _, m := range members {
		switch string(m.name) {
		case "jsonrpc":
			jsonrpc = m.value
		case "id":
			id, hasID = m.value, true
		case "method":
			method, hasMethod = m.value, true
		case "params":
			params = m.value
		}
	}
	answerTo := nullID
	if hasID {
		switch jsonType(id) {
		case '"', 'n', '0':
			// A copy: the line it points into is reused, the id is not.
			r.id = bytes.Clone(id)
			answerTo = r.id
		default:
			return r, nullID, invalidRequest(`"id" must be a string, a number or null`)
		}
	}
	var dup *errDuplicate
	switch {
	case errors.As(err, &dup) && dup.name == "id":
		return r, nullID, invalidRequest(dup.Error())
	case err != nil:
		return r, answerTo, invalidRequest(err.Error())
	}
	if string(jsonrpc) != `"2.0"` {
		return r, answerTo, invalidRequest(`"jsonrpc" must be "2.0"`)
	}
	if !hasMethod {
		return r, answerTo, invalidRequest(`"method" is missing`)
	}
	if jsonType(method) != '"' {
		return r, answerTo, invalidRequest(`"method" must be a string`)
	}
	r.method = method
	switch jsonType(params) {
	case 0, 'n':
	case '{':
		// The library decodes params into a map and encodes them again,
		// which would keep the last of two members of one name.
		if _, _, err := objectMembers(params); err != nil {
			return r, answerTo, contract.ErrorOf(paramsMembersError(err))
		}
		r.params = params
	case '[':
		r.params = params
	default:
		return r, answerTo, invalidRequest(`"params" must be an object of named parameters`)
	}
	return r, nil, nil
}

// name is the method's name, decoded.
func (r request) name() string {
	var name string
	_ = json.Unmarshal(r.method, &name)
	return name
}

// jsonType classifies a JSON value by its first byte: '{', '[', '"', 'n'
// (null), 't'/'f' (booleans), '0' (a number), or 0 when empty.
func jsonType(v json.RawMessage) byte {
	if len(v) == 0 {
		return 0
	}
	switch c := v[0]; c {
	case '{', '[', '"', 'n', 't', 'f':
		return c
	}
	return '0'
}

func invalidRequest(msg string) *contract.Error {
	return &contract.Error{Code: contract.CodeInvalidRequest, Message: "invalid request: " + msg}
}

// paramsMembersError is the -32602 error of params whose members cannot
// be taken apart: a name given twice, named.
func paramsMembersError(err error) error {
	var dup *errDuplicate
	if errors.As(err, &dup) {
		return contract.Invalid(dup.name, fmt.Sprintf("%s is given twice; give each parameter once", dup.name))
	}
	return contract.Invalid("", err.Error())
}

// errorMessage encodes an error response to id.
func errorMessage(id json.RawMessage, e *contract.Error) []byte {
	msg, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *contract.Error `json:"error"`
	}{"2.0", id, e})
	return msg
}
