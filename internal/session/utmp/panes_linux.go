package utmp

import (
	"strings"

	"github.com/usersession/usersession/internal/procfs"
)

// Terminal multiplexers write a utmp entry for each pane (tmux) or window
// (screen) with the pid of their server, not of the pane's process:
// Debian's tmux does so through libutempter, as who shows ("root pts/3
// (tmux(15346).%1)"). The server is the parent of every pane's process,
// runs without a terminal, and is reparented to init, so no walk up from
// a pane reaches the login it was started from. Listed by the server's
// pid, the panes would be one session whose sign-out ends every pane of
// the server. Instead each such entry becomes a session of its own whose
// id and login process are the pane's process: the server's child whose
// controlling terminal is the entry's.

// isMultiplexer reports whether comm is the command name of a tmux or
// screen process ("tmux: server", "tmux: client", "screen").
func isMultiplexer(comm string) bool {
	return strings.HasPrefix(comm, "tmux") || strings.EqualFold(comm, "screen")
}

// ttyKey is a terminal device as entry.dev holds it: major<<32 | minor.
func ttyKey(ttyNr uint32) uint64 {
	major, minor := TTYDevice(ttyNr)
	return uint64(major)<<32 | uint64(minor)
}

// splitPanes gives each entry of a multiplexer (one of several entries of
// one pid, or the entry of a tmux or screen process) its pane's process as
// id and login process, and keeps the other entries once per pid. The
// entry of a tmux or screen server whose pane process is not found (the
// server writes the entry as it starts the pane) is left out: its id
// would be the server, whose sign-out ends every pane. Another program's
// entries of one pid keep that pid, once.
func splitPanes(all []entry) []entry {
	count := map[int32]int{}
	for _, e := range all {
		count[e.rec.PID]++
	}
	isServer := func(e entry) bool { return count[e.rec.PID] > 1 || isMultiplexer(e.leader.Comm) }
	var panes map[[2]uint64]procfs.Stat // (parent pid, terminal) -> oldest such process
	for _, e := range all {
		if isServer(e) {
			panes = paneProcesses()
			break
		}
	}
	seen := map[int32]bool{}
	out := make([]entry, 0, len(all))
	for _, e := range all {
		if isServer(e) && e.devOK {
			if p, ok := panes[[2]uint64{uint64(e.rec.PID), e.dev}]; ok && !seen[int32(p.PID)] {
				e.server = e.rec.PID
				e.rec.PID = int32(p.PID)
				e.leader = p
				seen[e.rec.PID] = true
				out = append(out, e)
				continue
			}
		}
		if isMultiplexer(e.leader.Comm) {
			continue
		}
		if !seen[e.rec.PID] {
			seen[e.rec.PID] = true
			out = append(out, e)
		}
	}
	return out
}

// paneProcesses maps each (parent pid, controlling terminal) to the
// oldest process with them: for a multiplexer's server and a pane's
// terminal, the pane's process. It is empty when /proc cannot be read.
func paneProcesses() map[[2]uint64]procfs.Stat {
	panes := map[[2]uint64]procfs.Stat{}
	procs, err := scanProcs()
	if err != nil {
		return panes
	}
	for _, st := range procs {
		if st.TTY == 0 || st.Zombie() {
			continue
		}
		key := [2]uint64{uint64(st.PPID), ttyKey(st.TTY)}
		if old, ok := panes[key]; !ok || st.StartTime < old.StartTime || (st.StartTime == old.StartTime && st.PID < old.PID) {
			panes[key] = st
		}
	}
	return panes
}

// attachedLogins returns the sessions from which a client of the
// multiplexer server (a tmux or screen server among the helper's
// ancestors, or the one that wrote the entry of a pane the helper runs
// in) is attached: the caller inside a pane also owns the login whose
// terminal shows it. Every client of the server's command and user
// counts (the one showing the pane among them), so that no login that
// may show it is left unprotected. It does not need the pane's own entry,
// which the server writes through a helper of its own while the pane's
// process may already run.
func attachedLogins(live []entry, server int32) []uint32 {
	procs, err := scanProcs()
	if err != nil {
		return nil
	}
	srv, ok := procs[int(server)]
	if !ok {
		return nil
	}
	uid, err := processUID(int(server))
	if err != nil {
		return nil
	}
	name, _, _ := strings.Cut(srv.Comm, ":") // "tmux: server" -> "tmux"
	leaders, ttys := index(live)
	ttys = RunningTTYs(procs, ttys, exists)
	var out []uint32
	for pid, st := range procs {
		if pid == int(server) || st.TTY == 0 || st.Zombie() || !strings.HasPrefix(strings.ToLower(st.Comm), strings.ToLower(name)) {
			continue
		}
		if u, err := processUID(pid); err != nil || u != uid {
			continue
		}
		if id, ok := Member(procs, leaders, ttys, pid); ok {
			out = append(out, id)
		}
	}
	return out
}
