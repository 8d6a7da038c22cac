package utmp

import (
	"fmt"
	"strings"
	"testing"
)

// statLine builds a /proc/PID/stat line with the given values and
// plausible others.
func statLine(pid int, comm string, state byte, ppid int, tty uint32, utime, stime uint64, threads uint32, start uint64, rss int64) string {
	return fmt.Sprintf("%d (%s) %c %d %d %d %d -1 4194560 1234 0 5 0 %d %d 0 0 20 0 %d 0 %d 12345678 %d 18446744073709551615 1 1 0 0 0 0 0 0 65536 0 0 17 1 0 0 0 0 0",
		pid, comm, state, ppid, pid, pid, int32(tty), utime, stime, threads, start, rss)
}

func TestParseStat(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    Stat
		wantErr string
	}{
		{"sleep on pts/3",
			statLine(4711, "sleep", 'S', 4700, 34819, 12, 3, 1, 987654, 150),
			Stat{PID: 4711, Comm: "sleep", State: 'S', PPID: 4700, TTY: 34819, UTime: 12, STime: 3, Threads: 1, StartTime: 987654, RSS: 150}, ""},
		{"name with spaces and parentheses",
			statLine(9, "a) (b c)", 'R', 1, 0, 0, 0, 4, 5, 6),
			Stat{PID: 9, Comm: "a) (b c)", State: 'R', PPID: 1, Threads: 4, StartTime: 5, RSS: 6}, ""},
		{"zombie", statLine(10, "defunct", 'Z', 9, 0, 1, 1, 1, 7, 0),
			Stat{PID: 10, Comm: "defunct", State: 'Z', PPID: 9, UTime: 1, STime: 1, Threads: 1, StartTime: 7}, ""},
		{"real kernel line", "1 (systemd) S 0 1 1 0 -1 4194560 58311 1733620 118 1253 233 360 4211 1490 20 0 1 0 30 172101632 3218 18446744073709551615 1 1 0 0 0 0 671173123 4096 1260 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
			Stat{PID: 1, Comm: "systemd", State: 'S', PPID: 0, UTime: 233, STime: 360, Threads: 1, StartTime: 30, RSS: 3218}, ""},
		{"no command name", "12 sleep S 1", Stat{}, "no command name"},
		{"truncated", "12 (sleep) S 1 12 12 0", Stat{}, "fields after the command name"},
		{"bad pid", "x (sleep) " + strings.Repeat("1 ", 30), Stat{}, "pid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStat([]byte(tt.line))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseStat error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ParseStat (-want +got)\n- %+v\n+ %+v", tt.want, got)
			}
		})
	}
}

func TestStatCPUSecondsAndZombie(t *testing.T) {
	tests := []struct {
		name   string
		st     Stat
		cpu    float64
		zombie bool
	}{
		{"running", Stat{State: 'R', UTime: 250, STime: 50}, 3, false},
		{"sleeping, no time", Stat{State: 'S'}, 0, false},
		{"zombie", Stat{State: 'Z', UTime: 1}, 0.01, true},
		{"dead", Stat{State: 'X'}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.st.CPUSeconds(); got != tt.cpu {
				t.Errorf("CPUSeconds() = %v, want %v", got, tt.cpu)
			}
			if got := tt.st.Zombie(); got != tt.zombie {
				t.Errorf("Zombie() = %v, want %v", got, tt.zombie)
			}
		})
	}
}

func TestParseStatusUID(t *testing.T) {
	tests := []struct {
		name    string
		status  string
		want    uint32
		wantErr bool
	}{
		{"effective uid is the second", "Name:\tsudo\nState:\tS (sleeping)\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n", 0, false},
		{"plain user", "Name:\tbash\nUid:\t1001\t1001\t1001\t1001\n", 1001, false},
		{"no Uid line", "Name:\tbash\n", 0, true},
		{"short Uid line", "Uid:\t1001\n", 0, true},
		{"bad number", "Uid:\t1\tx\t1\t1\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStatusUID([]byte(tt.status))
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseStatusUID error = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseStatusUID = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestTTYDevice(t *testing.T) {
	tests := []struct {
		name         string
		ttyNr        uint32
		major, minor uint32
	}{
		{"none", 0, 0, 0},
		{"pts/3", 136<<8 | 3, 136, 3},
		{"pts/300", 137<<8 | 300&0xff, 137, 300 & 0xff},
		{"tty1", 4<<8 | 1, 4, 1},
		{"minor above 255 in the high bits", 136<<8 | 0x2c | 0x100<<12, 136, 0x12c},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			major, minor := TTYDevice(tt.ttyNr)
			if major != tt.major || minor != tt.minor {
				t.Errorf("TTYDevice(%#x) = %d, %d, want %d, %d", tt.ttyNr, major, minor, tt.major, tt.minor)
			}
		})
	}
}

func TestMember(t *testing.T) {
	pts0 := uint32(136<<8 | 0)
	pts1 := uint32(136<<8 | 1)
	procs := map[int]Stat{
		1:   {PID: 1, PPID: 0},
		100: {PID: 100, PPID: 1},                // sshd listener
		200: {PID: 200, PPID: 100},              // sshd: alice [priv]
		201: {PID: 201, PPID: 200},              // sshd: alice@pts/0, session 201
		202: {PID: 202, PPID: 201, TTY: pts0},   // bash
		203: {PID: 203, PPID: 202, TTY: pts0},   // vim
		204: {PID: 204, PPID: 1, TTY: pts0},     // nohup job reparented, still on pts/0
		205: {PID: 205, PPID: 1},                // daemonised from the session: lost
		300: {PID: 300, PPID: 1, TTY: 4<<8 | 1}, // login on tty1, session 300
		301: {PID: 301, PPID: 300, TTY: 4<<8 | 1},
		302: {PID: 302, PPID: 301, TTY: pts1}, // inside tty1's shell, on pts/1 (script(1))
		400: {PID: 400, PPID: 1, TTY: pts1},   // on pts/1, whose session is 302's parent chain
		500: {PID: 500, PPID: 999},            // parent unknown
		600: {PID: 600, PPID: 601},            // a cycle never loops forever
		601: {PID: 601, PPID: 600},
	}
	leaders := map[int]uint32{201: 201, 300: 300}
	ttys := map[uint64]uint32{uint64(136)<<32 | 0: 201, uint64(136)<<32 | 1: 300}
	tests := []struct {
		name string
		pid  int
		id   uint32
		ok   bool
	}{
		{"login process itself", 201, 201, true},
		{"child of the login process", 202, 201, true},
		{"grandchild", 203, 201, true},
		{"reparented, on the session's terminal", 204, 201, true},
		{"reparented, no terminal", 205, 0, false},
		{"privileged sshd parent is outside", 200, 0, false},
		{"sshd listener is outside", 100, 0, false},
		{"init is outside", 1, 0, false},
		{"nearest ancestor wins over the terminal", 302, 300, true},
		{"terminal of another session", 400, 300, true},
		{"unknown parent", 500, 0, false},
		{"cycle", 600, 0, false},
		{"unknown pid", 777, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, ok := Member(procs, leaders, ttys, tt.pid)
			if id != tt.id || ok != tt.ok {
				t.Errorf("Member(%d) = %d, %v, want %d, %v", tt.pid, id, ok, tt.id, tt.ok)
			}
		})
	}
}
