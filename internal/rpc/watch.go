package rpc

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// WatchParams are the params of session.watch.
type WatchParams struct {
	// ComputerNames are the hosts to watch, each once however it is named;
	// none means the local host.
	ComputerNames []string `json:"computerNames,omitempty" jsonschema:"minItems=1"`
	// Events keeps only these events; none keeps all. unreachable is always
	// sent, so that silence never hides a host that is gone.
	Events []session.EventKind `json:"events,omitempty" jsonschema:"minItems=1"`
	// TimeoutSeconds is the time each listing of a host gets (default 10).
	TimeoutSeconds *float64 `json:"timeoutSeconds,omitempty" jsonschema:"exclusiveMinimum=0,maximum=3600"`
	// IntervalSeconds is how often a host is listed where the backend
	// cannot tell when its sessions change (default 2).
	IntervalSeconds *float64 `json:"intervalSeconds,omitempty" jsonschema:"minimum=0.05,maximum=3600"`
}

func (p *WatchParams) validate() error {
	if err := validTimeout(p.TimeoutSeconds); err != nil {
		return err
	}
	if i := p.IntervalSeconds; i != nil && !(*i >= 0.05 && *i <= 3600) {
		return &paramsError{"intervalSeconds", "intervalSeconds must be from 0.05 to 3600; omit it for the default of 2"}
	}
	return nil
}

// WatchResult is the result of session.watch.
type WatchResult struct {
	// WatchID names the watch in its session.event notifications and in
	// session.unwatch.
	WatchID string `json:"watchId"`
}

// UnwatchParams are the params of session.unwatch.
type UnwatchParams struct {
	// WatchID is the watch to stop.
	WatchID string `json:"watchId"`
}

// UnwatchResult is the result of session.unwatch.
type UnwatchResult struct {
	// WatchID is the watch that was stopped.
	WatchID string `json:"watchId"`
}

// EventParams are the params of the session.event notification, which
// the helper sends for each change a watch sees.
type EventParams struct {
	// WatchID is the watch that saw the change.
	WatchID string `json:"watchId"`
	// ComputerName is the host of the session.
	ComputerName string `json:"computerName"`
	// ID is the session (0 for unreachable).
	ID uint32 `json:"id"`
	// UserName is the session's user (before a logoff, the one who left).
	UserName string `json:"userName"`
	// Domain is the user's domain.
	Domain string `json:"domain"`
	// Event is what happened: logon, logoff, connect, disconnect, lock,
	// unlock, stateChange, or unreachable (the host stopped answering; it
	// is retried, and what changed meanwhile is sent when it answers).
	Event session.EventKind `json:"event"`
	// Time is when the helper saw the change.
	Time time.Time `json:"time"`
	// Session is the session as session.list gives it, null when it is
	// gone (and for unreachable).
	Session *session.Session `json:"session" jsonschema:"nullable"`
	// Error says why the host is unreachable, for unreachable only.
	Error *EventError `json:"error,omitempty"`
}

// EventError is why a watched host is unreachable, as in error objects.
type EventError struct {
	// Code is the JSON-RPC error code of the failure.
	Code int64 `json:"code"`
	// Message describes the failure.
	Message string `json:"message"`
	// Data holds its facts.
	Data *ErrorData `json:"data,omitempty"`
}

// conn is what the methods of one connection share: the watches it
// started and the way to send notifications. Serve puts it in the
// context of every request; Call has none.
type conn struct {
	stream *Stream
	// ctx ends at end of input, and every watch with it; end ends it.
	ctx context.Context
	end context.CancelFunc

	mu      sync.Mutex
	next    int
	watches map[string]context.CancelFunc
}

type connKey struct{}

func connFrom(ctx context.Context) *conn {
	c, _ := ctx.Value(connKey{}).(*conn)
	return c
}

// afterReplyKey holds a function to run once the response to the request
// is written: a watch starts sending only after its watchId was answered.
type afterReplyKey struct{}

type afterReply struct{ fn func() }

func (s *Server) watch(ctx context.Context, p WatchParams) (WatchResult, error) {
	c := connFrom(ctx)
	if c == nil {
		return WatchResult{}, &paramsError{"", "session.watch needs a connection that stays open: use usersession serve, or usersession watch at a shell"}
	}
	req := session.WatchRequest{ComputerNames: p.ComputerNames, Events: p.Events,
		Timeout: timeout(p.TimeoutSeconds), Interval: timeout(p.IntervalSeconds)}
	// The baseline is taken before the answer, so that a change the client
	// makes once it has the watchId is reported; events wait for the
	// answer to be written.
	wctx, cancel := context.WithCancel(c.ctx)
	replied := make(chan struct{})
	var id string
	_, err := s.svc.StartWatch(wctx, req, func(e session.Event) {
		select {
		case <-replied:
		case <-wctx.Done():
			return
		}
		if wctx.Err() != nil {
			return
		}
		c.notify("session.event", eventParams(id, e))
	})
	if err != nil {
		cancel()
		return WatchResult{}, err
	}
	c.mu.Lock()
	c.next++
	id = "w" + strconv.Itoa(c.next)
	if c.watches == nil {
		c.watches = make(map[string]context.CancelFunc)
	}
	c.watches[id] = cancel
	c.mu.Unlock()
	if a, ok := ctx.Value(afterReplyKey{}).(*afterReply); ok {
		a.fn = func() { close(replied) }
	} else {
		close(replied)
	}
	return WatchResult{WatchID: id}, nil
}

func (s *Server) unwatch(ctx context.Context, p UnwatchParams) (UnwatchResult, error) {
	c := connFrom(ctx)
	if c == nil {
		return UnwatchResult{}, &paramsError{"watchId", fmt.Sprintf("no watch %q: watches live on a connection", p.WatchID)}
	}
	c.mu.Lock()
	cancel, ok := c.watches[p.WatchID]
	delete(c.watches, p.WatchID)
	c.mu.Unlock()
	if !ok {
		return UnwatchResult{}, &paramsError{"watchId", fmt.Sprintf("no watch %q on this connection", p.WatchID)}
	}
	cancel()
	return UnwatchResult{WatchID: p.WatchID}, nil
}

func eventParams(watchID string, e session.Event) EventParams {
	p := EventParams{WatchID: watchID, ComputerName: e.ComputerName, ID: e.ID, UserName: e.UserName,
		Domain: e.Domain, Event: e.Kind, Time: e.Time, Session: e.Session}
	if e.Err != nil {
		p.Error = &EventError{Code: Code(e.Err), Message: e.Err.Error(), Data: errorData(e.Err)}
	}
	return p
}

// notify writes a notification of method with params.
func (c *conn) notify(method string, params any) {
	body, err := json.Marshal(params)
	if err != nil {
		return
	}
	msg := make([]byte, 0, len(body)+len(method)+48)
	msg = append(msg, `{"jsonrpc":"2.0","method":"`...)
	msg = append(msg, method...)
	msg = append(msg, `","params":`...)
	msg = append(msg, body...)
	msg = append(msg, '}')
	_ = c.stream.writeLine(msg)
}
