package procfs

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
