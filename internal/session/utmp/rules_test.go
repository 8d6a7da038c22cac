package utmp

import "testing"

func TestProtocol(t *testing.T) {
	tests := []struct {
		name                         string
		line, host, comm, parentComm string
		want                         string
	}{
		{"OpenSSH per-connection process", "pts/0", "203.0.113.9", "sshd", "sshd", "SSH"},
		{"OpenSSH 9.8 sshd-session", "pts/0", "203.0.113.9", "sshd-session", "sshd-session", "SSH"},
		{"shell whose parent is sshd", "pts/3", "10.0.0.1", "bash", "sshd", "SSH"},
		{"dropbear", "pts/1", "10.0.0.2", "dropbear", "dropbear", "SSH"},
		{"telnet login", "pts/2", "10.0.0.3", "login", "in.telnetd", "Telnet"},
		{"virtual console login", "tty1", "", "login", "systemd", "Console"},
		{"console shell", "tty2", "", "bash", "login", "Console"},
		{"system console", "console", "", "login", "init", "Console"},
		{"display manager on :0", ":0", ":0", "lightdm", "lightdm", "Console"},
		{"terminal emulator", "pts/4", ":0", "xterm", "xfce4-session", ""},
		{"serial line", "ttyS0", "", "login", "agetty", ""},
		{"screen window", "pts/5", ":pts/1:S.0", "screen", "bash", ""},
		{"name that only starts with sshd", "pts/6", "", "sshdlike", "bash", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Protocol(tt.line, tt.host, tt.comm, tt.parentComm); got != tt.want {
				t.Errorf("Protocol(%q, %q, %q, %q) = %q, want %q", tt.line, tt.host, tt.comm, tt.parentComm, got, tt.want)
			}
		})
	}
}

func TestIsConsole(t *testing.T) {
	tests := []struct {
		name, line, host string
		want             bool
	}{
		{"tty1", "tty1", "", true},
		{"tty63", "tty63", "", true},
		{"console", "console", "", true},
		{"X display line", ":0", "", true},
		{"X display with screen", ":1.0", ":1.0", true},
		{"virtual console reached remotely", "tty1", "example.net", false},
		{"pseudo-terminal", "pts/0", "", false},
		{"serial line", "ttyS0", "", false},
		{"bare tty", "tty", "", false},
		{"remote X display", ":0", "example.net:0", false},
		{"malformed display", ":0.", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsConsole(tt.line, tt.host); got != tt.want {
				t.Errorf("IsConsole(%q, %q) = %v, want %v", tt.line, tt.host, got, tt.want)
			}
		})
	}
}

func TestIsRemote(t *testing.T) {
	tests := []struct {
		name     string
		console  bool
		protocol string
		host     string
		want     bool
	}{
		{"ssh", false, ProtocolSSH, "10.0.0.7", true},
		{"ssh without a host", false, ProtocolSSH, "", true},
		{"telnet", false, ProtocolTelnet, "", true},
		{"from a host, protocol unknown", false, "", "laptop", true},
		{"local X display", false, "", ":0", false},
		{"screen window", false, "", ":pts/3:S.0", false},
		{"local terminal", false, "", "", false},
		{"the console", true, ProtocolConsole, "", false},
		{"the console with a host", true, ProtocolConsole, "laptop", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRemote(tt.console, tt.protocol, tt.host); got != tt.want {
				t.Errorf("IsRemote(%v, %q, %q) = %v, want %v", tt.console, tt.protocol, tt.host, got, tt.want)
			}
		})
	}
}

func TestDevicePath(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"pseudo-terminal", "pts/0", "/dev/pts/0"},
		{"virtual console", "tty1", "/dev/tty1"},
		{"serial", "ttyS0", "/dev/ttyS0"},
		{"empty", "", ""},
		{"X display", ":0", ""},
		{"parent directory", "../etc/passwd", ""},
		{"hidden parent", "pts/../../etc/shadow", ""},
		{"absolute", "/etc/passwd", ""},
		{"double slash", "pts//0", ""},
		{"dot", "./tty1", ""},
		{"trailing slash", "pts/", ""},
		{"space", "pts 0", ""},
		{"too long", "pts/0123456789012345678901234567890", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DevicePath(tt.line); got != tt.want {
				t.Errorf("DevicePath(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestClientAddress(t *testing.T) {
	tests := []struct {
		name string
		r    Record
		want string
	}{
		{"IPv4 in ut_addr_v6", Record{Host: "client.example", Addr: ipv4(192, 0, 2, 7)}, "192.0.2.7"},
		{"IPv6 in ut_addr_v6", Record{Host: "client.example", Addr: [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 1}}, "2001:db8::1"},
		{"IPv4-mapped IPv6", Record{Addr: [16]byte{10: 0xff, 11: 0xff, 12: 198, 13: 51, 14: 100, 15: 4}}, "198.51.100.4"},
		{"no address, IPv4 host", Record{Host: "203.0.113.5"}, "203.0.113.5"},
		{"no address, IPv6 host with zone", Record{Host: "fe80::1%eth0"}, "fe80::1"},
		{"no address, host name", Record{Host: "client.example"}, ""},
		{"X display", Record{Host: ":0"}, ""},
		{"nothing", Record{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ClientAddress(tt.r); got != tt.want {
				t.Errorf("ClientAddress() = %q, want %q", got, tt.want)
			}
		})
	}
}
