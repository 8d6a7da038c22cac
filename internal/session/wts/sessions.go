package wts

import (
	"strings"

	"github.com/usersession/usersession/internal/session"
)

// noSession is the session id WTSGetActiveConsoleSessionId returns when no
// session is attached to the console.
const noSession = 0xFFFFFFFF

// rawSession is what the WTS API reports about one session: the fields of
// the enumeration and the answers of WTSQuerySessionInformationW, each nil
// or empty when its query failed.
type rawSession struct {
	ID          uint32
	State       uint32
	SessionName string
	UserName    string
	Domain      string
	Info        *wtsInfo // WTSSessionInfo
	Flags       *int32   // SessionFlags of WTSSessionInfoEx
	ClientName  string
	Address     clientAddressRaw
	Protocol    *uint16
}

// hostFacts is what a host is, as far as the backend knows it.
type hostFacts struct {
	ComputerName string
	// Version is the host's Windows version; zero when not known.
	Version Version
	// Local is true for the machine the helper runs on; only there are
	// CurrentID and ConsoleID known.
	Local     bool
	CurrentID *uint32
	ConsoleID uint32
}

// toSession converts r to the domain's Session. Names from the enumeration
// win over the fixed-length (and so possibly truncated) ones of WTSINFOW.
func (r rawSession) toSession(h hostFacts) session.Session {
	s := session.Session{
		ComputerName:  h.ComputerName,
		ID:            r.ID,
		SessionName:   r.SessionName,
		UserName:      r.UserName,
		Domain:        r.Domain,
		State:         stateOf(r.State),
		ClientName:    r.ClientName,
		ClientAddress: clientAddress(r.Address),
	}
	if r.Protocol != nil {
		s.Protocol = protocolName(*r.Protocol)
	}
	if in := r.Info; in != nil {
		if s.SessionName == "" {
			s.SessionName = utf16Field(in.WinStationName[:])
		}
		if s.UserName == "" {
			s.UserName = utf16Field(in.UserName[:])
		}
		if s.Domain == "" {
			s.Domain = utf16Field(in.Domain[:])
		}
		s.LogonTime = fileTime(in.LogonTime.value())
		s.ConnectTime = fileTime(in.ConnectTime.value())
		s.DisconnectTime = fileTime(in.DisconnectTime.value())
		s.LastInputTime = fileTime(in.LastInputTime.value())
		if now := fileTime(in.CurrentTime.value()); now != nil {
			s.IdleSeconds = session.IdleSeconds(*now, s.State, s.LastInputTime, s.DisconnectTime)
		}
	}
	if r.Flags != nil && s.UserName != "" {
		s.Locked = locked(*r.Flags, h.Version)
	}
	if h.Local {
		s.IsCurrent = h.CurrentID != nil && *h.CurrentID == r.ID
		s.IsConsole = h.ConsoleID != noSession && h.ConsoleID == r.ID
	} else {
		s.IsConsole = strings.EqualFold(s.SessionName, "Console")
	}
	return s
}
