package wts

import (
	"strings"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// noSession is the session id WTSGetActiveConsoleSessionId returns when no
// session is attached to the console.
const noSession = 0xFFFFFFFF

// sessionTimes are the FILETIMEs of WTSINFOEX_LEVEL1_W (or WTSINFOW).
type sessionTimes struct {
	Logon, Connect, Disconnect, LastInput, Current int64
}

// rawSession is what the WTS API reports about one session: the fields of
// the enumeration and the answers of WTSQuerySessionInformationW, each nil
// or empty when its query failed.
type rawSession struct {
	ID          uint32
	State       uint32
	SessionName string
	UserName    string
	Domain      string
	// HostName is the virtual machine the session runs in, on an RD
	// Virtualization Host (pHostName of WTS_SESSION_INFO_1W); "" for a
	// session of the host itself.
	HostName string
	Times    *sessionTimes     // WTSSessionInfoEx, or WTSSessionInfo
	Flags    *int32            // SessionFlags of WTSSessionInfoEx
	Client   *clientInfo       // WTSClientInfo
	Address  *clientAddressRaw // WTSClientAddress, asked when Client names a client
	Protocol *uint16           // WTSClientProtocolType
	SID      string            // the user's, looked up by name; "" when not known
}

// fromInfoEx fills r from WTSINFOEX_LEVEL1_W. Names already known (from
// the enumeration, which has them whole) are kept.
func (r *rawSession) fromInfoEx(l *wtsInfoExLevel1) {
	r.State = l.SessionState
	r.fillNames(utf16Field(l.WinStationName[:]), utf16Field(l.UserName[:]), utf16Field(l.DomainName[:]))
	r.Times = &sessionTimes{
		Logon:      l.LogonTime.value(),
		Connect:    l.ConnectTime.value(),
		Disconnect: l.DisconnectTime.value(),
		LastInput:  l.LastInputTime.value(),
		Current:    l.CurrentTime.value(),
	}
	flags := l.SessionFlags
	r.Flags = &flags
}

// fromInfo fills r from WTSINFOW, for hosts without WTSSessionInfoEx.
func (r *rawSession) fromInfo(in *wtsInfo) {
	r.State = in.State
	r.fillNames(utf16Field(in.WinStationName[:]), utf16Field(in.UserName[:]), utf16Field(in.Domain[:]))
	r.Times = &sessionTimes{
		Logon:      in.LogonTime.value(),
		Connect:    in.ConnectTime.value(),
		Disconnect: in.DisconnectTime.value(),
		LastInput:  in.LastInputTime.value(),
		Current:    in.CurrentTime.value(),
	}
}

func (r *rawSession) fillNames(station, user, domain string) {
	if r.SessionName == "" {
		r.SessionName = station
	}
	if r.UserName == "" {
		r.UserName = user
	}
	if r.Domain == "" {
		r.Domain = domain
	}
}

// hostFacts is what a host is, as far as the backend knows it.
type hostFacts struct {
	ComputerName string
	// Version is the host's Windows version; zero when not known.
	Version Version
	// Local is true for the machine the helper runs on; only there are
	// CurrentID, ConsoleID and OwnIdle known.
	Local     bool
	CurrentID *uint32
	ConsoleID uint32
	// OwnIdle is how long the helper's own session has had no input, by
	// GetLastInputInfo, at Now (the local clock); nil when not known.
	OwnIdle *time.Duration
	Now     time.Time
}

// toSession converts r to the domain's Session.
//
// The console's idle time is reported only where it is reliable: WTS's
// last input time of the console session is not (PSAppDeployToolkit
// stopped using it for that reason; unsettled: how far off it is on which
// versions), and a rule like "idle more than 8 h,
// sign out" would sign out the person at the machine. So while the console
// has a client, its idleSeconds and lastInputTime come from
// GetLastInputInfo when it is the helper's own session, and are null
// otherwise. Once disconnected, idle time counts from the disconnect,
// which is reliable.
func (r rawSession) toSession(h hostFacts) session.Session {
	s := session.Session{
		ComputerName: h.ComputerName,
		ID:           r.ID,
		SessionName:  r.SessionName,
		UserName:     r.UserName,
		Domain:       r.Domain,
		State:        stateOf(r.State),
		AccountName:  session.Account(r.Domain, r.UserName),
		SID:          session.StringPtr(r.SID),
	}
	if r.Protocol != nil {
		s.Protocol = protocolName(*r.Protocol)
		if s.State != session.StateListen {
			s.IsRemote = session.BoolPtr(*r.Protocol != 0)
		}
	}
	if c := r.Client; c != nil {
		s.ClientName = c.Name
		s.ClientBuild = c.build()
		s.ClientDisplay = c.display()
	}
	if r.Address != nil {
		s.ClientAddress = clientAddress(*r.Address, h.Version)
	}
	if t := r.Times; t != nil {
		s.LogonTime = fileTime(t.Logon)
		s.ConnectTime = fileTime(t.Connect)
		s.DisconnectTime = fileTime(t.Disconnect)
		s.LastInputTime = fileTime(t.LastInput)
		if now := fileTime(t.Current); now != nil {
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
	if s.IsConsole && s.State != session.StateDisconnected {
		s.IdleSeconds, s.LastInputTime = nil, nil
		if h.Local && s.IsCurrent && h.OwnIdle != nil && s.UserName != "" {
			idle := *h.OwnIdle
			secs := int64(idle / time.Second)
			s.IdleSeconds = &secs
			s.LastInputTime = session.TimePtr(h.Now.Add(-idle).Truncate(time.Second))
		}
	}
	return s
}
