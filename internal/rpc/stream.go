package rpc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/usersession/usersession/internal/contract"
)

var (
	nullID  = json.RawMessage("null")
	utf8BOM = []byte{0xEF, 0xBB, 0xBF}
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
	// refuse, when set, tells whether a notification (a request without an
	// id) of the method named is refused: it is then dropped unserved
	// (refuse logs it), since nobody could hear the outcome of an action.
	refuse func(method string) bool
}

// pending is a request handed to the library and not yet answered.
type pending struct {
	id     json.RawMessage // the caller's id; nil for a notification
	params json.RawMessage // the params as sent; nil when absent or null
	batch  *batch
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
			s.writeError(nullID, contract.CodeInvalidRequest,
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

// accept turns a line into a request for the library, or answers it here
// and returns nil.
func (s *Stream) accept(line []byte) []byte {
	line = bytes.TrimPrefix(line, utf8BOM)
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil
	}
	if !utf8.Valid(line) {
		s.writeError(nullID, contract.CodeParseError, "parse error: the line is not valid UTF-8")
		return nil
	}
	if !json.Valid(line) {
		var raw json.RawMessage
		err := json.Unmarshal(line, &raw) // for the message only
		s.writeError(nullID, contract.CodeParseError, "parse error: "+err.Error())
		return nil
	}
	if line[0] == '[' {
		return s.acceptBatch(line)
	}
	r, id, perr := parseRequest(line)
	if perr != nil {
		s.writeLineError(id, perr)
		return nil
	}
	if s.refused(r) {
		return nil
	}
	return s.register(r, nil)
}

// acceptBatch answers the invalid members of a batch, queues the valid
// ones, and returns the first of them.
func (s *Stream) acceptBatch(line []byte) []byte {
	var elems []json.RawMessage
	if err := json.Unmarshal(line, &elems); err != nil || len(elems) == 0 {
		s.writeError(nullID, contract.CodeInvalidRequest, "invalid request: an empty batch")
		return nil
	}
	b := &batch{}
	var reqs [][]byte
	s.mu.Lock()
	for _, el := range elems {
		r, id, perr := parseRequest(el)
		if perr != nil {
			b.parts = append(b.parts, errorMessage(id, perr))
			continue
		}
		if s.refused(r) {
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

// refused reports whether r is a notification Stream drops unserved.
func (s *Stream) refused(r request) bool {
	return r.id == nil && s.refuse != nil && s.refuse(r.name())
}

// register records r as pending and returns it encoded for the library
// under Stream's own id, without its params (see params).
func (s *Stream) register(r request, b *batch) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.registerLocked(r, b)
}

func (s *Stream) registerLocked(r request, b *batch) []byte {
	s.next++
	n := s.next
	// A copy: the line the params point into is reused.
	s.pending[n] = pending{id: r.id, params: bytes.Clone(r.params), batch: b}
	out := make([]byte, 0, len(r.method)+48)
	out = append(out, `{"jsonrpc":"2.0","id":`...)
	out = strconv.AppendUint(out, n, 10)
	out = append(out, `,"method":`...)
	out = append(out, r.method...)
	return append(out, '}')
}

// params returns the params of request n as they were sent. The library
// gets a request without them: it would decode them into a map and
// encode them again, keeping the last of two members of one name.
func (s *Stream) params(n uint64) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending[n].params
}

func (s *Stream) writeError(id json.RawMessage, code int64, message string) {
	s.writeLineError(id, &contract.Error{Code: code, Message: message})
}

func (s *Stream) writeLineError(id json.RawMessage, e *contract.Error) {
	_ = s.writeLine(errorMessage(id, e))
}

func joinBatch(parts [][]byte) []byte {
	out := []byte{'['}
	out = append(out, bytes.Join(parts, []byte{','})...)
	return append(out, ']')
}
