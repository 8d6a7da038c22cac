//go:build windows

package wts

import (
	"errors"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/windows"

	"github.com/usersession/usersession/internal/session"
)

// accountSIDs remembers the SIDs of DOMAIN\user names, by host, for
// accountTTL: a listing of a host asks it once for each user, not once for
// each session and listing.
type accountSIDs struct {
	mu sync.Mutex
	m  map[string]accountSID
}

type accountSID struct {
	sid string // "" when the name does not map to a SID
	at  time.Time
}

// accountTTL is how long a SID looked up is trusted: an account removed
// and made again under the same name has another SID.
const accountTTL = 10 * time.Minute

// lookup returns the SID resolver of one request to host.
func (a *accountSIDs) lookup(host string) *sidLookup {
	return &sidLookup{a: a, host: host}
}

// sidLookup resolves the users of one request's sessions.
type sidLookup struct {
	a    *accountSIDs
	host string
	// down is set when the host stopped answering lookups: the remaining
	// names are resolved locally only.
	down bool
}

// sid returns the SID of the account name (DOMAIN\user or user, as
// session.Account makes it), looked up on the host (LookupAccountNameW),
// or "" when it is not known or name is nil. When the host does not
// answer, the name is resolved on the local machine: a qualified name is
// the same account on both (a domain account), or unknown locally (an
// account of the host's own), never another one.
func (l *sidLookup) sid(name *string) string {
	if name == nil {
		return ""
	}
	account := *name
	key := strings.ToLower(l.host) + "\x00" + strings.ToLower(account)
	l.a.mu.Lock()
	c, ok := l.a.m[key]
	l.a.mu.Unlock()
	if ok && time.Since(c.at) < accountTTL {
		return c.sid
	}
	var sid string
	known := false
	if !l.down {
		s, _, _, err := windows.LookupSID(l.host, account)
		switch {
		case err == nil:
			sid, known = s.String(), true
		case errors.Is(err, windows.ERROR_NONE_MAPPED):
			known = true
		case l.host != "":
			l.down = true
		}
	}
	if !known && l.host != "" {
		if s, _, _, err := windows.LookupSID("", account); err == nil {
			sid, known = s.String(), true
		}
	}
	if known {
		l.a.mu.Lock()
		if l.a.m == nil {
			l.a.m = make(map[string]accountSID)
		}
		l.a.m[key] = accountSID{sid: sid, at: time.Now()}
		l.a.mu.Unlock()
	}
	return sid
}

// processOwners lists the processes of session id (anySession: of every
// session) of the host with their owners' SIDs, for shellSID.
func (s *server) processOwners(id uint32) ([]procOwner, error) {
	var out []procOwner
	err := s.processes(id, func(pi *processInfoEx) {
		if sid := (*windows.SID)(pi.UserSid); sid != nil && sid.IsValid() {
			out = append(out, procOwner{Session: pi.SessionID, Name: windows.UTF16PtrToString(pi.ProcessName), SID: sid.String()})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// shellSIDs fills the SIDs that the name lookup left unknown from the
// owners of the sessions' processes (shellSID), asking the host for its
// processes once: of session id alone, or of every session (anySession).
// A host that does not answer leaves them unknown.
func (s *server) shellSIDs(raws []*rawSession, id uint32) {
	var owners []procOwner
	asked := false
	for _, r := range raws {
		if r.SID != "" || r.UserName == "" {
			continue
		}
		if !asked {
			asked = true
			var err error
			if owners, err = s.processOwners(id); err != nil {
				return
			}
		}
		r.SID = shellSID(owners, r.ID, *session.Account(r.Domain, r.UserName), func(sid string) (string, bool) {
			return lookupSIDName(s.host, sid)
		})
	}
}

// lookupSIDName is the DOMAIN\user that sid names on host.
func lookupSIDName(host, sid string) (string, bool) {
	v, err := windows.StringToSid(sid)
	if err != nil {
		return "", false
	}
	user, domain, _, err := v.LookupAccount(host)
	if err != nil {
		return "", false
	}
	return *session.Account(domain, user), true
}
