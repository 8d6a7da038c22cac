package rpc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/usersession/usersession/internal/contract"
)

// DefaultMaxLine is the longest line, in bytes, that Stream accepts by
// default. A longer line is answered with -32600 and skipped.
const DefaultMaxLine = 1 << 20

var (
	errLineTooLong = errors.New("line too long")
	nullID         = json.RawMessage("null")
	utf8BOM        = []byte{0xEF, 0xBB, 0xBF}
)

// Stream is a jsonrpc2.ObjectStream of newline-delimited JSON that keeps a
// connection alive whatever the peer sends.
//
// Every request gets an id of Stream's own before it reaches the library,
// and the caller's id (a string, any number, null) is put back into the
// response. Thus ids the library cannot hold (negative, fractional, huge,
// null) work, notifications are handled like requests whose response is
// dropped, and Stream always knows which requests are still unanswered.
type Stream struct {
	r       *bufio.Reader
	w       io.Writer
	maxLine int
	line    []byte

	wmu    sync.Mutex
	wbuf   []byte
	queued func() (int, bool) // bytes not yet read from w; nil if unknown

	mu      sync.Mutex
	idle    sync.Cond // signalled when pending empties or output breaks
	next    uint64
	pending map[uint64]pending
	queue   [][]byte // requests of a batch not yet handed to the library
	broken  error    // the first write error; nothing more can be answered

	// onEOF, when set, runs once input has ended, before the requests
	// still running are waited for: Serve stops the watches there.
	onEOF func()
}

// pending is a request handed to the library and not yet answered.
type pending struct {
	id    json.RawMessage // the caller's id; nil for a notification
	batch *batch
}

// batch collects the responses to one batch line until all are there.
type batch struct {
	waiting int
	parts   [][]byte
}

// NewStream returns a Stream that reads requests from r and writes
// responses to w. maxLine <= 0 means DefaultMaxLine.
func NewStream(r io.Reader, w io.Writer, maxLine int) *Stream {
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	s := &Stream{
		r:       bufio.NewReaderSize(r, 64<<10),
		w:       w,
		maxLine: maxLine,
		pending: make(map[uint64]pending),
		queued:  outputQueued(w),
	}
	s.idle.L = &s.mu
	return s
}

// quiet reports whether a small response can be written at once without
// blocking: the request being read is the only one in flight, no more
// input is waiting, and the client has read every byte written so far
// (so a write of less than a page, the least a pipe holds, cannot block).
// It must be called from the goroutine that reads.
func (s *Stream) quiet() bool {
	if s.queued == nil || s.r.Buffered() > 0 {
		return false
	}
	s.mu.Lock()
	alone := len(s.pending) == 1 && len(s.queue) == 0
	s.mu.Unlock()
	if !alone {
		return false
	}
	n, ok := s.queued()
	return ok && n == 0
}

// ReadObject reads lines until one holds a request for the library and
// decodes it into v. Lines that hold no valid request are answered here.
// At end of input it waits until every request already handed out has been
// answered, then returns io.EOF.
func (s *Stream) ReadObject(v any) error {
	for {
		s.mu.Lock()
		if len(s.queue) > 0 {
			req := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			return json.Unmarshal(req, v)
		}
		s.mu.Unlock()

		line, err := s.readLine()
		switch {
		case errors.Is(err, errLineTooLong):
			s.writeError(nullID, jsonrpc2.CodeInvalidRequest,
				fmt.Sprintf("line longer than %d bytes skipped; send one request per line", s.maxLine))
			continue
		case err != nil:
			if s.onEOF != nil {
				s.onEOF()
			}
			s.drain()
			return err
		}
		if req := s.accept(line); req != nil {
			return json.Unmarshal(req, v)
		}
	}
}

// WriteObject refuses: the handler writes every response through reply,
// which puts the caller's id back and encodes the result once. The library
// only writes when its own Reply or Call is used, which Serve never does.
func (s *Stream) WriteObject(any) error {
	return errors.New("rpc: responses are written by the handler, not through the connection")
}

// reply writes the response to request n, {"jsonrpc":"2.0","id":ID,
// "member":body} with the caller's id, or drops it when the request was a
// notification. body must be valid JSON.
func (s *Stream) reply(n uint64, member string, body []byte) error {
	s.mu.Lock()
	p, ok := s.pending[n]
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("response to unknown request %d", n)
	}
	var err error
	if p.id != nil {
		msg := make([]byte, 0, len(body)+len(p.id)+len(member)+30)
		msg = append(msg, `{"jsonrpc":"2.0","id":`...)
		msg = append(msg, p.id...)
		msg = append(msg, `,"`...)
		msg = append(msg, member...)
		msg = append(msg, `":`...)
		msg = append(msg, body...)
		msg = append(msg, '}')
		err = s.deliver(p.batch, msg)
	}
	s.finish(n)
	return err
}

// Close does nothing to the underlying streams, which belong to the caller.
func (s *Stream) Close() error { return nil }

// finish forgets request n and wakes drain when nothing is pending.
func (s *Stream) finish(n uint64) {
	s.mu.Lock()
	delete(s.pending, n)
	if len(s.pending) == 0 {
		s.idle.Broadcast()
	}
	s.mu.Unlock()
}

// drain waits until every pending request is answered or output is broken.
func (s *Stream) drain() {
	s.mu.Lock()
	for len(s.pending) > 0 && s.broken == nil {
		s.idle.Wait()
	}
	s.mu.Unlock()
}

// deliver writes msg, or adds it to its batch and writes the batch once it
// is complete.
func (s *Stream) deliver(b *batch, msg []byte) error {
	if b == nil {
		return s.writeLine(msg)
	}
	s.mu.Lock()
	b.parts = append(b.parts, msg)
	b.waiting--
	done := b.waiting == 0
	s.mu.Unlock()
	if !done {
		return nil
	}
	return s.writeLine(joinBatch(b.parts))
}

// readLine returns the next line without its terminator. A line longer
// than maxLine is consumed whole and reported as errLineTooLong.
func (s *Stream) readLine() ([]byte, error) {
	s.line = s.line[:0]
	tooLong := false
	for {
		frag, err := s.r.ReadSlice('\n')
		if !tooLong {
			if len(s.line)+len(frag) > s.maxLine+2 { // room for CR LF
				tooLong = true
				s.line = s.line[:0]
			} else {
				s.line = append(s.line, frag...)
			}
		}
		switch {
		case err == nil:
			if tooLong {
				return nil, errLineTooLong
			}
			return s.line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if tooLong {
				return nil, errLineTooLong
			}
			if len(s.line) > 0 {
				return s.line, nil
			}
			return nil, io.EOF
		default:
			return nil, fmt.Errorf("read request: %w", err)
		}
	}
}

// accept turns a line into a request for the library, or answers it here
// and returns nil.
func (s *Stream) accept(line []byte) []byte {
	line = bytes.TrimPrefix(line, utf8BOM)
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil
	}
	if !utf8.Valid(line) {
		s.writeError(nullID, jsonrpc2.CodeParseError, "parse error: the line is not valid UTF-8")
		return nil
	}
	if !json.Valid(line) {
		var raw json.RawMessage
		err := json.Unmarshal(line, &raw) // for the message only
		s.writeError(nullID, jsonrpc2.CodeParseError, "parse error: "+err.Error())
		return nil
	}
	if line[0] == '[' {
		return s.acceptBatch(line)
	}
	r, id, perr := parseRequest(line)
	if perr != nil {
		s.writeError(id, perr.Code, perr.Message)
		return nil
	}
	return s.register(r, nil)
}

// acceptBatch answers the invalid members of a batch, queues the valid
// ones, and returns the first of them.
func (s *Stream) acceptBatch(line []byte) []byte {
	var elems []json.RawMessage
	if err := json.Unmarshal(line, &elems); err != nil || len(elems) == 0 {
		s.writeError(nullID, jsonrpc2.CodeInvalidRequest, "invalid request: an empty batch")
		return nil
	}
	b := &batch{}
	var reqs [][]byte
	s.mu.Lock()
	for _, el := range elems {
		r, id, perr := parseRequest(el)
		if perr != nil {
			b.parts = append(b.parts, errorMessage(id, perr.Code, perr.Message))
			continue
		}
		if r.id != nil {
			b.waiting++
		}
		reqs = append(reqs, s.registerLocked(r, b))
	}
	if b.waiting == 0 {
		s.mu.Unlock()
		if len(b.parts) > 0 {
			_ = s.writeLine(joinBatch(b.parts))
		}
		if len(reqs) == 0 {
			return nil
		}
		s.mu.Lock()
	}
	s.queue = append(s.queue, reqs[min(1, len(reqs)):]...)
	s.mu.Unlock()
	if len(reqs) == 0 {
		return nil
	}
	return reqs[0]
}

// request is a valid request object, taken apart.
type request struct {
	method json.RawMessage // a JSON string
	params json.RawMessage // nil when absent or null
	id     json.RawMessage // nil for a notification
}

// parseRequest checks one request object. On failure it returns the id to
// answer with (null when the id itself is unusable) and the error.
func parseRequest(b []byte) (request, json.RawMessage, *jsonrpc2.Error) {
	var r request
	m, ok := scanRequest(b)
	if !ok {
		// Not an object, or a member name with an escape: decode properly.
		var all map[string]json.RawMessage
		if err := json.Unmarshal(b, &all); err != nil {
			return r, nullID, invalidRequest("a request must be a JSON object")
		}
		m.jsonrpc, m.params = all["jsonrpc"], all["params"]
		m.id, m.hasID = all["id"]
		m.method, m.hasMethod = all["method"]
	}
	answerTo := nullID
	if m.hasID {
		switch jsonType(m.id) {
		case '"', 'n', '0':
			// A copy: the line it points into is reused, the id is not.
			r.id = bytes.Clone(m.id)
			answerTo = r.id
		default:
			return r, nullID, invalidRequest(`"id" must be a string, a number or null`)
		}
	}
	if string(m.jsonrpc) != `"2.0"` {
		return r, answerTo, invalidRequest(`"jsonrpc" must be "2.0"`)
	}
	if !m.hasMethod {
		return r, answerTo, invalidRequest(`"method" is missing`)
	}
	if jsonType(m.method) != '"' {
		return r, answerTo, invalidRequest(`"method" must be a string`)
	}
	r.method = m.method
	switch jsonType(m.params) {
	case 0, 'n':
	case '{', '[':
		r.params = m.params
	default:
		return r, answerTo, invalidRequest(`"params" must be an object of named parameters`)
	}
	return r, nil, nil
}

// members are the members of a request object that matter, as slices of
// the text of the request.
type members struct {
	jsonrpc, id, method, params []byte
	hasID, hasMethod            bool
}

// scanRequest picks the members of the request object b, which must be
// valid JSON, without decoding it: where a name repeats, the last one
// counts, as when decoding into a map. It returns false when b is not an
// object or a member name holds an escape, which it leaves to a decoder.
func scanRequest(b []byte) (members, bool) {
	var m members
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return m, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return m, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return m, false
		}
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' {
				return m, false
			}
			j++
		}
		if j >= len(b) {
			return m, false
		}
		name := b[i+1 : j]
		i = skipSpace(b, j+1)
		if i >= len(b) || b[i] != ':' {
			return m, false
		}
		i = skipSpace(b, i+1)
		end := valueEnd(b, i)
		if end <= i {
			return m, false
		}
		v := b[i:end]
		switch string(name) {
		case "jsonrpc":
			m.jsonrpc = v
		case "id":
			m.id, m.hasID = v, true
		case "method":
			m.method, m.hasMethod = v, true
		case "params":
			m.params = v
		}
		i = skipSpace(b, end)
		switch {
		case i < len(b) && b[i] == '}':
			return m, true
		case i < len(b) && b[i] == ',':
			i = skipSpace(b, i+1)
		default:
			return m, false
		}
	}
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
// in valid JSON, or i when there is none.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	depth := 0
	for j := i; j < len(b); j++ {
		switch c := b[j]; c {
		case '"':
			for j++; j < len(b) && b[j] != '"'; j++ {
				if b[j] == '\\' {
					j++
				}
			}
			if j >= len(b) {
				return i
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

func invalidRequest(msg string) *jsonrpc2.Error {
	return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "invalid request: " + msg}
}

// register records r as pending and returns it encoded for the library
// under Stream's own id.
func (s *Stream) register(r request, b *batch) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.registerLocked(r, b)
}

func (s *Stream) registerLocked(r request, b *batch) []byte {
	s.next++
	n := s.next
	s.pending[n] = pending{id: r.id, batch: b}
	method := r.method
	out := make([]byte, 0, len(method)+len(r.params)+48)
	out = append(out, `{"jsonrpc":"2.0","id":`...)
	out = strconv.AppendUint(out, n, 10)
	out = append(out, `,"method":`...)
	out = append(out, method...)
	if r.params != nil {
		out = append(out, `,"params":`...)
		out = append(out, r.params...)
	}
	return append(out, '}')
}

// errorMessage encodes an error response to id.
func errorMessage(id json.RawMessage, code int64, message string) []byte {
	msg, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   jsonrpc2.Error  `json:"error"`
	}{"2.0", id, jsonrpc2.Error{Code: code, Message: message}})
	return msg
}

func (s *Stream) writeError(id json.RawMessage, code int64, message string) {
	_ = s.writeLine(errorMessage(id, code, message))
}

func joinBatch(parts [][]byte) []byte {
	out := []byte{'['}
	out = append(out, bytes.Join(parts, []byte{','})...)
	return append(out, ']')
}

// writeLine writes msg as one ASCII line. After the first failure nothing
// more is written and drain stops waiting. writeLine may use the spare
// capacity of msg.
func (s *Stream) writeLine(msg []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	broken := s.broken
	s.mu.Unlock()
	if broken != nil {
		return broken
	}
	var err error
	if contract.IsASCII(msg) {
		// The common case: no copy, the newline goes into spare capacity.
		_, err = s.w.Write(append(msg, '\n'))
	} else {
		s.wbuf = contract.AppendASCII(slices.Grow(s.wbuf[:0], len(msg)+len(msg)/4+1), msg)
		s.wbuf = append(s.wbuf, '\n')
		_, err = s.w.Write(s.wbuf)
		if cap(s.wbuf) > 1<<20 {
			s.wbuf = nil
		}
	}
	if err != nil {
		err = fmt.Errorf("write response: %w", err)
		s.fail(err)
	}
	return err
}

// fail marks the output broken with err, unless it already is: nothing
// more is written and drain stops waiting.
func (s *Stream) fail(err error) {
	s.mu.Lock()
	if s.broken == nil {
		s.broken = err
	}
	s.idle.Broadcast()
	s.mu.Unlock()
}
