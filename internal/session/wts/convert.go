package wts

import (
	"fmt"
	"net/netip"
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
func fileTime(ft int64) *time.Time {
	if ft <= 0 {
		return nil
	}
	d := ft - fileTimeUnixOffset
	t := time.Unix(d/1e7, (d%1e7)*100).UTC()
	return &t
}

// stateOf converts a WTS_CONNECTSTATE_CLASS value to a State. A value
// outside the enumeration is reported by number, so it is never mistaken
// for a known state.
func stateOf(v uint32) session.State {
	if int(v) < len(session.States) {
		return session.States[v]
	}
	return session.State(fmt.Sprintf("Unknown(%d)", v))
}

// Address families of WTS_CLIENT_ADDRESS and WTSCLIENTW.
const (
	afUnspec = 0
	afInet   = 2
	afInet6  = 23
)

// clientAddress formats a WTS_CLIENT_ADDRESS: an IPv4 address starts at
// Address[2]; an IPv6 address where ipv6At finds it. Other families (IPX,
// NetBIOS) and an unspecified or all-zero address give "".
func clientAddress(a clientAddressRaw) string {
	switch a.AddressFamily {
	case afInet:
		return addrString(netip.AddrFrom4([4]byte(a.Address[2:6])))
	case afInet6:
		return addrString(ipv6At(a.Address[:]))
	}
	return ""
}

// ipv6At reads the IPv6 address of an address field of 20 bytes (the
// Address of WTS_CLIENT_ADDRESS, the first bytes of WTSCLIENTW's
// ClientAddress), which Windows fills in two ways:
//
//   - at the start: Microsoft's documentation of WTS_CLIENT_ADDRESS gives
//     FFFF::1 as the bytes 0xFF 0xFF 0x00 ... 0x01 from Address[0], and
//     pywin32's maintainers note (win32tsmodule.cpp, after pywin32 issue
//     #664, 2014) that the address comes right from Windows Server 2012 on;
//   - two bytes in, where an IPv4 address starts: the report of pywin32
//     issue #664 shows fe80:: from a Windows Server 2008 RD Session Host as
//     the bytes 0 0 254 128 ..., and Cassia (issue 39, 2010, from the
//     Windows Server 2008 and 2008 R2 years) reads IPv6 addresses from
//     Address[2] as its author tested it.
//
// The two are told apart by the bytes themselves, since the version of
// the host is not always known: the two bytes before an address written
// two bytes in are zero, and no address a client reports (global unicast
// 2000::/3, unique local fc00::/7, link-local fe80::/10) starts with a zero
// group, so two zero bytes followed by a non-zero group mean the older
// layout. Addresses that do start with zero groups are read where the
// documentation puts them, except an IPv4-mapped one (::ffff:a.b.c.d),
// whose ffff shows which layout it is in.
func ipv6At(b []byte) netip.Addr {
	at0 := netip.AddrFrom16([16]byte(b[0:16]))
	at2 := netip.AddrFrom16([16]byte(b[2:18]))
	switch {
	case b[0] == 0 && b[1] == 0 && (b[2] != 0 || b[3] != 0):
		return at2
	case allZero(b[0:12]) && b[12] == 0xFF && b[13] == 0xFF:
		return at2
	}
	return at0
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// addrString formats an address for the wire: "" for an unspecified one,
// an IPv4-mapped IPv6 address as IPv4.
func addrString(a netip.Addr) string {
	if !a.IsValid() || a.IsUnspecified() {
		return ""
	}
	return a.Unmap().String()
}

// clientInfo is what WTSClientInfo tells about a session's client.
type clientInfo struct {
	Name    string
	Address string
	Build   uint32
	// HRes, VRes and ColorDepth are the display; ColorDepth as
	// WTS_CLIENT_DISPLAY codes it (see colorBits).
	HRes, VRes, ColorDepth uint16
}

// clientFrom converts a WTSCLIENTW.
func clientFrom(c *wtsClient) clientInfo {
	return clientInfo{
		Name:       utf16Field(c.ClientName[:]),
		Address:    clientInfoAddress(c.ClientAddressFamily, c.ClientAddress),
		Build:      c.ClientBuildNumber,
		HRes:       c.HRes,
		VRes:       c.VRes,
		ColorDepth: c.ColorDepth,
	}
}

// clientInfoAddress formats WTSCLIENTW's client address. Microsoft
// documents it as text for AF_INET ("127.0.0.1") and in binary form for
// AF_INET6; text is accepted for either family, and binary is read as in
// WTS_CLIENT_ADDRESS (IPv4 two bytes in, IPv6 as ipv6At finds it).
func clientInfoAddress(family uint32, raw [clientAddressLength + 1]uint16) string {
	if family != afInet && family != afInet6 {
		return ""
	}
	if a, err := netip.ParseAddr(utf16Field(raw[:])); err == nil && (a.Is4() || a.Is6()) {
		return addrString(a)
	}
	a := clientAddressRaw{AddressFamily: family}
	for i := range a.Address {
		a.Address[i] = byte(raw[i/2] >> (8 * (i % 2))) // the array's bytes, little-endian as in memory
	}
	return clientAddress(a)
}

// colorBits converts the ColorDepth code of WTS_CLIENT_DISPLAY (and
// WTSCLIENTW) to bits per pixel; 0 for a code it does not document.
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

// protocolName converts the WTSClientProtocolType value.
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

// The SessionFlags values of WTSINFOEX_LEVEL1_W.
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
// (6.1) report the two flags swapped. The answer is nil whenever it could
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
// call that waited (wait) or not. A response of 0 is what older servers
// (Windows Server 2008 R2 and before) report for a box that timed out,
// instead of IDTIMEOUT.
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
// for an empty one, which Windows 7 and Server 2008 R2 would show as
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

// cpuSeconds adds the user and kernel times of WTS_PROCESS_INFO_EXW, both
// in 100-nanosecond units.
func cpuSeconds(user, kernel int64) float64 {
	return float64(user+kernel) / 1e7
}
