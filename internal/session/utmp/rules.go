package utmp

import "strings"

// The protocols this backend reports.
const (
	ProtocolSSH     = "SSH"
	ProtocolTelnet  = "Telnet"
	ProtocolConsole = "Console"
)

// IsRemote decides whether a session is used from elsewhere: over SSH or
// Telnet, or from a host (ut_host) that is not a local X display (":0",
// or screen's ":pts/3:S.0"). The console and local terminals are not.
func IsRemote(console bool, protocol, host string) bool {
	return !console && (protocol == ProtocolSSH || protocol == ProtocolTelnet ||
		host != "" && !strings.HasPrefix(host, ":"))
}

// Protocol decides the protocol of a session from its terminal line, its
// ut_host and the names (comm) of the entry's process and of that
// process's parent. The first rule that holds wins:
//
//   - "SSH" when either process is an SSH server: sshd, sshd-session (the
//     per-connection process of OpenSSH 9.8 and later), any other
//     sshd-* helper, or dropbear;
//   - "Telnet" when either is in.telnetd or telnetd;
//   - "Console" when the session is on the local console (see IsConsole);
//   - "" otherwise: a terminal emulator, screen or tmux writing its own
//     entry, or a login whose server is unknown.
func Protocol(line, host, comm, parentComm string) string {
	switch {
	case isSSHServer(comm) || isSSHServer(parentComm):
		return ProtocolSSH
	case isTelnetServer(comm) || isTelnetServer(parentComm):
		return ProtocolTelnet
	case IsConsole(line, host):
		return ProtocolConsole
	}
	return ""
}

func isSSHServer(name string) bool {
	return name == "sshd" || strings.HasPrefix(name, "sshd-") || name == "dropbear"
}

func isTelnetServer(name string) bool {
	return name == "in.telnetd" || name == "telnetd"
}

// IsConsole reports whether a session is at the machine itself: its line
// is the system console ("console"), a virtual console (tty1, tty2, ...)
// or a local X display (":0"), and its host is empty or a local display.
// Serial lines (ttyS0) and pseudo-terminals (pts/N) are not the console.
func IsConsole(line, host string) bool {
	if host != "" && !isLocalDisplay(host) {
		return false
	}
	return line == "console" || isVirtualConsole(line) || isLocalDisplay(line)
}

// isVirtualConsole reports whether line is "tty" followed by digits.
func isVirtualConsole(line string) bool {
	n, ok := strings.CutPrefix(line, "tty")
	return ok && n != "" && allDigits(n)
}

// isLocalDisplay reports whether s is an X display of this machine: ":N"
// or ":N.S".
func isLocalDisplay(s string) bool {
	rest, ok := strings.CutPrefix(s, ":")
	if !ok {
		return false
	}
	disp, screen, hasScreen := strings.Cut(rest, ".")
	return allDigits(disp) && disp != "" && (!hasScreen || (screen != "" && allDigits(screen)))
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// DevicePath returns the device file of a terminal line ("/dev/pts/0" for
// "pts/0"), or "" when line cannot name a device under /dev: empty,
// absolute, with "..", "." or empty components, or with characters other
// than letters, digits, '/', '_', '-' and '.'. utmp is writable by the
// utmp group, so a line is never trusted as a path.
func DevicePath(line string) string {
	if line == "" || len(line) > 32 {
		return ""
	}
	for _, c := range line {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			c == '/', c == '_', c == '-', c == '.':
		default:
			return ""
		}
	}
	for _, part := range strings.Split(line, "/") {
		if part == "" || part == "." || part == ".." {
			return ""
		}
	}
	return "/dev/" + line
}
