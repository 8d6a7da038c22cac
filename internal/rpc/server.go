package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/usersession/usersession/internal/audit"
	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/explanation"
	"github.com/usersession/usersession/internal/session"
)

// Server answers the usersession methods over a Backend.
type Server struct {
	svc     *session.Service
	audit   *audit.Trail
	log     *log.Logger
	maxLine int
	methods map[string]*method
	order   []*method
}

// Options tune a Server.
type Options struct {
	// Log receives what goes wrong outside of responses; nil discards it.
	Log *log.Logger
	// MaxLine is the longest request line in bytes; 0 means DefaultMaxLine.
	MaxLine int
	// Audit, when set, keeps the audit trail of every logoff, disconnect
	// and message; server.info reports its state.
	Audit *audit.Trail
	// MaxBlocked bounds the backend calls still running past their
	// timeout (session.Service.MaxBlocked); 0 means
	// session.DefaultMaxBlocked.
	MaxBlocked int
	// ReclaimLock keeps the reclaim runs of the machine apart; nil keeps
	// those of this server apart only.
	ReclaimLock session.Locker
}

// NewServer returns a Server that answers from b.
func NewServer(b session.Backend, opts Options) *Server {
	s := &Server{svc: session.NewService(b), log: opts.Log, maxLine: opts.MaxLine, audit: opts.Audit}
	s.svc.MaxBlocked = opts.MaxBlocked
	s.svc.ReclaimLock = opts.ReclaimLock
	if opts.Audit != nil {
		s.svc.Audit = opts.Audit
	}
	if s.log == nil {
		s.log = log.New(io.Discard, "", 0)
	}
	s.methods = make(map[string]*method)
	add(s, contract.Discover, s.discover).inline = always
	// server.info waits on the resolver the first time it names the
	// local host; from then on it answers from memory.
	add(s, contract.ServerInfo, s.info).inline = s.svc.LocalNamesKnown
	add(s, contract.SessionList, s.list)
	add(s, contract.SessionLogoff, s.act(session.ActionLogoff))
	add(s, contract.SessionDisconnect, s.act(session.ActionDisconnect))
	add(s, contract.SessionMessage, s.message)
	add(s, contract.SessionProcesses, s.processes)
	add(s, contract.SessionResolve, s.resolveHosts)
	add(s, contract.SessionReclaim, s.reclaim)
	add(s, contract.SessionWatch, s.watch)
	add(s, contract.SessionUnwatch, s.unwatch)
	s.notification(contract.SessionEvent)
	return s
}

// method is one method of the contract with the function that serves it.
type method struct {
	*contract.Method

	fields map[string]paramField // the params fields by JSON name
	call   func(context.Context, json.RawMessage) (any, error)
	// inline, when set, tells whether the method now answers from memory,
	// without waiting, with a small response: Serve may then run it on the
	// reading goroutine.
	inline func() bool

	fieldsOnce sync.Once // fields are read from the params type on first use
}

// notification registers a notification the helper sends: a call of it
// is an unknown method.
func (s *Server) notification(c *contract.Method) {
	m := &method{Method: c}
	m.call = func(context.Context, json.RawMessage) (any, error) {
		return nil, fmt.Errorf("%w %q: it is a notification the helper sends, not a method to call", contract.ErrUnknownMethod, c.Name)
	}
	s.methods[c.Name] = m
	s.order = append(s.order, m)
}

// add registers fn as the server's method for c, whose params and result
// types must be fn's.
func add[P, R any](s *Server, c *contract.Method, fn func(context.Context, P) (R, error)) *method {
	if reflect.TypeOf(c.Params) != reflect.TypeFor[P]() || reflect.TypeOf(c.Result) != reflect.TypeFor[R]() {
		panic(fmt.Sprintf("rpc: %s is served with %s and %s, the contract says %T and %T",
			c.Name, reflect.TypeFor[P](), reflect.TypeFor[R](), c.Params, c.Result))
	}
	m := &method{Method: c}
	m.call = func(ctx context.Context, raw json.RawMessage) (any, error) {
		// The table is built at every start, also for the one request of
		// usersession call: a method's params type is looked at only when
		// the method is called.
		m.fieldsOnce.Do(func() { m.fields = jsonFields(reflect.TypeFor[P]()) })
		var p P
		if err := decodeParams(raw, m.fields, &p); err != nil {
			return nil, err
		}
		if v, ok := any(&p).(validator); ok {
			if err := v.Validate(); err != nil {
				return nil, err
			}
		}
		return fn(ctx, p)
	}
	s.methods[c.Name] = m
	s.order = append(s.order, m)
	return m
}

// validator is implemented by params that check themselves after decoding.
type validator interface{ Validate() error }

// paramField is what decodeParams knows of a field of a params struct.
type paramField struct {
	// required is a field without omitempty: absent or null is an error.
	required bool
	// target is a field tagged wire:"target": it names what a method
	// selects or acts on, so given, it must not be null, nor an empty or
	// blank string, nor hold one; only leaving it out takes the default.
	target bool
	typ    reflect.Type
}

// jsonFields returns the fields of a params struct type by JSON name.
func jsonFields(t reflect.Type) map[string]paramField {
	fields := map[string]paramField{}
	if t == nil || t.Kind() != reflect.Struct {
		return fields
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = paramField{required: !strings.Contains(opts, "omitempty"), target: f.Tag.Get("wire") == "target", typ: f.Type}
	}
	return fields
}

// decodeParams decodes raw into p strictly: params must be an object, names
// match exactly and are given once, unknown names, missing or null
// required fields and null or blank targets are errors that name the
// field.
func decodeParams(raw json.RawMessage, fields map[string]paramField, p any) error {
	var members []member
	switch jsonType(raw) {
	case 0, 'n':
	case '{':
		if !json.Valid(raw) {
			return contract.Invalid("", "params are not valid JSON")
		}
		var err error
		if members, _, err = objectMembers(raw); err != nil {
			return paramsMembersError(err)
		}
	default:
		return contract.Invalid("", "params must be an object of named parameters, not an array")
	}
	given := make(map[string]json.RawMessage, len(members))
	for _, m := range members {
		name := string(m.name)
		if _, ok := fields[name]; !ok {
			return contract.Invalid(name, fmt.Sprintf("unknown field %q; the fields are %s", name, fieldList(fields)))
		}
		given[name] = m.value
	}
	for name, f := range fields {
		if v, ok := given[name]; f.required && (!ok || jsonType(v) == 'n') {
			return contract.Invalid(name, fmt.Sprintf("%s is required", name))
		}
	}
	for name, v := range given {
		if fields[name].target {
			if msg := blankTarget(name, v); msg != "" {
				return contract.Invalid(name, msg)
			}
		}
	}
	if members == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return contract.Invalid(te.Field, mismatch(reflect.TypeOf(p).Elem(), te))
		}
		// A value its type rejects (a time that does not parse): find
		// the member, so that the error names it.
		for name, v := range given {
			if ferr := json.Unmarshal(v, reflect.New(fields[name].typ).Interface()); ferr != nil {
				return contract.Invalid(name, fmt.Sprintf("%s: %v", name, ferr))
			}
		}
		return contract.Invalid("", err.Error())
	}
	return nil
}

// blankTarget says what is wrong with the value v given for the target
// name, or "" when nothing is: null, a string that is empty or only
// spaces, an array that holds one of those.
func blankTarget(name string, v json.RawMessage) string {
	switch jsonType(v) {
	case 'n':
		return fmt.Sprintf("%s is null; leave it out for the default", name)
	case '"':
		var str string
		if json.Unmarshal(v, &str) == nil && strings.TrimSpace(str) == "" {
			return fmt.Sprintf("%s is empty; leave it out for the default", name)
		}
	case '[':
		var elems []json.RawMessage
		if json.Unmarshal(v, &elems) != nil {
			return ""
		}
		for i, e := range elems {
			if msg := blankTarget(fmt.Sprintf("%s[%d]", name, i), e); msg != "" {
				return strings.TrimSuffix(msg, "; leave it out for the default")
			}
		}
	}
	return ""
}

func fieldList(fields map[string]paramField) string {
	var names []string
	for n := range fields {
		names = append(names, n)
	}
	if len(names) == 0 {
		return "none"
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// mismatch says what is wrong with a value of the wrong JSON type for a
// field of the params struct t: "ids must be an array of integers from 0 to
// 4294967295, not a string", or, for a wrong element of an array, "each
// element of ids must be ...".
func mismatch(t reflect.Type, te *json.UnmarshalTypeError) string {
	if t.Kind() == reflect.Struct {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == te.Field && f.Type.Kind() == reflect.Slice && te.Type != f.Type {
				return fmt.Sprintf("each element of %s must be %s, not %s", te.Field, explanation.Type(te.Type), explanation.Found(te.Value))
			}
		}
	}
	return fmt.Sprintf("%s must be %s, not %s", te.Field, explanation.Type(te.Type), explanation.Found(te.Value))
}

func (s *Server) call(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("panic in %s: %v\n%s", req.Method, r, debug.Stack())
			err = fmt.Errorf("internal error in %s: %v", req.Method, r)
		}
	}()
	m, ok := s.methods[req.Method]
	if !ok {
		return nil, s.unknownMethod(req.Method)
	}
	var raw json.RawMessage
	if req.Params != nil {
		raw = *req.Params
	}
	return m.call(ctx, raw)
}

// unknownMethod is the error of a call to a method not in the table,
// naming the nearest method when one is close.
func (s *Server) unknownMethod(name string) error {
	names := make([]string, len(s.order))
	for i, m := range s.order {
		names[i] = m.Name
	}
	if near := explanation.Nearest(name, names); near != "" {
		return fmt.Errorf("%w %q; did you mean %s? rpc.discover lists the methods", contract.ErrUnknownMethod, name, near)
	}
	return fmt.Errorf("%w %q; rpc.discover lists the methods", contract.ErrUnknownMethod, name)
}

// answer serves req and encodes the outcome: "result" and the result, or
// "error" and the error object mapped by the table in errors.go.
func (s *Server) answer(ctx context.Context, req *jsonrpc2.Request) (member string, body []byte) {
	res, err := s.call(ctx, req)
	if err == nil {
		if a, ok := res.(contract.Appender); ok {
			body, err = a.AppendJSON(nil)
		} else {
			body, err = json.Marshal(res)
		}
		if err == nil {
			return "result", body
		}
		s.log.Printf("encode result of %s: %v", req.Method, err)
		err = fmt.Errorf("internal error: encode result of %s: %w", req.Method, err)
	}
	body, merr := json.Marshal(contract.ErrorOf(err))
	if merr != nil {
		body, _ = json.Marshal(&contract.Error{Code: contract.CodeInternal, Message: "encode error: " + merr.Error()})
	}
	return "error", body
}

// Call serves one request in process, without a stream or a connection,
// as usersession call does: it returns the result, or else the error
// object, as ASCII JSON. A short-lived process thus starts no goroutine
// for the request and wakes no other thread.
func (s *Server) Call(ctx context.Context, method string, params json.RawMessage) (result, errObj []byte) {
	req := &jsonrpc2.Request{Method: method}
	if params != nil {
		req.Params = &params
	}
	member, body := s.answer(ctx, req)
	if member == "error" {
		return nil, contract.AppendASCII(nil, body)
	}
	return contract.AppendASCII(nil, body), nil
}

// ErrClientGone is returned by Serve when the reader of its output went
// away: the client died or closed its end, so nothing can be answered.
var ErrClientGone = errors.New("the client closed its end of the output pipe")

// Serve answers requests read from r on w until r ends, then returns once
// every request already read has been answered. It returns nil at a clean
// end of input.
//
// When w is a pipe (on Linux) and its reader goes away, Serve cancels the
// requests in flight and returns ErrClientGone at once, instead of waiting
// for answers nobody can read: a helper whose client died exits promptly.
func (s *Server) Serve(ctx context.Context, r io.Reader, w io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	gone, stop := outputGone(w)
	defer stop()
	stream := NewStream(r, w, s.maxLine)
	c := &conn{stream: stream}
	c.ctx, c.end = context.WithCancel(context.Background())
	stream.onEOF = c.end
	stream.refuse = s.refuseNotification
	defer c.end()
	h := streamHandler{s, stream, c}
	jc := jsonrpc2.NewConn(ctx, stream, h, jsonrpc2.SetLogger(s.log))
	select {
	case <-jc.DisconnectNotify():
	case <-gone:
		stream.fail(ErrClientGone)
		return ErrClientGone
	}
	stream.mu.Lock()
	defer stream.mu.Unlock()
	return stream.broken
}

// refuseNotification tells whether a notification of method is dropped
// unserved, and logs it: a method that acts on a session is carried out
// only for a request with an id, whose answer says what happened.
func (s *Server) refuseNotification(method string) bool {
	m := s.methods[method]
	if m == nil || !m.Acts {
		return false
	}
	s.log.Printf("refused: %s sent as a notification (no id), so nobody would hear its outcome; nothing was done. Send it with an id.", method)
	return true
}

// streamHandler serves the requests of one Stream and writes each response
// to it directly. The library's own reply path encodes a result, then
// re-encodes it twice more as it wraps it in its message types; for a list
// of 10,000 sessions that was most of the time of the call.
type streamHandler struct {
	srv    *Server
	stream *Stream
	conn   *conn
}

// Handle dispatches one request, on the goroutine that reads. Requests are
// served on goroutines of their own, so that a slow one never holds up the
// others, except the inline methods of the table (server.info,
// rpc.discover) when the stream is quiet (see Stream.quiet): a client that
// sends one request at a time then gets its answer without the wake-up of
// another thread, which was most of its round trip, and the small response
// is written without blocking. Every method that touches the backend's
// sessions still runs on its own goroutine.
func (h streamHandler) Handle(ctx context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if m := h.srv.methods[req.Method]; m != nil && m.inline != nil && m.inline() && h.stream.quiet() {
		h.serve(ctx, req)
		return
	}
	go h.serve(ctx, req)
}

// serve serves one request; it always replies, with a result or an error.
// What the method asked to run once its answer is out (a watch that
// starts sending) runs after the reply.
func (h streamHandler) serve(ctx context.Context, req *jsonrpc2.Request) {
	after := &afterReply{}
	ctx = context.WithValue(context.WithValue(ctx, connKey{}, h.conn), afterReplyKey{}, after)
	if p := h.stream.params(req.ID.Num); p != nil {
		req.Params = &p
	}
	member, body := h.srv.answer(ctx, req)
	if err := h.stream.reply(req.ID.Num, member, body); err != nil {
		h.srv.log.Printf("reply to %s: %v", req.Method, err)
	}
	if after.fn != nil && member == "result" {
		after.fn()
	}
}
