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
	"sync/atomic"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/usersession/usersession/internal/audit"
	"github.com/usersession/usersession/internal/explain"
	"github.com/usersession/usersession/internal/session"
)

// Server answers the usersession methods over a Backend.
type Server struct {
	svc     *session.Service
	audit   *audit.Trail
	log     *log.Logger
	maxLine int
	methods map[string]*Method
	order   []*Method
	// backendNames is the backend's LocalNames once asked: the first
	// answer may wait on the resolver, the later ones come from here.
	backendNames atomic.Pointer[[]string]
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
		if opts.Audit.Code == nil {
			opts.Audit.Code = Code
		}
		s.svc.Audit = opts.Audit
	}
	if s.log == nil {
		s.log = log.New(io.Discard, "", 0)
	}
	s.methods = make(map[string]*Method)
	add(s, "rpc.discover", "Describe every method in an OpenRPC 1.3 document.", nil, s.discover).inline = always
	// server.info waits on the resolver the first time it names the
	// local host; from then on it answers from memory.
	add(s, "server.info", "Describe the helper, its backend and the local host.", nil, s.info).inline = s.namesKnown
	add(s, "session.list", "List the sessions of one or more hosts, asked all at once, each with its own timeout.",
		[]int64{CodeAccessDenied, CodeNotSupported, CodeUnreachable, CodeTimeout, CodeInvalidParams}, s.list)
	add(s, "session.logoff", "Sign a session out; its unsaved work is lost.",
		[]int64{CodeAccessDenied, CodeNoSession, CodeRefused, CodeNotSupported, CodeUnreachable, CodeTimeout, CodeInvalidParams}, s.act(session.ActionLogoff))
	add(s, "session.disconnect", "Disconnect the client of a session; the session keeps running.",
		[]int64{CodeAccessDenied, CodeNoSession, CodeRefused, CodeNotSupported, CodeUnreachable, CodeTimeout, CodeInvalidParams}, s.act(session.ActionDisconnect))
	add(s, "session.message", "Show a message box in a session and, if asked, wait for the answer.",
		[]int64{CodeAccessDenied, CodeNoSession, CodeNotSupported, CodeUnreachable, CodeTimeout, CodeInvalidParams}, s.message)
	add(s, "session.processes", "List the processes of a host's sessions.",
		[]int64{CodeAccessDenied, CodeNotSupported, CodeUnreachable, CodeTimeout, CodeInvalidParams}, s.processes)
	add(s, "session.resolve", "Group computer names by the host they mean (the local machine under any of its names, one server under two), as session.list would ask them.",
		[]int64{CodeInvalidParams}, s.resolveHosts)
	add(s, "session.reclaim", "Take back idle sessions by a policy in one bounded run: decide for each session with its reason in numbers, warn, wait, check again that it is the same logon and still idle, act, and report; never two runs at once.",
		[]int64{CodeAccessDenied, CodeRefused, CodeNotSupported, CodeUnreachable, CodeTimeout, CodeInvalidParams}, s.reclaim)
	add(s, "session.watch", "Watch hosts for session changes: answers a watchId once each host has been listed (within timeoutSeconds) or has failed to be, then sends a session.event notification for each change after that listing until session.unwatch or the end of input.",
		[]int64{CodeInvalidParams}, s.watch)
	add(s, "session.unwatch", "Stop a watch.", []int64{CodeInvalidParams}, s.unwatch)
	s.notification("session.event", "Sent by the helper, never by a client: one change a watch saw (logon, logoff, connect, disconnect, lock, unlock, stateChange, unreachable).", EventParams{})
	return s
}

// Method is one entry of the method table: its name, its params and result
// types (for the OpenRPC document) and the function that serves it.
type Method struct {
	Name    string
	Summary string
	// Params is the zero value of the params type, Result of the result type.
	Params, Result any
	// Errors are the application error codes the method can answer.
	Errors []int64

	fields map[string]bool // params field names; true when required
	call   func(context.Context, json.RawMessage) (any, error)
	// inline, when set, tells whether the method now answers from memory,
	// without waiting, with a small response: Serve may then run it on the
	// reading goroutine.
	inline func() bool
	// Notification marks a message the helper sends (Result is nil): it
	// is described, never called.
	Notification bool

	fieldsOnce sync.Once // fields are read from the params type on first use
}

// notification describes a notification the helper sends.
func (s *Server) notification(name, summary string, params any) {
	m := &Method{Name: name, Summary: summary, Params: params, Notification: true}
	m.call = func(context.Context, json.RawMessage) (any, error) {
		return nil, fmt.Errorf("%w %q: it is a notification the helper sends, not a method to call", errUnknownMethod, name)
	}
	s.methods[name] = m
	s.order = append(s.order, m)
}

// validator is implemented by params that check themselves after decoding.
type validator interface{ validate() error }

// add registers fn as the method name.
func add[P, R any](s *Server, name, summary string, errs []int64, fn func(context.Context, P) (R, error)) *Method {
	var p P
	var r R
	m := &Method{Name: name, Summary: summary, Params: p, Result: r, Errors: errs}
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
			if err := v.validate(); err != nil {
				return nil, err
			}
		}
		return fn(ctx, p)
	}
	s.methods[name] = m
	s.order = append(s.order, m)
	return m
}

// Methods returns the method table in the order of the wire contract.
func (s *Server) Methods() []*Method { return slices.Clone(s.order) }

// jsonFields returns the JSON names of a struct type's fields, true for
// those without omitempty (the required ones).
func jsonFields(t reflect.Type) map[string]bool {
	fields := map[string]bool{}
	if t == nil || t.Kind() != reflect.Struct {
		return fields
	}
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = !strings.Contains(opts, "omitempty")
	}
	return fields
}

// decodeParams decodes raw into p strictly: params must be an object, names
// match exactly, unknown names and missing or null required fields are
// errors that name the field.
func decodeParams(raw json.RawMessage, fields map[string]bool, p any) error {
	var m map[string]json.RawMessage
	switch kindOf(raw) {
	case 0, 'n':
	case '{':
		if err := json.Unmarshal(raw, &m); err != nil {
			return &paramsError{"", err.Error()}
		}
	default:
		return &paramsError{"", "params must be an object of named parameters, not an array"}
	}
	for name := range m {
		if _, ok := fields[name]; !ok {
			return &paramsError{name, fmt.Sprintf("unknown field %q; the fields are %s", name, fieldList(fields))}
		}
	}
	for name, required := range fields {
		if v, ok := m[name]; required && (!ok || kindOf(v) == 'n') {
			return &paramsError{name, fmt.Sprintf("%s is required", name)}
		}
	}
	if m == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &paramsError{te.Field, mismatch(reflect.TypeOf(p).Elem(), te)}
		}
		return &paramsError{"", err.Error()}
	}
	return nil
}

func fieldList(fields map[string]bool) string {
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
				return fmt.Sprintf("each element of %s must be %s, not %s", te.Field, explain.Type(te.Type), explain.Found(te.Value))
			}
		}
	}
	return fmt.Sprintf("%s must be %s, not %s", te.Field, explain.Type(te.Type), explain.Found(te.Value))
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
	if near := explain.Nearest(name, names); near != "" {
		return fmt.Errorf("%w %q; did you mean %s? rpc.discover lists the methods", errUnknownMethod, name, near)
	}
	return fmt.Errorf("%w %q; rpc.discover lists the methods", errUnknownMethod, name)
}

// answer serves req and encodes the outcome: "result" and the result, or
// "error" and the error object mapped by the table in errors.go.
func (s *Server) answer(ctx context.Context, req *jsonrpc2.Request) (member string, body []byte) {
	res, err := s.call(ctx, req)
	if err == nil {
		if a, ok := res.(jsonAppender); ok {
			body, err = a.appendJSON(nil)
		} else {
			body, err = json.Marshal(res)
		}
		if err == nil {
			return "result", body
		}
		s.log.Printf("encode result of %s: %v", req.Method, err)
		err = fmt.Errorf("internal error: encode result of %s: %w", req.Method, err)
	}
	body, merr := json.Marshal(toError(err))
	if merr != nil {
		body, _ = json.Marshal(&jsonrpc2.Error{Code: CodeInternal, Message: "encode error: " + merr.Error()})
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
		return nil, appendASCII(nil, body)
	}
	return appendASCII(nil, body), nil
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
	member, body := h.srv.answer(ctx, req)
	if err := h.stream.reply(req.ID.Num, member, body); err != nil {
		h.srv.log.Printf("reply to %s: %v", req.Method, err)
	}
	if after.fn != nil && member == "result" {
		after.fn()
	}
}
