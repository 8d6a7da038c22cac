package contract

import (
	"strings"

	"github.com/usersession/usersession/internal/session"
)

// Caller is who asks for an action, as the caller's side claims it: the
// person behind a remoting account. Nothing in it is verified, so it only
// ever adds protection and is marked as claimed in the audit record.
type Caller struct {
	// UserName is the caller's account (user or DOMAIN\user).
	UserName string `json:"userName"`
	// ComputerName is the machine the caller works on.
	ComputerName string `json:"computerName"`
	// SessionID is the caller's own session on ComputerName; none when the
	// caller runs in no session.
	SessionID *uint32 `json:"sessionId,omitempty"`
}

// validate refuses a caller whose names are empty or blank: a claim that
// names nobody is an error, not an absent claim.
func (c *Caller) validate() error {
	if c == nil {
		return nil
	}
	if strings.TrimSpace(c.UserName) == "" {
		return &ParamsError{"caller", "caller.userName is required and must not be blank"}
	}
	if strings.TrimSpace(c.ComputerName) == "" {
		return &ParamsError{"caller", "caller.computerName is required and must not be blank"}
	}
	return nil
}

// Session is the caller as the session package takes it; nil for none.
func (c *Caller) Session() *session.Caller {
	if c == nil {
		return nil
	}
	return &session.Caller{UserName: c.UserName, ComputerName: c.ComputerName, SessionID: c.SessionID}
}
