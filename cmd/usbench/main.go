// Command usbench measures the usersession helper against the floor the
// machine allows and hardens it with long runs. It is a tool of the
// repository, not part of what ships. Run it from the repository:
//
//	go run ./cmd/usbench            every benchmark, with baselines and ratios
//	go run ./cmd/usbench soak       1,000,000 mixed lines through one helper
//	go run ./cmd/usbench hangup     the client dies with requests in flight
//
// The benchmark builds the helper, an echo program and a Go program that
// does nothing (cmd/usbench/noop), all with the release's flags
// (CGO_ENABLED=0, -trimpath, -ldflags "-s -w"), then prints, each against
// its baseline: the cold start of usersession version, call session.list
// and serve against the no-op and against who, the round trip against the
// echo program over the same pipes, pipelined throughput, session.list of
// 1,000 to 100,000 sessions, a fan-out over 256 simulated hosts, the
// module's fan-out through 20 SSH PowerShell remoting sessions (as root;
// beside remoting's own floor and the helper's fan-out), and the
// footprint. It asserts no timing: it prints the figures and, for each
// goal, whether it was met or by how much it was missed.
//
//	go run ./cmd/usbench -only cold                     one section
//	go run ./cmd/usbench -only cold -compare OLD        an older build beside this one
//	go run ./cmd/usbench -helper BIN                    measure BIN instead of building
//
// soak and hangup check, and exit 1 on failure, so CI runs them.
//
// usbench needs Linux (/proc, process groups) and the go command.
package main

import "os"

func main() { os.Exit(run(os.Args[1:])) }
