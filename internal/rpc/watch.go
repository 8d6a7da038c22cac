package rpc

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/session"
)

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

func (s *Server) watch(ctx context.Context, p contract.WatchParams) (contract.WatchResult, error) {
	c := connFrom(ctx)
	if c == nil {
		return contract.WatchResult{}, contract.Invalid("", "session.watch needs a connection that stays open: use usersession serve, or usersession watch at a shell")
	}
	req := session.WatchRequest{ComputerNames: p.ComputerNames, Events: p.Events,
		Timeout: contract.Timeout(p.TimeoutSeconds), Interval: contract.Timeout(p.IntervalSeconds)}
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
		return contract.WatchResult{}, err
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
	return contract.WatchResult{WatchID: id}, nil
}

func (s *Server) unwatch(ctx context.Context, p contract.UnwatchParams) (contract.UnwatchResult, error) {
	c := connFrom(ctx)
	if c == nil {
		return contract.UnwatchResult{}, contract.Invalid("watchId", fmt.Sprintf("no watch %q: watches live on a connection", p.WatchID))
	}
	c.mu.Lock()
	cancel, ok := c.watches[p.WatchID]
	delete(c.watches, p.WatchID)
	c.mu.Unlock()
	if !ok {
		return contract.UnwatchResult{}, contract.Invalid("watchId", fmt.Sprintf("no watch %q on this connection", p.WatchID))
	}
	cancel()
	return contract.UnwatchResult{WatchID: p.WatchID}, nil
}

func eventParams(watchID string, e session.Event) contract.EventParams {
	p := contract.EventParams{WatchID: watchID, ComputerName: e.ComputerName, ID: e.ID, UserName: e.UserName,
		Domain: e.Domain, Event: e.Kind, Time: e.Time, Session: e.Session}
	if e.Err != nil {
		p.Error = contract.EventErrorOf(e.Err)
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
