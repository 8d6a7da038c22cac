package wts

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

func TestFileTime(t *testing.T) {
	tests := []struct {
		name string
		ft   int64
		want string // RFC 3339 with nanoseconds, "" for nil
	}{
		{name: "zero is unknown", ft: 0, want: ""},
		{name: "negative is unknown", ft: -1, want: ""},
		{name: "the FILETIME epoch", ft: 1, want: "1601-01-01T00:00:00.0000001Z"},
		{name: "the Unix epoch", ft: fileTimeUnixOffset, want: "1970-01-01T00:00:00Z"},
		{name: "a day of 2025 with 100 ns", ft: 134083620000000001, want: "2025-11-23T09:00:00.0000001Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fileTime(tt.ft)
			if tt.want == "" {
				if got != nil {
					t.Fatalf("fileTime(%d) = %v, want nil", tt.ft, *got)
				}
				return
			}
			if got == nil {
				t.Fatalf("fileTime(%d) = nil, want %s", tt.ft, tt.want)
			}
			if s := got.Format(time.RFC3339Nano); s != tt.want {
				t.Errorf("fileTime(%d) = %s, want %s", tt.ft, s, tt.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("fileTime(%d) is in %v, want UTC", tt.ft, got.Location())
			}
		})
	}
}

func TestFileTimeRoundTrip(t *testing.T) {
	want := time.Date(2026, 11, 24, 9, 59, 0, 0, time.UTC)
	ft := want.UnixNano()/100 + fileTimeUnixOffset
	if got := fileTime(ft); got == nil || !got.Equal(want) {
		t.Fatalf("fileTime(%d) = %v, want %v", ft, got, want)
	}
}

func TestStateOf(t *testing.T) {
	tests := []struct {
		name string
		v    uint32
		want session.State
	}{
		{name: "WTSActive", v: 0, want: session.StateActive},
		{name: "WTSConnected", v: 1, want: session.StateConnected},
		{name: "WTSConnectQuery", v: 2, want: session.StateConnectQuery},
		{name: "WTSShadow", v: 3, want: session.StateShadow},
		{name: "WTSDisconnected", v: 4, want: session.StateDisconnected},
		{name: "WTSIdle", v: 5, want: session.StateIdle},
		{name: "WTSListen", v: 6, want: session.StateListen},
		{name: "WTSReset", v: 7, want: session.StateReset},
		{name: "WTSDown", v: 8, want: session.StateDown},
		{name: "WTSInit", v: 9, want: session.StateInit},
		{name: "out of range is reported by number", v: 10, want: "Unknown(10)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stateOf(tt.v); got != tt.want {
				t.Errorf("stateOf(%d) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestClientAddress(t *testing.T) {
	v4 := func(a, b, c, d byte) [20]byte { return [20]byte{2: a, 3: b, 4: c, 5: d} }
	// at writes addr into an address field at offset off.
	at := func(off int, addr string) [20]byte {
		var f [20]byte
		a := netip.MustParseAddr(addr).As16()
		copy(f[off:], a[:])
		return f
	}
	win8, win7, unknown := Version{6, 2}, Version{6, 1}, Version{}
	tests := []struct {
		name string
		in   clientAddressRaw
		v    Version
		want string
	}{
		{name: "IPv4 starts at Address[2] (the documentation's 192.168.0.1)", in: clientAddressRaw{afInet, v4(192, 168, 0, 1)}, v: win8, want: "192.168.0.1"},
		{name: "IPv4 whatever the version", in: clientAddressRaw{afInet, v4(10, 0, 0, 7)}, v: unknown, want: "10.0.0.7"},
		{name: "IPv4 ignores the two leading bytes", in: clientAddressRaw{afInet, [20]byte{0xAA, 0xBB, 10, 0, 0, 7}}, v: win7, want: "10.0.0.7"},
		{name: "IPv4 all zero is unknown", in: clientAddressRaw{afInet, [20]byte{}}, v: win8, want: ""},
		{name: "IPv6 as documented: FFFF::1 from Address[0]", in: clientAddressRaw{afInet6, [20]byte{0xFF, 0xFF, 15: 1}}, v: win8, want: "ffff::1"},
		{name: "IPv6 from 6.2 on", in: clientAddressRaw{afInet6, at(0, "2001:db8::9")}, v: Version{10, 0}, want: "2001:db8::9"},
		{name: "IPv6 from a 6.1 host is unknown (KB951422)", in: clientAddressRaw{afInet6, at(0, "2001:db8::9")}, v: win7, want: ""},
		{name: "IPv6 collapsed as KB951422 shows it, from 6.0", in: clientAddressRaw{afInet6,
			[20]byte{2: 0xFE, 3: 0x80, 6: 0x38, 7: 0x5F, 8: 0xE8, 9: 0x4B, 10: 0xAC, 11: 0x02, 12: 0xF6, 13: 0x9C}}, v: Version{6, 0}, want: ""},
		{name: "IPv6 from a host of unknown version is unknown", in: clientAddressRaw{afInet6, at(0, "2001:db8::9")}, v: unknown, want: ""},
		{name: "IPv4-mapped is IPv4", in: clientAddressRaw{afInet6, at(0, "::ffff:10.0.0.7")}, v: win8, want: "10.0.0.7"},
		{name: "IPv6 all zero is unknown", in: clientAddressRaw{afInet6, [20]byte{}}, v: win8, want: ""},
		{name: "AF_UNSPEC (the console)", in: clientAddressRaw{afUnspec, v4(1, 2, 3, 4)}, v: win8, want: ""},
		{name: "AF_IPX is not an IP address", in: clientAddressRaw{6, v4(1, 2, 3, 4)}, v: win8, want: ""},
		{name: "AF_NETBIOS is not an IP address", in: clientAddressRaw{17, v4(1, 2, 3, 4)}, v: win8, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clientAddress(tt.in, tt.v); got != tt.want {
				t.Errorf("clientAddress(%v, %v) = %q, want %q", tt.in, tt.v, got, tt.want)
			}
		})
	}
}

func TestHasClient(t *testing.T) {
	for _, tt := range []struct {
		c    clientInfo
		want bool
	}{
		{clientInfo{}, false},
		{clientInfo{Name: "LAPTOP-7"}, true},
		{clientInfo{Family: afInet}, true},
		{clientInfo{Family: afInet6}, true},
		{clientInfo{Family: 6}, false},
	} {
		if got := tt.c.hasClient(); got != tt.want {
			t.Errorf("%+v.hasClient() = %v, want %v", tt.c, got, tt.want)
		}
	}
}

func TestClientFrom(t *testing.T) {
	var c wtsClient
	field(c.ClientName[:], "LAPTOP-7")
	c.ClientAddressFamily = afInet
	field(c.ClientAddress[:], "10.0.0.7") // not read: see address.go
	c.HRes, c.VRes, c.ColorDepth = 1920, 1080, 32
	c.ClientBuildNumber = 22621
	got := clientFrom(&c)
	want := clientInfo{Name: "LAPTOP-7", Family: afInet, Build: 22621, HRes: 1920, VRes: 1080, ColorDepth: 32}
	if got != want {
		t.Errorf("clientFrom = %+v, want %+v", got, want)
	}
	if d := got.display(); d == nil || *d != (session.Display{Width: 1920, Height: 1080, ColorDepth: 32}) {
		t.Errorf("display = %v", d)
	}
	if b := got.build(); b == nil || *b != 22621 {
		t.Errorf("build = %v", b)
	}
	if (clientInfo{}).display() != nil || (clientInfo{}).build() != nil {
		t.Error("a client that reports nothing has a display or a build")
	}
}

func TestColorBits(t *testing.T) {
	for code, bits := range map[uint16]uint32{1: 4, 2: 8, 4: 16, 8: 24, 16: 15, 24: 24, 32: 32, 3: 0, 0: 0} {
		if got := colorBits(code); got != bits {
			t.Errorf("colorBits(%d) = %d, want %d", code, got, bits)
		}
	}
}

func TestVersionAtLeast(t *testing.T) {
	for _, tt := range []struct {
		v            Version
		major, minor uint32
		want         bool
	}{
		{Version{6, 1}, 6, 1, true}, {Version{6, 0}, 6, 1, false}, {Version{10, 0}, 6, 1, true},
		{Version{5, 2}, 6, 0, false}, {Version{6, 3}, 6, 1, true},
	} {
		if got := tt.v.atLeast(tt.major, tt.minor); got != tt.want {
			t.Errorf("%v.atLeast(%d, %d) = %v", tt.v, tt.major, tt.minor, got)
		}
	}
}

func TestProtocolName(t *testing.T) {
	tests := []struct {
		name string
		in   uint16
		want string
	}{
		{name: "console", in: 0, want: "Console"},
		{name: "legacy ICA", in: 1, want: "ICA"},
		{name: "RDP", in: 2, want: "RDP"},
		{name: "anything else", in: 7, want: "Unknown(7)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := protocolName(tt.in); got != tt.want {
				t.Errorf("protocolName(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLocked(t *testing.T) {
	win7 := Version{6, 1}
	win10 := Version{10, 0}
	win81 := Version{6, 3}
	vista := Version{6, 0}
	yes, no := true, false
	tests := []struct {
		name  string
		flags int32
		v     Version
		want  *bool
	}{
		{name: "Windows 10 LOCK is locked", flags: sessionStateLock, v: win10, want: &yes},
		{name: "Windows 10 UNLOCK is unlocked", flags: sessionStateUnlock, v: win10, want: &no},
		{name: "Windows 8.1 is not swapped", flags: sessionStateLock, v: win81, want: &yes},
		{name: "Windows 7 swaps: LOCK means unlocked", flags: sessionStateLock, v: win7, want: &no},
		{name: "Windows 7 swaps: UNLOCK means locked", flags: sessionStateUnlock, v: win7, want: &yes},
		{name: "UNKNOWN is unknown", flags: sessionStateUnknown, v: win10, want: nil},
		{name: "an unexpected value is unknown", flags: 2, v: win10, want: nil},
		{name: "an unknown version (remote host) is unsure", flags: sessionStateLock, v: Version{}, want: nil},
		{name: "Vista had no such flags", flags: sessionStateUnlock, v: vista, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := locked(tt.flags, tt.v)
			switch {
			case tt.want == nil && got != nil:
				t.Errorf("locked(%d, %v) = %v, want nil", tt.flags, tt.v, *got)
			case tt.want != nil && got == nil:
				t.Errorf("locked(%d, %v) = nil, want %v", tt.flags, tt.v, *tt.want)
			case tt.want != nil && *got != *tt.want:
				t.Errorf("locked(%d, %v) = %v, want %v", tt.flags, tt.v, *got, *tt.want)
			}
		})
	}
}

func TestMessageStyle(t *testing.T) {
	tests := []struct {
		name    string
		in      session.Buttons
		want    uint32
		wantErr bool
	}{
		{name: "default is MB_OK", in: "", want: 0},
		{name: "ok is MB_OK", in: session.ButtonsOK, want: 0},
		{name: "okCancel is MB_OKCANCEL", in: session.ButtonsOKCancel, want: 1},
		{name: "yesNo is MB_YESNO", in: session.ButtonsYesNo, want: 4},
		{name: "anything else is refused", in: "abortRetryIgnore", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := messageStyle(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("messageStyle(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("messageStyle(%q) = %#x, want %#x", tt.in, got, tt.want)
			}
		})
	}
}

func TestMessageResponse(t *testing.T) {
	tests := []struct {
		name    string
		in      uint32
		noWait  bool
		want    session.Response
		wantErr bool
	}{
		{name: "IDOK", in: 1, want: session.ResponseOK},
		{name: "IDCANCEL", in: 2, want: session.ResponseCancel},
		{name: "IDYES", in: 6, want: session.ResponseYes},
		{name: "IDNO", in: 7, want: session.ResponseNo},
		{name: "IDTIMEOUT", in: 32000, want: session.ResponseTimeout},
		{name: "IDASYNC", in: 32001, noWait: true, want: session.ResponseAsync},
		{name: "0 is how older servers say the box timed out", in: 0, want: session.ResponseTimeout},
		{name: "0 without waiting is still async", in: 0, noWait: true, want: session.ResponseAsync},
		{name: "IDABORT cannot come from our styles", in: idAbort, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := messageResponse(tt.in, !tt.noWait)
			if (err != nil) != tt.wantErr {
				t.Fatalf("messageResponse(%d) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("messageResponse(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMessageTitle(t *testing.T) {
	if got := messageTitle(""); got != " " {
		t.Errorf("messageTitle(\"\") = %q, want a space (Windows 7 shows an empty title as Error)", got)
	}
	if got := messageTitle("Wartung"); got != "Wartung" {
		t.Errorf("messageTitle(Wartung) = %q", got)
	}
}

func TestMessageText(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantBytes uint32
		wantUnits int
	}{
		{name: "empty is a lone NUL of length 0", in: "", wantBytes: 0, wantUnits: 1},
		{name: "ASCII is two bytes a letter", in: "Reboot", wantBytes: 12, wantUnits: 7},
		{name: "Latin-1 letters are one unit each", in: "Jürgen", wantBytes: 12, wantUnits: 7},
		{name: "a supplementary character is a surrogate pair", in: "\U0001F600", wantBytes: 4, wantUnits: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, n := messageText(tt.in)
			if n != tt.wantBytes || len(u) != tt.wantUnits || u[len(u)-1] != 0 {
				t.Errorf("messageText(%q) = %d units, %d bytes, want %d units ending in NUL, %d bytes", tt.in, len(u), n, tt.wantUnits, tt.wantBytes)
			}
			if got := utf16Field(u); got != tt.in {
				t.Errorf("round trip of %q gave %q", tt.in, got)
			}
		})
	}
}

func TestUTF16Field(t *testing.T) {
	tests := []struct {
		name string
		in   []uint16
		want string
	}{
		{name: "stops at NUL", in: []uint16{'a', 'b', 0, 'c'}, want: "ab"},
		{name: "a full field has no NUL", in: []uint16{'a', 'b'}, want: "ab"},
		{name: "empty", in: []uint16{0, 0}, want: ""},
		{name: "non-ASCII", in: []uint16{'Z', 'o', 0xEB, 0}, want: "Zoë"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := utf16Field(tt.in); got != tt.want {
				t.Errorf("utf16Field(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCPUSeconds(t *testing.T) {
	if got := cpuSeconds(15_000_000, 5_000_000); math.Abs(got-2) > 1e-9 {
		t.Errorf("cpuSeconds = %v, want 2", got)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name     string
		code     syscall.Errno
		wantKind error
		wantHint string // a word the hint must contain, "" for no hint
	}{
		{name: "ERROR_ACCESS_DENIED", code: 5, wantKind: session.ErrAccessDenied, wantHint: "elevated"},
		{name: "ERROR_CTX_WINSTATION_ACCESS_DENIED", code: 7045, wantKind: session.ErrAccessDenied, wantHint: "elevated"},
		{name: "ERROR_LOGON_FAILURE", code: 1326, wantKind: session.ErrAccessDenied, wantHint: "credentials"},
		{name: "RPC_S_SEC_PKG_ERROR", code: 1825, wantKind: session.ErrAccessDenied, wantHint: "clocks"},
		{name: "ERROR_WRONG_TARGET_NAME", code: 1396, wantKind: session.ErrAccessDenied, wantHint: "Kerberos"},
		{name: "ERROR_NO_LOGON_SERVERS", code: 1311, wantKind: session.ErrAccessDenied, wantHint: "domain controller"},
		{name: "ERROR_LOGON_TYPE_NOT_GRANTED", code: 1385, wantKind: session.ErrAccessDenied, wantHint: "credentials"},
		{name: "ERROR_SESSION_CREDENTIAL_CONFLICT", code: 1219, wantKind: session.ErrAccessDenied, wantHint: "net use"},
		{name: "ERROR_CTX_WINSTATION_NOT_FOUND: no such session, or no right to query it", code: 7022,
			wantKind: errNoSessionOrNoRight, wantHint: "elevated"},
		{name: "ERROR_CTX_WINSTATION_NAME_INVALID", code: 7001, wantKind: errNoSessionOrNoRight, wantHint: "elevated"},
		{name: "ERROR_CTX_CLOSE_PENDING: closing, not gone", code: 7007, wantKind: errClosing},
		{name: "RPC_S_SERVER_UNAVAILABLE", code: 1722, wantKind: session.ErrUnreachable, wantHint: "AllowRemoteRPC"},
		{name: "ERROR_BAD_NETPATH", code: 53, wantKind: session.ErrUnreachable, wantHint: "firewall"},
		{name: "RPC_S_CALL_FAILED", code: 1726, wantKind: session.ErrUnreachable},
		{name: "ERROR_CALL_NOT_IMPLEMENTED", code: 120, wantKind: session.ErrNotSupported},
		{name: "ERROR_NOT_SUPPORTED", code: 50, wantKind: session.ErrNotSupported},
		{name: "ERROR_PROC_NOT_FOUND", code: 127, wantKind: session.ErrNotSupported},
		{name: "RPC_S_PROCNUM_OUT_OF_RANGE", code: 1745, wantKind: session.ErrNotSupported},
		{name: "ERROR_TIMEOUT", code: 1460, wantKind: session.ErrTimeout},
		{name: "an unlisted code keeps no kind", code: 8, wantKind: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := wrap(fmt.Errorf("WTSLogoffSession: %w", tt.code), "logoff", "SRV02", session.IDPtr(3))
			var e *session.Error
			if !errors.As(err, &e) {
				t.Fatalf("wrap returned %T, want *session.Error", err)
			}
			if e.Kind != tt.wantKind {
				t.Errorf("Kind = %v, want %v", e.Kind, tt.wantKind)
			}
			if tt.wantKind != nil && (!errors.Is(err, tt.wantKind) || !errors.Is(err, sessionKind(tt.wantKind))) {
				t.Errorf("errors.Is(err, %v) = false", tt.wantKind)
			}
			if win32Kind(err) != tt.wantKind {
				t.Errorf("win32Kind = %v, want %v", win32Kind(err), tt.wantKind)
			}
			if !errors.Is(err, tt.code) {
				t.Errorf("errors.Is(err, Errno(%d)) = false", uintptr(tt.code))
			}
			var code syscall.Errno
			if !errors.As(err, &code) || code != tt.code {
				t.Errorf("errors.As found code %d, want %d", uintptr(code), uintptr(tt.code))
			}
			switch {
			case tt.wantHint == "" && e.Hint != "":
				t.Errorf("Hint = %q, want none", e.Hint)
			case !strings.Contains(e.Hint, tt.wantHint):
				t.Errorf("Hint = %q, want one that mentions %q", e.Hint, tt.wantHint)
			}
			if tt.wantKind == session.ErrNotSupported && e.Backend != "wts" {
				t.Errorf("Backend = %q, want wts", e.Backend)
			}
			if e.ComputerName != "SRV02" || e.SessionID == nil || *e.SessionID != 3 || e.Op != "logoff" {
				t.Errorf("lost the facts: %+v", e)
			}
		})
	}
	if wrap(nil, "list", "", nil) != nil {
		t.Error("wrap(nil) is not nil")
	}
}

// sessionKind is the kind of package session k is, or refines.
func sessionKind(k error) error {
	for _, base := range []error{session.ErrAccessDenied, session.ErrNoSession, session.ErrNotSupported, session.ErrUnreachable, session.ErrTimeout} {
		if errors.Is(k, base) {
			return base
		}
	}
	return k
}

// TestErrorTableHasAKindForEveryCode keeps the table free of rows that
// would map a code to nothing.
func TestErrorTableHasAKindForEveryCode(t *testing.T) {
	for code, k := range errorKinds {
		if k.kind == nil {
			t.Errorf("code %d has no kind", uintptr(code))
		}
	}
}
