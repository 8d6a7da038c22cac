package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"time"

	"github.com/usersession/usersession/internal/fixturegen"
	"github.com/usersession/usersession/internal/rpc"
	"github.com/usersession/usersession/internal/session/simulate"
)

// scale measures session.list of one host with many sessions: in the
// server (no pipes; the same work as BenchmarkList in internal/rpc) and as
// a client sees it through the helper's pipes.
func scale(b *builds, _ benchOptions) error {
	fmt.Println("\n== scale: session.list of one simulated host (every field set, 1 in 10 names non-ASCII)")
	fmt.Printf("  %9s %11s %11s %10s %12s %12s %10s %11s\n", "sessions", "server", "per session", "allocs", "alloc bytes", "wire bytes", "bytes/sess", "via pipes")
	line := []byte(`{"jsonrpc":"2.0","id":1,"method":"session.list"}` + "\n")
	var perSession []float64
	sizes := []int{1_000, 10_000, 100_000}
	for _, n := range sizes {
		fix := fixturegen.LocalHost(n)
		be, err := simulate.New(fix)
		if err != nil {
			return err
		}
		srv := rpc.NewServer(be, rpc.Options{})
		runs := max(5, 2_000_000/n/10)
		var wire int64
		serve := func() error {
			var w countWriter
			err := srv.Serve(context.Background(), bytes.NewReader(line), &w)
			wire = w.n
			return err
		}
		if err := serve(); err != nil { // warm-up
			return err
		}
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		ds := make([]time.Duration, runs)
		for i := range ds {
			t := time.Now()
			if err := serve(); err != nil {
				return err
			}
			ds[i] = time.Since(t)
		}
		runtime.ReadMemStats(&m1)
		med := median(ds)

		// The same through a helper process and its pipes.
		js, err := json.Marshal(fix)
		if err != nil {
			return err
		}
		path, err := writeFixture(b.dir, fmt.Sprintf("scale%d.json", n), js)
		if err != nil {
			return err
		}
		p, err := start(b.helper, "serve", "--simulate", path)
		if err != nil {
			return err
		}
		var piped []time.Duration
		for range 5 {
			t := time.Now()
			resp, err := p.call(line)
			if err != nil {
				p.kill()
				return err
			}
			piped = append(piped, time.Since(t))
			if int64(len(resp)) != wire {
				p.kill()
				return fmt.Errorf("the helper wrote %d bytes for %d sessions, the server in process %d", len(resp), n, wire)
			}
		}
		p.stop()
		ps := float64(med) / float64(n)
		perSession = append(perSession, ps)
		fmt.Printf("  %9d %11s %8.0f ns %10d %12d %12d %10d %11s\n", n, fmtDur(med), ps,
			(m1.Mallocs-m0.Mallocs)/uint64(runs), (m1.TotalAlloc-m0.TotalAlloc)/uint64(runs), wire, wire/int64(n), fmtDur(median(piped)))
		if n == 10_000 {
			atMost("session.list of 10,000 sessions <= 20 ms", float64(med)/float64(time.Millisecond), 20, fmtDur(med))
		}
	}
	growth := perSession[len(perSession)-1] / perSession[0]
	fmt.Printf("  cost per session at %d sessions is %.2fx that at %d\n", sizes[len(sizes)-1], growth, sizes[0])
	atMost("growth linear (per-session cost 100k/1k <= 1.5)", growth, 1.5, fmt.Sprintf("%.2fx", growth))
	return nil
}
