package utmp

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/user"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/usersession/usersession/internal/procfs"
	"github.com/usersession/usersession/internal/session"
)

// DefaultPath is the utmp file glibc, sshd, login and who use.
const DefaultPath = "/var/run/utmp"

// DefaultGrace is how long Logoff lets the processes of a session end
// after SIGHUP and SIGTERM before it sends SIGKILL.
const DefaultGrace = 5 * time.Second

// staleAfter is how much later than its utmp entry a login process may
// have started. A process that started later has a pid reused since the
// login, and the entry is stale.
const staleAfter = time.Minute

// hintRoot is the hint of every ErrAccessDenied.
const hintRoot = "run usersession as root (sudo) to act on another user's session"

// Backend is the Linux backend: sessions from a utmp file, processes from
// /proc, sign-out by signals. It reads the local machine only.
type Backend struct {
	// Path is the utmp file; "" means DefaultPath.
	Path string
	// Grace is the time between SIGTERM and SIGKILL in Logoff; 0 means
	// DefaultGrace.
	Grace time.Duration

	namesOnce sync.Once
	names     *session.NetNames
}

// New returns a Backend that reads the utmp file at path ("" for
// DefaultPath).
func New(path string) *Backend { return &Backend{Path: path} }

var _ session.Backend = (*Backend)(nil)

// Name returns "utmp".
func (b *Backend) Name() string { return "utmp" }

func (b *Backend) path() string {
	if b.Path == "" {
		return DefaultPath
	}
	return b.Path
}

func (b *Backend) grace() time.Duration {
	if b.Grace <= 0 {
		return DefaultGrace
	}
	return b.Grace
}

// netNames knows this machine's names: its host name, the short form of
// it, and its fully qualified name when the resolver gives one.
func (b *Backend) netNames() *session.NetNames {
	b.namesOnce.Do(func() {
		b.names = &session.NetNames{Names: func() []string {
			name, err := os.Hostname()
			if err != nil || name == "" {
				return nil
			}
			names := []string{name}
			if short, _, ok := strings.Cut(name, "."); ok {
				names = append(names, short)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if fqdn, err := net.DefaultResolver.LookupCNAME(ctx, name); err == nil {
				names = append(names, strings.TrimSuffix(fqdn, "."))
			}
			return names
		}}
	})
	return b.names
}

// LocalNames returns this machine's names and addresses.
func (b *Backend) LocalNames(ctx context.Context) []string { return b.netNames().LocalNames(ctx) }

// IdentifyHost tells which names are this machine (see session.NetNames).
func (b *Backend) IdentifyHost(ctx context.Context, name string) (bool, string) {
	return b.netNames().IdentifyHost(ctx, name)
}

// remote is the error for a computer name other than this machine.
func (b *Backend) remote(op, host string) error {
	return &session.Error{Kind: session.ErrNotSupported, Op: op, ComputerName: host, Backend: b.Name(),
		Hint: "the Linux backend reads this machine only; run usersession on that host (for example over ssh)"}
}

// Info describes this machine: its host name, whether the helper runs as
// root, the session it runs in and what the backend can do. It does not
// fail.
func (b *Backend) Info(ctx context.Context) (session.HostInfo, error) {
	name, _ := os.Hostname()
	info := session.HostInfo{
		ComputerName: name,
		Elevated:     os.Geteuid() == 0,
		Capabilities: session.Capabilities{Remote: false, Disconnect: false, Message: true, Processes: true},
		// A tty has no lock screen: what is written to it is seen.
		TerminalSessions: true,
	}
	// An unreadable utmp file fails session.list with its reason; here it
	// only means that the current session is not known.
	live, _ := b.live()
	if cur, _ := currentSessions(live); len(cur) > 0 {
		info.CurrentSessionID = session.IDPtr(cur[0])
	}
	return info, nil
}

// entry is a session of the utmp file whose login process runs.
type entry struct {
	rec    Record
	leader procfs.Stat
	// dev is the terminal's device number, ok false when the line names
	// no terminal that could be examined.
	dev   uint64
	devOK bool
	atime time.Time
	// server is the pid of the multiplexer (tmux, screen) that wrote the
	// entry of this pane, 0 for any other session (panes_linux.go).
	server int32
}

func (e entry) id() uint32 { return uint32(e.rec.PID) }

// live reads the utmp file and keeps the USER_PROCESS entries whose login
// process runs and started no later than staleAfter after the entry was
// made (as who, which also drops entries whose process is gone). When
// /proc hides the process (hidepid) but kill(2) says it exists, the entry
// is kept without that check. Each pid is listed once, at its first
// entry, except the entries of a terminal multiplexer, each of which is
// the session of its pane (splitPanes). No file means no sessions.
func (b *Backend) live() ([]entry, error) {
	recs, err := ReadFile(b.path())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case errors.Is(err, fs.ErrPermission):
		return nil, &session.Error{Kind: session.ErrAccessDenied, Op: "list", Err: errno(err),
			Hint: "the utmp file " + b.path() + " is not readable; " + hintRoot}
	case err != nil:
		return nil, fmt.Errorf("utmp: %w", err)
	}
	boot, bootErr := bootTime()
	type pidLine struct {
		pid  int32
		line string
	}
	seen := map[pidLine]bool{}
	var out []entry
	for _, r := range recs {
		if r.Type != TypeUserProcess || r.PID <= 1 || seen[pidLine{r.PID, r.Line}] {
			continue
		}
		st, err := procfs.ReadStat(int(r.PID))
		switch {
		case err == nil && st.Zombie():
			continue
		case err == nil:
			if bootErr == nil && r.Sec != 0 {
				started := boot + int64(st.StartTime/procfs.ClockTicks)
				if started > r.Sec+int64(staleAfter/time.Second) {
					continue
				}
			}
		case errors.Is(unix.Kill(int(r.PID), 0), unix.EPERM):
			// /proc hides other users' processes (mounted with hidepid),
			// but the process exists: list the entry, as who does.
		default:
			continue
		}
		seen[pidLine{r.PID, r.Line}] = true
		e := entry{rec: r, leader: st}
		if p := DevicePath(r.Line); p != "" {
			var fi unix.Stat_t
			if unix.Stat(p, &fi) == nil && fi.Mode&unix.S_IFMT == unix.S_IFCHR {
				rdev := uint64(fi.Rdev) // uint32 on mips64
				e.dev = uint64(unix.Major(rdev))<<32 | uint64(unix.Minor(rdev))
				e.devOK = true
				e.atime = time.Unix(fi.Atim.Unix())
			}
		}
		out = append(out, e)
	}
	return splitPanes(out), nil
}

// currentSessions finds the sessions the helper runs in, nearest first:
// the session of each of its ancestors (itself included) that is a login
// process, else the session on its controlling terminal (Own). servers
// are the terminal multiplexers (tmux, screen) among its ancestors and
// behind the panes among those sessions.
func currentSessions(live []entry) (ids []uint32, servers []int32) {
	if len(live) == 0 {
		// No session to be in: the walk up the process tree is not needed.
		return nil, nil
	}
	leaders, ttys := index(live)
	self := os.Getpid()
	procs := map[int]procfs.Stat{}
	for p := self; p > 1; {
		if _, loop := procs[p]; loop {
			break
		}
		st, err := procfs.ReadStat(p)
		if err != nil {
			break
		}
		procs[p] = st
		if isMultiplexer(st.Comm) && !slices.Contains(servers, int32(p)) {
			servers = append(servers, int32(p))
		}
		p = st.PPID
	}
	ids = Own(procs, leaders, ttys, self)
	for _, e := range live {
		if e.server != 0 && slices.Contains(ids, e.id()) && !slices.Contains(servers, e.server) {
			servers = append(servers, e.server)
		}
	}
	return ids, servers
}

// ownSessions are the caller's own sessions: the ones the helper runs in
// and the logins from which the clients of a multiplexer it runs in are
// attached (currentSessions, attachedLogins).
func ownSessions(live []entry) map[uint32]bool {
	own := map[uint32]bool{}
	ids, servers := currentSessions(live)
	for _, id := range ids {
		own[id] = true
	}
	for _, server := range servers {
		for _, login := range attachedLogins(live, server) {
			own[login] = true
		}
	}
	return own
}

// Sessions lists the sessions of this machine. Every session is Active:
// Linux has no disconnected sessions.
func (b *Backend) Sessions(ctx context.Context, host string) ([]session.Session, error) {
	if host != "" {
		return nil, b.remote("list", host)
	}
	live, err := b.live()
	if err != nil {
		return nil, err
	}
	name, _ := os.Hostname()
	own := ownSessions(live)
	now := time.Now()
	out := make([]session.Session, 0, len(live))
	for _, e := range live {
		parentComm := ""
		if p, err := procfs.ReadStat(e.leader.PPID); err == nil {
			parentComm = p.Comm
		}
		logon := session.TimePtr(e.rec.Time())
		s := session.Session{
			ComputerName:  name,
			ID:            e.id(),
			SessionName:   e.rec.Line,
			UserName:      e.rec.User,
			State:         session.StateActive,
			ClientName:    e.rec.Host,
			ClientAddress: ClientAddress(e.rec),
			Protocol:      Protocol(e.rec.Line, e.rec.Host, e.leader.Comm, parentComm),
			LogonTime:     logon,
			ConnectTime:   logon,
			LastInputTime: session.TimePtr(e.atime),
			IsCurrent:     own[e.id()],
			IsConsole:     IsConsole(e.rec.Line, e.rec.Host),
			AccountName:   session.Account("", e.rec.User),
		}
		remote := IsRemote(s.IsConsole, s.Protocol, e.rec.Host)
		s.IsRemote = &remote
		s.IdleSeconds = session.IdleSeconds(now, s.State, s.LastInputTime, nil)
		out = append(out, s)
	}
	return out, nil
}

// Session returns session id as Sessions lists it.
func (b *Backend) Session(ctx context.Context, host string, id uint32) (session.Session, error) {
	ss, err := b.Sessions(ctx, host)
	if err != nil {
		return session.Session{}, err
	}
	return session.Find(ss, "list", "", id)
}

// find returns the live session id, or ErrNoSession.
func (b *Backend) find(op string, id uint32) (entry, []entry, error) {
	live, err := b.live()
	if err != nil {
		return entry{}, nil, err
	}
	for _, e := range live {
		if e.id() == id {
			return e, live, nil
		}
	}
	return entry{}, nil, &session.Error{Kind: session.ErrNoSession, Op: op, SessionID: session.IDPtr(id)}
}

// Disconnect answers ErrNotSupported: a Linux login has no state in which
// it runs without its terminal.
func (b *Backend) Disconnect(ctx context.Context, host string, id uint32, wait bool) (bool, error) {
	if host != "" {
		return false, b.remote("disconnect", host)
	}
	return false, &session.Error{Kind: session.ErrNotSupported, Op: "disconnect", Backend: b.Name(),
		Hint: "Linux has no disconnected sessions: a login ends with its terminal; use session.logoff, or tmux or screen inside the session to detach and reattach"}
}

// Processes lists the processes of every session: each session's login
// process and its descendants, and the processes whose controlling
// terminal is the session's terminal. A process belongs to one session,
// the one of its nearest ancestor that is a login process.
func (b *Backend) Processes(ctx context.Context, host string) ([]session.Process, error) {
	if host != "" {
		return nil, b.remote("processes", host)
	}
	live, err := b.live()
	if err != nil {
		return nil, err
	}
	if len(live) == 0 {
		return nil, nil
	}
	procs, err := scanProcs()
	if err != nil {
		return nil, fmt.Errorf("processes: %w", err)
	}
	leaders, ttys := index(live)
	ttys = RunningTTYs(procs, ttys, exists)
	name, _ := os.Hostname()
	users := map[uint32]string{}
	page := uint64(os.Getpagesize())
	var out []session.Process
	for _, pid := range sortedPIDs(procs) {
		st := procs[pid]
		id, ok := Member(procs, leaders, ttys, pid)
		if !ok || st.Zombie() {
			continue
		}
		p := session.Process{
			ComputerName: name,
			SessionID:    id,
			ProcessID:    uint32(pid),
			Name:         processName(pid, st.Comm),
		}
		if uid, err := processUID(pid); err == nil {
			u, ok := users[uid]
			if !ok {
				u = userName(uid)
				users[uid] = u
			}
			p.UserName = u
		}
		rss := uint64(max(st.RSS, 0)) * page
		cpu := st.CPUSeconds()
		threads := st.Threads
		p.WorkingSetBytes, p.CPUSeconds, p.ThreadCount = &rss, &cpu, &threads
		if n, ok := openFDs(pid); ok {
			p.HandleCount = &n
		}
		out = append(out, p)
	}
	return out, nil
}

// index builds the maps of Member from the live sessions.
func index(live []entry) (leaders map[int]uint32, ttys map[uint64]uint32) {
	leaders = map[int]uint32{}
	ttys = map[uint64]uint32{}
	for _, e := range live {
		leaders[int(e.rec.PID)] = e.id()
		if e.devOK {
			if _, dup := ttys[e.dev]; !dup {
				ttys[e.dev] = e.id()
			}
		}
	}
	return leaders, ttys
}

// exists reports whether process pid exists, also when /proc hides it.
func exists(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}

// sortedPIDs returns the pids of procs in increasing order.
func sortedPIDs(procs map[int]procfs.Stat) []int {
	pids := make([]int, 0, len(procs))
	for pid := range procs {
		pids = append(pids, pid)
	}
	slices.Sort(pids)
	return pids
}

// userName returns the name of uid, or the number when it has none.
func userName(uid uint32) string {
	s := strconv.FormatUint(uint64(uid), 10)
	if u, err := user.LookupId(s); err == nil {
		return u.Username
	}
	return s
}

// errno returns the syscall.Errno inside err, or err itself.
func errno(err error) error {
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return err
}

// PromptLocal reports that the backend's calls read local files and
// honour their context, so the Service need not run them on a goroutine.
func (b *Backend) PromptLocal() bool { return true }
