package utmp

import (
	"slices"
	"testing"

	"github.com/usersession/usersession/internal/procfs"
)

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
	procs := map[int]procfs.Stat{
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

// TestOwn: the helper run in a root shell that sudo -i (use_pty) started
// inside an SSH login is in sudo's session and in the login; su without a
// terminal of its own adds none.
func TestOwn(t *testing.T) {
	pts0 := uint32(136<<8 | 0)
	pts1 := uint32(136<<8 | 1)
	procs := map[int]procfs.Stat{
		1:   {PID: 1, PPID: 0},
		200: {PID: 200, PPID: 1},              // sshd: alice [priv], the login, session 200
		201: {PID: 201, PPID: 200},            // sshd: alice@pts/0
		202: {PID: 202, PPID: 201, TTY: pts0}, // -sh
		203: {PID: 203, PPID: 202, TTY: pts0}, // sudo -i
		204: {PID: 204, PPID: 203},            // sudo's monitor, writes pts/1 into utmp, session 204
		205: {PID: 205, PPID: 204, TTY: pts1}, // root's -bash
		206: {PID: 206, PPID: 205, TTY: pts1}, // usersession
		207: {PID: 207, PPID: 202, TTY: pts0}, // su -
		208: {PID: 208, PPID: 207, TTY: pts0}, // root's -bash
		209: {PID: 209, PPID: 208, TTY: pts0}, // usersession
		300: {PID: 300, PPID: 1, TTY: pts0},   // reparented, on pts/0
		400: {PID: 400, PPID: 1},              // no terminal, no login above
		600: {PID: 600, PPID: 601},            // a cycle never loops forever
		601: {PID: 601, PPID: 600},
	}
	leaders := map[int]uint32{200: 200, 204: 204}
	ttys := map[uint64]uint32{uint64(136)<<32 | 0: 200, uint64(136)<<32 | 1: 204}
	tests := []struct {
		name string
		pid  int
		want []uint32
	}{
		{"under sudo -i: sudo's session, then the login", 206, []uint32{204, 200}},
		{"under su -: the login", 209, []uint32{200}},
		{"the login process itself", 200, []uint32{200}},
		{"reparented: the session on its terminal", 300, []uint32{200}},
		{"no terminal, no login", 400, nil},
		{"cycle", 600, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Own(procs, leaders, ttys, tt.pid); !slices.Equal(got, tt.want) {
				t.Errorf("Own(%d) = %v, want %v", tt.pid, got, tt.want)
			}
		})
	}
}

// TestRunningTTYs: a record left on a pty by a login that ended (its
// login process a zombie, or gone) takes no process of the next login on
// that pty, whose own record is not written yet; a session whose login
// process runs, or is only hidden from /proc, keeps its terminal.
func TestRunningTTYs(t *testing.T) {
	pts0 := uint32(136<<8 | 0)
	pts1 := uint32(136<<8 | 1)
	pts2 := uint32(136<<8 | 2)
	procs := map[int]procfs.Stat{
		1:   {PID: 1, PPID: 0},
		300: {PID: 300, PPID: 1, State: 'Z'},  // the ended login's monitor, still in utmp for pts/0
		400: {PID: 400, PPID: 1},              // the next login's monitor, not in utmp yet
		401: {PID: 401, PPID: 400, TTY: pts0}, // its shell on the reused pts/0
		402: {PID: 402, PPID: 401, TTY: pts0}, // sleep
		500: {PID: 500, PPID: 1},              // a login that runs, session 500 on pts/1
		501: {PID: 501, PPID: 1, TTY: pts1},   // its job, reparented, still on pts/1
		601: {PID: 601, PPID: 1, TTY: pts2},   // a job on pts/2, whose login 600 is gone
		701: {PID: 701, PPID: 1, TTY: 136<<8 | 3},
	}
	leaders := map[int]uint32{300: 300, 500: 500, 600: 600, 700: 700}
	ttys := map[uint64]uint32{uint64(136)<<32 | 0: 300, uint64(136)<<32 | 1: 500, uint64(136)<<32 | 2: 600, uint64(136)<<32 | 3: 700}
	// 700 is hidden from /proc (hidepid) but exists.
	exists := func(pid int) bool { return pid == 700 }
	running := RunningTTYs(procs, ttys, exists)
	tests := []struct {
		name string
		pid  int
		id   uint32
		ok   bool
	}{
		{"the next login's shell is not the ended login's", 401, 0, false},
		{"nor is its command", 402, 0, false},
		{"a reparented job of a running login keeps its session", 501, 500, true},
		{"a job whose login is gone has none", 601, 0, false},
		{"a login hidden by hidepid keeps its terminal", 701, 700, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, ok := Member(procs, leaders, running, tt.pid)
			if id != tt.id || ok != tt.ok {
				t.Errorf("Member(%d) = %d, %v, want %d, %v", tt.pid, id, ok, tt.id, tt.ok)
			}
		})
	}
	// Without the filter the ended login takes the next one's processes.
	if id, ok := Member(procs, leaders, ttys, 402); !ok || id != 300 {
		t.Errorf("unfiltered Member(402) = %d, %v: the case this guards against is gone", id, ok)
	}
}
