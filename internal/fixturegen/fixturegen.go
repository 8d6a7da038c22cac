// Package fixturegen generates the workloads of the benchmarks and of the soak:
// simulated hosts with many sessions, fleets of remote hosts with latency,
// some of which never answer, and the request lines a client sends. The
// same workloads feed the go test benchmarks and cmd/usbench, so their
// figures describe the same thing.
package fixturegen

import (
	"fmt"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

// Now is the fixed clock of every generated fixture, so that idle times
// are part of the output and reproducible.
var Now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// Sessions returns n sessions as a busy Remote Desktop host has them:
// every field filled in, a mix of states, one in ten user names with a
// non-ASCII letter (so the ASCII escaping of the output is exercised).
func Sessions(n int) []simulate.Session {
	out := make([]simulate.Session, n)
	for i := range out {
		id := uint32(i + 1)
		logon := Now.Add(-time.Duration(i%600+60) * time.Minute)
		input := Now.Add(-time.Duration(i%3600) * time.Second)
		locked := i%7 == 0
		s := session.Session{
			ID:            id,
			SessionName:   fmt.Sprintf("RDP-Tcp#%d", i),
			UserName:      fmt.Sprintf("user%05d", i),
			Domain:        "CONTOSO",
			State:         session.StateActive,
			ClientName:    fmt.Sprintf("LAPTOP-%05d", i),
			ClientAddress: fmt.Sprintf("10.%d.%d.%d", i>>16&0xff, i>>8&0xff, i&0xff),
			Protocol:      "RDP",
			LogonTime:     &logon,
			ConnectTime:   &logon,
			LastInputTime: &input,
			Locked:        &locked,
		}
		if i%10 == 9 {
			s.UserName = fmt.Sprintf("j\u00f6rg%05d", i)
		}
		if i%4 == 3 {
			s.State = session.StateDisconnected
			disc := input.Add(time.Minute)
			s.DisconnectTime = &disc
			s.ClientName, s.ClientAddress = "", ""
		}
		out[i] = simulate.Session{Session: s}
	}
	return out
}

// LocalHost returns a fixture whose local host has n sessions.
func LocalHost(n int) simulate.Fixture {
	cur := uint32(1)
	now := Now
	return simulate.Fixture{
		ComputerName:     "RDS01",
		CurrentSessionID: &cur,
		Elevated:         true,
		Now:              &now,
		Sessions:         Sessions(n),
	}
}

// Fleet describes the fan-out workload: remote hosts with a latency each,
// of which every DeadEvery-th never answers within the timeout.
type Fleet struct {
	// Hosts is the number of remote hosts.
	Hosts int
	// Latency is the time each live host takes to answer.
	Latency time.Duration
	// DeadEvery makes hosts DeadEvery-1, 2*DeadEvery-1, ... unreachable;
	// 0 means none.
	DeadEvery int
	// DeadLatency is how long a dead host hangs before it fails; make it
	// longer than the timeout so that the timeout is what ends the call.
	DeadLatency time.Duration
	// SessionsPerHost is the number of sessions of each live host.
	SessionsPerHost int
}

// Name returns the computer name of host i.
func (f Fleet) Name(i int) string { return fmt.Sprintf("SRV%03d", i) }

// Dead reports whether host i never answers.
func (f Fleet) Dead(i int) bool { return f.DeadEvery > 0 && i%f.DeadEvery == f.DeadEvery-1 }

// Names returns the computer names of every host, in order.
func (f Fleet) Names() []string {
	names := make([]string, f.Hosts)
	for i := range names {
		names[i] = f.Name(i)
	}
	return names
}

// Fixture returns a fixture with the fleet as its remote hosts.
func (f Fleet) Fixture() simulate.Fixture {
	fix := LocalHost(1)
	fix.Hosts = make(map[string]*simulate.Host, f.Hosts)
	for i := range f.Hosts {
		h := &simulate.Host{LatencyMs: int(f.Latency / time.Millisecond)}
		if f.Dead(i) {
			h.Unreachable = true
			h.LatencyMs = int(f.DeadLatency / time.Millisecond)
		} else {
			h.Sessions = Sessions(f.SessionsPerHost)
		}
		fix.Hosts[f.Name(i)] = h
	}
	return fix
}
