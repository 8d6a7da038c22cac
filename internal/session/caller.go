package session

import (
	"context"
	"fmt"
)

// Caller is who asks for an action as the caller's side claims it, when
// the helper runs as another account (a PowerShell remoting account, a
// service). Nothing in it is verified: it only adds protection, never
// lifts any, and the audit record marks it as claimed.
type Caller struct {
	// UserName is the caller's account (user or DOMAIN\user).
	UserName string
	// ComputerName is the machine the caller works on.
	ComputerName string
	// SessionID is the caller's own session on ComputerName, nil in none.
	SessionID *uint32
}

// callerOwn says why target is protected as the claimed caller's own
// session, or "": when the caller names this host (by any of its names)
// and target's id as its session. A caller on another host protects no
// session here.
func (s *Service) callerOwn(ctx context.Context, c *Caller, target *Session) string {
	if !s.callerHere(ctx, c) || *c.SessionID != target.ID {
		return ""
	}
	return c.ownWhy(target.ID)
}

// ownWhy says that session id is c's own, as c claims.
func (c *Caller) ownWhy(id uint32) string {
	return fmt.Sprintf("session %d is the caller's own session (%s on %s, as the caller claims)", id, c.UserName, c.ComputerName)
}

// callerHere reports whether c claims a session on this host (by any of its
// names).
func (s *Service) callerHere(ctx context.Context, c *Caller) bool {
	return c != nil && c.SessionID != nil && s.resolve(ctx, c.ComputerName).key == localKey
}
