package wts

import (
	"fmt"
	"time"
	"unicode/utf16"

	"github.com/usersession/usersession/internal/session"
)

// fileTimeUnixOffset is the number of 100-nanosecond intervals between the
// FILETIME epoch (1601-01-01 UTC) and the Unix epoch.
const fileTimeUnixOffset = 116444736000000000

// fileTime converts a FILETIME held in a LARGE_INTEGER (100-nanosecond
// intervals since 1601-01-01 UTC) to a UTC time. 0, which the WTS API
// reports for a time it does not know, and negative values become nil.
//
// Evidence: the page of WTSINFOEX_LEVEL1_W gives its times as FILETIME
// counts; PSAppDeployToolkit (src/PSADT/PSADT/TerminalServices/
// SessionManager.cs) reads them with DateTime.FromFileTime and takes a
// DisconnectTime of 0 as none, on real machines. Unsettled: whether
// Windows ever reports LastInputTime 0 for a session with input (the
// session's idle time is then null, not a guess).
func fileTime(ft int64) *time.Time {
	if ft <= 0 {
		return nil
	}
	d := ft - fileTimeUnixOffset
	t := time.Unix(d/1e7, (d%1e7)*100).UTC()
	return &t
}

// stateOf converts a WTS_CONNECTSTATE_CLASS value to a State, by the
// order of the enumeration in its page (WTSActive 0 ... WTSInit 9). A
// value outside the enumeration is reported by number, so it is never
// mistaken for a known state.
func stateOf(v uint32) session.State {
	if int(v) < len(session.States) {
		return session.States[v]
	}
	return session.State(fmt.Sprintf("Unknown(%d)", v))
}

// clientInfo is what WTSClientInfo tells about a session's client.
type clientInfo struct {
	Name string
	// Family is WTSCLIENTW's ClientAddressFamily. Only whether it is an
	// IP family is read from it (see hasClient); the address itself comes
	// from WTSClientAddress (see clientAddress).
	Family uint32
	Build  uint32
	// HRes, VRes and ColorDepth are the display; ColorDepth as
	// WTS_CLIENT_DISPLAY codes it (see colorBits).
	HRes, VRes, ColorDepth uint16
}

// clientFrom converts a WTSCLIENTW.
func clientFrom(c *wtsClient) clientInfo {
	return clientInfo{
		Name:       utf16Field(c.ClientName[:]),
		Family:     c.ClientAddressFamily,
		Build:      c.ClientBuildNumber,
		HRes:       c.HRes,
		VRes:       c.VRes,
		ColorDepth: c.ColorDepth,
	}
}

// colorBits converts the ColorDepth code of WTS_CLIENT_DISPLAY (and
// WTSCLIENTW) to bits per pixel; 0 for a code it does not document.
//
// Evidence: the page of WTS_CLIENT_DISPLAY lists the codes 1 (4 bpp), 2
// (8 bpp), 4 (16 bpp), 8 (a 3-byte RGB value, 24 bpp), 16 (15 bpp), 24
// and 32; the page of WTSCLIENTW refers its ColorDepth to it. Unsettled:
// nobody is seen checking that WTSCLIENTW uses those codes and not bits
// per pixel on a real machine (usersession diagnose prints the code raw).
func colorBits(code uint16) uint32 {
	switch code {
	case 1:
		return 4
	case 2:
		return 8
	case 4:
		return 16
	case 8:
		return 24 // 3-byte RGB values for up to 2^24 colours
	case 16:
		return 15
	case 24:
		return 24
	case 32:
		return 32
	}
	return 0
}

// display is the client's display, nil when the client reported none.
func (c clientInfo) display() *session.Display {
	if c.HRes == 0 && c.VRes == 0 {
		return nil
	}
	return &session.Display{Width: uint32(c.HRes), Height: uint32(c.VRes), ColorDepth: colorBits(c.ColorDepth)}
}

// build is the client's build number, nil when it reported none.
func (c clientInfo) build() *uint32 {
	if c.Build == 0 {
		return nil
	}
	b := c.Build
	return &b
}

// protocolName converts the WTSClientProtocolType value: 0 the console, 1
// an ICA session (kept for legacy, by the page of WTS_INFO_CLASS), 2 RDP.
// PSAppDeployToolkit (SessionManager.cs) takes 0 as not remote on real
// machines.
func protocolName(t uint16) string {
	switch t {
	case 0:
		return "Console"
	case 1:
		return "ICA"
	case 2:
		return "RDP"
	}
	return fmt.Sprintf("Unknown(%d)", t)
}

// The SessionFlags values of WTSINFOEX_LEVEL1_W, by its page.
const (
	sessionStateUnknown = -1 // WTS_SESSIONSTATE_UNKNOWN, 0xFFFFFFFF
	sessionStateLock    = 0  // WTS_SESSIONSTATE_LOCK
	sessionStateUnlock  = 1  // WTS_SESSIONSTATE_UNLOCK
)

// Version is a Windows version, major and minor, as RtlGetVersion reports
// it. The zero Version means the version is not known.
type Version struct {
	Major, Minor uint32
}

// atLeast reports whether v is major.minor or later.
func (v Version) atLeast(major, minor uint32) bool {
	return v.Major > major || (v.Major == major && v.Minor >= minor)
}

// locked interprets the SessionFlags of WTSINFOEX_LEVEL1_W reported by a
// host running Windows version v. Windows 7 and Windows Server 2008 R2
// (6.1) report the two flags swapped: the page of WTSINFOEX_LEVEL1_W says
// so ("due to a code defect, the usage of the WTS_SESSIONSTATE_LOCK and
// WTS_SESSIONSTATE_UNLOCK flags is reversed"). Unsettled: whether every
// later build has the defect fixed (nobody is seen checking 6.2 and 6.3). The answer is nil whenever it could
// be wrong: the flag is unknown or unexpected, or the version is unknown
// (a remote host), or older than 6.1, where the information class did not
// exist.
func locked(flags int32, v Version) *bool {
	if flags != sessionStateLock && flags != sessionStateUnlock {
		return nil
	}
	if !v.atLeast(6, 1) {
		return nil
	}
	isLocked := flags == sessionStateLock
	if v == (Version{6, 1}) {
		isLocked = !isLocked
	}
	return &isLocked
}

// Message box styles and responses of WTSSendMessageW (winuser.h).
const (
	mbOK       = 0x0
	mbOKCancel = 0x1
	mbYesNo    = 0x4

	idOK      = 1
	idCancel  = 2
	idAbort   = 3
	idRetry   = 4
	idIgnore  = 5
	idYes     = 6
	idNo      = 7
	idTimeout = 32000
	idAsync   = 32001
)

// messageStyle converts the buttons of a message to the Style argument of
// WTSSendMessageW; "" means ButtonsOK.
func messageStyle(b session.Buttons) (uint32, error) {
	switch b {
	case "", session.ButtonsOK:
		return mbOK, nil
	case session.ButtonsOKCancel:
		return mbOKCancel, nil
	case session.ButtonsYesNo:
		return mbYesNo, nil
	}
	return 0, fmt.Errorf("unknown buttons %q", b)
}

// messageResponse converts the pResponse value of WTSSendMessageW to a
// call that waited (wait) or not, by the IDs its page lists (IDOK ...
// IDNO, IDTIMEOUT 32000, IDASYNC 32001; Cassia's RemoteMessageBoxResult.cs
// uses the same values on real machines).
//
// A response of 0 is in no page: it has been reported from older servers
// (Windows Server 2008 R2 and before) for a box that timed out. Unsettled;
// it is read as the answer that allows nothing: a timeout when the call
// waited (never a yes), async when it did not.
func messageResponse(id uint32, wait bool) (session.Response, error) {
	switch id {
	case 0:
		if wait {
			return session.ResponseTimeout, nil
		}
		return session.ResponseAsync, nil
	case idOK:
		return session.ResponseOK, nil
	case idCancel:
		return session.ResponseCancel, nil
	case idYes:
		return session.ResponseYes, nil
	case idNo:
		return session.ResponseNo, nil
	case idTimeout:
		return session.ResponseTimeout, nil
	case idAsync:
		return session.ResponseAsync, nil
	}
	return "", fmt.Errorf("unexpected message box response %d", id)
}

// messageTitle is the title WTSSendMessageW is given for title: a space
// for an empty one (unsettled: reported, not in any page), which Windows 7
// and Server 2008 R2 would show as
// "Error".
func messageTitle(title string) string {
	if title == "" {
		return " "
	}
	return title
}

// utf16Field decodes a fixed-length WCHAR array up to its first NUL.
func utf16Field(s []uint16) string {
	for i, c := range s {
		if c == 0 {
			return string(utf16.Decode(s[:i]))
		}
	}
	return string(utf16.Decode(s))
}

// messageText encodes s as UTF-16 without a terminating NUL, and returns
// it with its length in bytes, as WTSSendMessageW takes its title and text.
// An empty string is one NUL of length 0, so the pointer is never nil.
func messageText(s string) ([]uint16, uint32) {
	u := utf16.Encode([]rune(s))
	n := uint32(len(u) * 2)
	return append(u, 0), n
}

// cpuSeconds adds a user and a kernel time counted in 100-nanosecond
// units, as GetProcessTimes gives them (FILETIMEs, by its page).
func cpuSeconds(user, kernel int64) float64 {
	return float64(user+kernel) / 1e7
}
