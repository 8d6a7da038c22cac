package wts

import "net/netip"

// Address families of WTS_CLIENT_ADDRESS and WTSCLIENTW (ws2def.h).
const (
	afUnspec = 0
	afInet   = 2
	afInet6  = 23
)

// The client's address is read from WTSClientAddress (WTS_CLIENT_ADDRESS),
// not from WTSClientInfo (WTSCLIENTW), whose ClientAddress field the
// evidence does not agree on:
//
//   - Microsoft's page of WTSCLIENTW says AF_INET is a string and AF_INET6
//     binary; winlabs/gowin32 wts.go (ClientAddressToIP, written by an
//     author who ran it on real Windows for IPv4) reads one octet per
//     USHORT from ClientAddress[0]: 192.168.7.42 as the words 192 168 7 42.
//     The two cannot both be right, and nobody is seen reading its IPv6
//     form on a real machine. Unsettled; not read.
//   - WTS_CLIENT_ADDRESS is documented with byte examples
//     (learn.microsoft.com/windows/win32/api/wtsapi32/ns-wtsapi32-wts_client_address,
//     MicrosoftDocs/sdk-api PR 1183): IPv4 192.168.0.1 as
//     "0x00 0x00 0xC0 0xA8 0x00 0x01", that is Address[2..5]; IPv6
//     FFFF::1 as sixteen bytes from Address[0]. Cassia
//     (Source/Cassia/Impl/NativeMethodsHelper.cs) and gowin32
//     (QuerySessionClientAddress) read IPv4 at Address[2] on real Windows.
//   - KB951422: Windows Vista, 7, Server 2008 and 2008 R2 (6.0 and 6.1)
//     write an IPv6 address with its "::" collapsed to two zero bytes
//     (fe80::385f:e84b:ac02:f69c as 00 00 FE 80 00 00 38 5F ...) unless a
//     hotfix is installed, so the bytes cannot be read back. An IPv6
//     address from a host older than 6.2, or of a version not known, is
//     therefore unknown (""). pywin32 (win32/src/win32tsmodule.cpp, after
//     its issue #664) notes the address is right from Server 2012 (6.2)
//     on.
//
// usersession diagnose prints both fields raw, so that a report from a
// real machine can settle the WTSCLIENTW layout.

// clientAddress formats a WTS_CLIENT_ADDRESS reported by a host of
// version v: IPv4 from Address[2]; IPv6 from Address[0] on 6.2 and later;
// "" for anything else (an IPv6 address of an older or unknown host,
// IPX, NetBIOS, AF_UNSPEC, an all-zero address).
func clientAddress(a clientAddressRaw, v Version) string {
	switch a.AddressFamily {
	case afInet:
		return addrString(netip.AddrFrom4([4]byte(a.Address[2:6])))
	case afInet6:
		if v == (Version{}) || !v.atLeast(6, 2) {
			return ""
		}
		return addrString(netip.AddrFrom16([16]byte(a.Address[0:16])))
	}
	return ""
}

// addrString formats an address for the wire: "" for an unspecified one,
// an IPv4-mapped IPv6 address as IPv4.
func addrString(a netip.Addr) string {
	if !a.IsValid() || a.IsUnspecified() {
		return ""
	}
	return a.Unmap().String()
}

// hasClient reports whether a session's WTSCLIENTW names a client: a
// client name or an IP address family. Only then is WTSClientAddress
// asked (the console, services and listeners have none).
func (c clientInfo) hasClient() bool {
	return c.Name != "" || c.Family == afInet || c.Family == afInet6
}
