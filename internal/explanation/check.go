package explanation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// Problem is the first place where a JSON document does not fit a Go type.
type Problem struct {
	// Path is the value's path in the document: sessions[2].id,
	// hosts.RDS02.latencyMs; "" for the whole document.
	Path string
	// Offset is the byte offset in the document where the value (or the
	// field name, for an unknown field) starts.
	Offset int64
	// Msg says what is wrong, naming the path.
	Msg string
}

func (p *Problem) Error() string { return p.Msg }

// Key returns the path of member key of the object at path: path.key, or
// path["key"] when key is not a plain name.
func Key(path, key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			plain = false
			break
		}
	}
	switch {
	case !plain:
		return path + "[" + strconv.Quote(key) + "]"
	case path == "":
		return key
	}
	return path + "." + key
}

// Index returns the path of element i of the array at path: path[i].
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Check walks the JSON document data as encoding/json would decode it into
// a value of type t, with unknown object fields disallowed, and returns the
// first value that does not fit, or nil when all of it does. name is what
// the document is called in messages about the whole of it ("the
// fixture"). Check is meant for the error path: it explains why decoding
// failed.
func Check(data []byte, t reflect.Type, name string) *Problem {
	w := &walker{data: data, dec: json.NewDecoder(bytes.NewReader(data)), name: name}
	w.dec.UseNumber()
	if p := w.value(t, ""); p != nil {
		return p
	}
	at := w.start()
	if _, err := w.dec.Token(); err != io.EOF {
		return &Problem{Offset: at, Msg: fmt.Sprintf("there is more after the end of %s", name)}
	}
	return nil
}

// Find returns the offset of the value at path in data, as Key and Index
// write paths, and false when data has no such value.
func Find(data []byte, path string) (int64, bool) {
	w := &walker{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	w.dec.UseNumber()
	off, found, _ := w.find("", path)
	return off, found
}

type walker struct {
	data []byte
	dec  *json.Decoder
	name string
}

// start returns the offset of the next token.
func (w *walker) start() int64 {
	off := w.dec.InputOffset()
	for off < int64(len(w.data)) && strings.IndexByte(" \t\r\n,:", w.data[off]) >= 0 {
		off++
	}
	return off
}

func (w *walker) subject(path string) string {
	if path == "" {
		return w.name
	}
	return path
}

// syntax turns an error of the decoder into a Problem at the value at path.
func (w *walker) syntax(err error, path string) *Problem {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &Problem{Path: path, Offset: w.badCharAt(se), Msg: "invalid JSON: " + se.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Problem{Path: path, Offset: int64(len(w.data)), Msg: fmt.Sprintf("invalid JSON: %s ends too early", w.name)}
	}
	return &Problem{Path: path, Offset: w.dec.InputOffset(), Msg: "invalid JSON: " + err.Error()}
}

// badCharAt returns the offset of the character a syntax error is about.
// Depending on where the decoder finds it, the error's Offset is that of
// the character, of the one after it, or (in a literal such as tru}) of
// the literal's second character; the character is looked for from there.
func (w *walker) badCharAt(se *json.SyntaxError) int64 {
	off := se.Offset
	quoted, ok := strings.CutPrefix(se.Error(), "invalid character '")
	if !ok || quoted == "" {
		return off
	}
	c := quoted[0]
	if c == '\\' && len(quoted) > 1 {
		c = quoted[1] // '\'' and '\"'
	}
	n := int64(len(w.data))
	if off >= 0 && off < n && w.data[off] == c {
		return off
	}
	for i := max(off-1, 0); i < min(n, off+64); i++ {
		if w.data[i] == c {
			return i
		}
	}
	return off
}

// value checks the next value of the stream against t.
func (w *walker) value(t reflect.Type, path string) *Problem {
	at := w.start()
	tok, err := w.dec.Token()
	if err != nil {
		return w.syntax(err, path)
	}
	if tok == nil {
		return nil // null fits everything
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	mismatch := func(found string) *Problem {
		return &Problem{Path: path, Offset: at, Msg: fmt.Sprintf("%s must be %s, not %s", w.subject(path), Type(t), found)}
	}
	if t.Kind() == reflect.Interface {
		return w.skip(tok, path)
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		var raw []byte
		switch v := tok.(type) {
		case json.Delim:
			return w.skip(tok, path)
		case json.Number:
			raw = []byte(v)
		default:
			raw, _ = json.Marshal(v)
		}
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			if t == timeType {
				return mismatch(string(raw))
			}
			return &Problem{Path: path, Offset: at, Msg: fmt.Sprintf("%s: %v", w.subject(path), err)}
		}
		return nil
	}
	switch v := tok.(type) {
	case json.Delim:
		switch {
		case v == '{' && t.Kind() == reflect.Struct:
			return w.object(path, func(key string, keyAt int64) *Problem {
				ft, ok := field(t, key)
				if !ok {
					return w.unknown(t, path, key, keyAt)
				}
				return w.value(ft, Key(path, key))
			})
		case v == '{' && t.Kind() == reflect.Map:
			return w.object(path, func(key string, _ int64) *Problem { return w.value(t.Elem(), Key(path, key)) })
		case v == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
			for i := 0; w.dec.More(); i++ {
				if p := w.value(t.Elem(), Index(path, i)); p != nil {
					return p
				}
			}
			if _, err := w.dec.Token(); err != nil {
				return w.syntax(err, path)
			}
			return nil
		case v == '{':
			return mismatch("an object")
		}
		return mismatch("an array")
	case string:
		if t.Kind() == reflect.String {
			return nil
		}
		return mismatch("a string")
	case bool:
		if t.Kind() == reflect.Bool {
			return nil
		}
		return mismatch("true or false")
	case json.Number:
		var err error
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			_, err = strconv.ParseInt(string(v), 10, t.Bits())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			_, err = strconv.ParseUint(string(v), 10, t.Bits())
		case reflect.Float32, reflect.Float64:
			_, err = strconv.ParseFloat(string(v), t.Bits())
		default:
			return mismatch(string(v))
		}
		if err != nil {
			return mismatch(string(v))
		}
		return nil
	}
	return nil
}

// object walks the members of an object whose '{' was read, calling member
// for each with the stream before the member's value.
func (w *walker) object(path string, member func(key string, keyAt int64) *Problem) *Problem {
	for w.dec.More() {
		keyAt := w.start()
		tok, err := w.dec.Token()
		if err != nil {
			return w.syntax(err, path)
		}
		key, _ := tok.(string)
		if p := member(key, keyAt); p != nil {
			return p
		}
	}
	if _, err := w.dec.Token(); err != nil {
		return w.syntax(err, path)
	}
	return nil
}

// unknown is the Problem of a member that struct t does not have.
func (w *walker) unknown(t reflect.Type, path, key string, at int64) *Problem {
	names := fieldNames(t)
	msg := fmt.Sprintf("%s has no field %q; ", w.subject(path), key)
	if near := Nearest(key, names); near != "" {
		msg += "did you mean " + near + "?"
	} else {
		msg += "the fields are " + strings.Join(names, ", ")
	}
	return &Problem{Path: Key(path, key), Offset: at, Msg: msg}
}

// skip reads the rest of a value whose first token was tok.
func (w *walker) skip(tok json.Token, path string) *Problem {
	if d, ok := tok.(json.Delim); !ok || (d != '{' && d != '[') {
		return nil
	}
	for depth := 1; depth > 0; {
		tok, err := w.dec.Token()
		if err != nil {
			return w.syntax(err, path)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// find walks the next value, at path, looking for the value at target.
// done is true when the walk must stop (found, or a syntax error).
func (w *walker) find(path, target string) (off int64, found, done bool) {
	at := w.start()
	if path == target {
		return at, true, true
	}
	tok, err := w.dec.Token()
	if err != nil {
		return 0, false, true
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return 0, false, false
	}
	for i := 0; w.dec.More(); i++ {
		sub := Index(path, i)
		if d == '{' {
			tok, err := w.dec.Token()
			if err != nil {
				return 0, false, true
			}
			key, _ := tok.(string)
			sub = Key(path, key)
		}
		if off, found, done := w.find(sub, target); done {
			return off, found, done
		}
	}
	if _, err := w.dec.Token(); err != nil {
		return 0, false, true
	}
	return 0, false, false
}

// field returns the type of struct t's field that encoding/json decodes
// key into: the exact name first, else one that differs only in case.
func field(t reflect.Type, key string) (reflect.Type, bool) {
	fs := fields(t)
	for _, f := range fs {
		if f.name == key {
			return f.typ, true
		}
	}
	for _, f := range fs {
		if strings.EqualFold(f.name, key) {
			return f.typ, true
		}
	}
	return nil, false
}

func fieldNames(t reflect.Type) []string {
	var names []string
	for _, f := range fields(t) {
		names = append(names, f.name)
	}
	slices.Sort(names)
	return names
}

type jsonField struct {
	name string
	typ  reflect.Type
}

// fields lists the JSON fields of struct t, those of embedded structs
// included, a shallower field hiding a deeper one of the same name.
func fields(t reflect.Type) []jsonField {
	var out []jsonField
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				embedded = append(embedded, ft)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name, ft})
	}
	for _, e := range embedded {
		for _, f := range fields(e) {
			if !slices.ContainsFunc(out, func(o jsonField) bool { return o.name == f.name }) {
				out = append(out, f)
			}
		}
	}
	return out
}
