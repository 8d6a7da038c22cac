//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/bench"
	"github.com/usersession/usersession/internal/rpc"
	"github.com/usersession/usersession/internal/session/simulate"
)

func run(args []string) int {
	cmd := "bench"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	var err error
	switch cmd {
	case "bench":
		o := benchOptions{}
		fs.IntVar(&o.coldRuns, "cold-runs", 101, "runs of each cold start")
		fs.IntVar(&o.roundTrips, "round-trips", 10_000, "sequential server.info requests")
		fs.IntVar(&o.pipelined, "pipelined", 200_000, "requests of the pipelined run")
		fs.IntVar(&o.window, "window", 256, "requests in flight in the pipelined run")
		fs.StringVar(&o.only, "only", "", "comma-separated sections to run: "+strings.Join(sectionNames(), ", "))
		fs.StringVar(&o.helper, "helper", "", "measure this usersession binary instead of building one")
		fs.StringVar(&o.compare, "compare", "", "cold start: also time this usersession binary (an older build), in the same rounds")
		if fs.Parse(args) != nil {
			return 2
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(os.Stderr, "usbench: bench takes no arguments, got %q\n", fs.Arg(0))
			return 2
		}
		if o.sections, err = selectSections(o.only); err != nil {
			fmt.Fprintf(os.Stderr, "usbench: %v\n", err)
			return 2
		}
		err = runBench(o)
	case "soak":
		o := soakOptions{}
		fs.IntVar(&o.lines, "lines", 1_000_000, "lines to send")
		fs.IntVar(&o.window, "window", 512, "lines awaiting a response at most")
		fs.Float64Var(&o.tolerance, "tolerance", 0.10, "allowed RSS spread after warm-up, as a fraction")
		if fs.Parse(args) != nil {
			return 2
		}
		err = runSoak(o)
	case "hangup":
		if fs.Parse(args) != nil {
			return 2
		}
		err = runHangup()
	default:
		fmt.Fprintf(os.Stderr, "usbench: unknown command %q; commands: bench (the default), soak, hangup\n", cmd)
		return 2
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "usbench %s: FAIL: %v\n", cmd, err)
		return 1
	}
	return 0
}

type benchOptions struct {
	coldRuns, roundTrips, pipelined, window int
	only                                    string
	sections                                []section // what -only selected, in run order
	helper                                  string    // a usersession binary to measure, "" to build one
	compare                                 string    // another usersession binary for the cold start, or ""
}

// section is one part of the benchmark, which -only can select by name.
type section struct {
	name string
	run  func(*builds, benchOptions) error
}

// sections are the parts of the benchmark in the order they run.
var sections = []section{{"cold", coldStart}, {"roundtrip", roundTrip}, {"pipelined", pipelined}, {"scale", scale}, {"fanout", fanOut}, {"footprint", footprint}}

func sectionNames() []string {
	var names []string
	for _, s := range sections {
		names = append(names, s.name)
	}
	return names
}

// selectSections returns the sections that -only names, in run order, or
// every section when only is empty. An unknown name is an error that lists
// the known ones: a typo must not run nothing and report success.
func selectSections(only string) ([]section, error) {
	if strings.TrimSpace(only) == "" {
		return sections, nil
	}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !slices.Contains(sectionNames(), n) {
			return nil, fmt.Errorf("-only: unknown section %q; the sections are %s", n, strings.Join(sectionNames(), ", "))
		}
		want[n] = true
	}
	var out []section
	for _, s := range sections {
		if want[s.name] {
			out = append(out, s)
		}
	}
	return out, nil
}

// goal is one goal of the issue and how the run fared.
type goal struct {
	name   string
	figure string
	met    bool
	miss   string
}

var goals []goal

// atMost records a goal that value stays at or below limit.
func atMost(name string, value, limit float64, figure string) {
	g := goal{name: name, figure: figure, met: value <= limit}
	if !g.met {
		g.miss = fmt.Sprintf("missed by %.0f%%", (value/limit-1)*100)
	}
	goals = append(goals, g)
	fmt.Printf("  goal %s: %s\n", name, status(g))
}

// atLeast records a goal that value reaches limit.
func atLeast(name string, value, limit float64, figure string) {
	g := goal{name: name, figure: figure, met: value >= limit}
	if !g.met {
		g.miss = fmt.Sprintf("missed by %.0f%%", (1-value/limit)*100)
	}
	goals = append(goals, g)
	fmt.Printf("  goal %s: %s\n", name, status(g))
}

func status(g goal) string {
	if g.met {
		return "met (" + g.figure + ")"
	}
	return g.miss + " (" + g.figure + ")"
}

func runBench(o benchOptions) error {
	b, err := build()
	if err != nil {
		return err
	}
	defer os.RemoveAll(b.dir)
	fmt.Printf("usbench: %s\n", machine())
	if o.helper != "" {
		if b.helper, err = filepath.Abs(o.helper); err != nil {
			return err
		}
		fmt.Printf("usbench: measuring the helper %s\n", b.helper)
	}

	for _, step := range o.sections {
		if err := step.run(b, o); err != nil {
			return err
		}
	}
	fmt.Println("\n== goals")
	missed := 0
	for _, g := range goals {
		fmt.Printf("  %-44s %s\n", g.name, status(g))
		if !g.met {
			missed++
		}
	}
	fmt.Printf("  %d of %d goals met\n", len(goals)-missed, len(goals))
	return nil
}

// machine describes where the figures come from.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	load := ""
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = ", load " + strings.Join(strings.Fields(string(b))[:3], " ")
	}
	return fmt.Sprintf("%s/%s, %d CPUs (%s), %s%s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), model, runtime.Version(), load)
}

// median returns the median of ds, which it sorts.
func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// percentile returns the p-th percentile of sorted ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	i := int(float64(len(ds))*p/100+0.5) - 1
	return ds[max(0, min(i, len(ds)-1))]
}

// coldStart times whole processes: `usersession version`, `usersession
// call session.list` and a serve that answers one server.info, against a
// Go program that does nothing (built with the same flags) and against
// who, on this machine's utmp and on a utmp file with 10 live sessions.
func coldStart(b *builds, o benchOptions) error {
	fmt.Printf("\n== cold start: median of %d runs each, in bursts of 4 after one run not counted, the programs taking turns in random order; output to /dev/null\n", o.coldRuns)
	if err := exec.Command(b.helper, "call", "session.list").Run(); err != nil {
		fmt.Printf("  usersession call session.list fails (%v): the Linux backend is not there; skipped\n", err)
		goals = append(goals, goal{name: "cold start <= 1.3x a Go no-op", figure: "not measured", miss: "not measured: no Linux backend"})
		return nil
	}
	who, err := exec.LookPath("who")
	if err != nil {
		return err
	}
	info := []byte(`{"jsonrpc":"2.0","id":1,"method":"server.info"}` + "\n")
	cmds := []coldCmd{
		{label: "who", name: who},
		{label: "Go no-op", name: b.noop},
		{label: "usersession version", name: b.helper, args: []string{"version"}},
		{label: "usersession call session.list", name: b.helper, args: []string{"call", "session.list"}},
		{label: "usersession serve, one server.info", name: b.helper, stdin: info},
	}
	if o.compare != "" {
		fmt.Printf("  \"compared\" is %s\n", o.compare)
		cmds = append(cmds,
			coldCmd{label: "compared: version", name: o.compare, args: []string{"version"}},
			coldCmd{label: "compared: call session.list", name: o.compare, args: []string{"call", "session.list"}},
			coldCmd{label: "compared: serve, one server.info", name: o.compare, stdin: info})
	}
	r, err := timeCold(o.coldRuns, cmds)
	if err != nil {
		return err
	}
	fmt.Println("  this machine's utmp:")
	r.print()

	fake := b.dir + "/utmp"
	stop, err := fakeLogins(fake, 10)
	if err != nil {
		return err
	}
	defer stop()
	env := []string{"USERSESSION_UTMP=" + fake}
	cmds10 := []coldCmd{
		{label: "who FILE", name: who, args: []string{fake}},
		{label: "Go no-op", name: b.noop},
		{label: "usersession call session.list", name: b.helper, args: []string{"call", "session.list"}, env: env},
	}
	if o.compare != "" {
		cmds10 = append(cmds10, coldCmd{label: "compared: call session.list", name: o.compare, args: []string{"call", "session.list"}, env: env})
	}
	r10, err := timeCold(o.coldRuns, cmds10)
	if err != nil {
		return err
	}
	var list struct{ Sessions []json.RawMessage }
	cmd := exec.Command(b.helper, "call", "session.list")
	cmd.Env = append(os.Environ(), env...)
	out, _ := cmd.Output()
	_ = json.Unmarshal(out, &list)
	fmt.Printf("  a utmp file with 10 live sessions (session.list returns %d):\n", len(list.Sessions))
	r10.print()

	call, call10 := "usersession call session.list", "usersession call session.list"
	atMost("cold start <= 1.3x a Go no-op", r.ratio(call, "Go no-op"), 1.3, r.vs(call, "Go no-op"))
	atMost("cold start <= 1.3x a Go no-op, 10 sessions", r10.ratio(call10, "Go no-op"), 1.3, r10.vs(call10, "Go no-op"))
	atMost("cold start <= 1.5x who", r.ratio(call, "who"), 1.5, r.vs(call, "who"))
	atMost("cold start <= 1.5x who, 10 sessions", r10.ratio(call10, "who FILE"), 1.5, r10.vs(call10, "who FILE"))
	return nil
}

// coldCmd is one program of the cold-start benchmark.
type coldCmd struct {
	label string
	name  string
	args  []string
	env   []string // added to the environment
	stdin []byte
}

// coldResult holds the times of each program of a cold-start run, sorted.
type coldResult struct {
	labels []string
	times  map[string][]time.Duration
}

func (r coldResult) median(label string) time.Duration {
	ds := r.times[label]
	return ds[len(ds)/2]
}

// ratio is the median of a over the median of base.
func (r coldResult) ratio(a, base string) float64 {
	return float64(r.median(a)) / float64(r.median(base))
}

// vs writes a against base for the goals.
func (r coldResult) vs(a, base string) string {
	return fmt.Sprintf("%.2fx: %s vs %s %s", r.ratio(a, base), fmtDur(r.median(a)), base, fmtDur(r.median(base)))
}

func (r coldResult) print() {
	for _, l := range r.labels {
		ds := r.times[l]
		line := fmt.Sprintf("    %-36s median %9s   min %9s", l, fmtDur(r.median(l)), fmtDur(ds[0]))
		if l != "Go no-op" {
			line += fmt.Sprintf("   %5.2fx the no-op", r.ratio(l, "Go no-op"))
		}
		if !strings.HasPrefix(l, "who") {
			line += fmt.Sprintf("   %5.2fx %s", r.ratio(l, r.labels[0]), r.labels[0])
		}
		fmt.Println(line)
	}
}

// timeCold runs each program runs times, from fork to wait, with its
// output to /dev/null. A process that follows another program is slower
// than one that follows itself (by a third for the no-op after the helper
// here), so the programs take turns in bursts: in each round, in a new
// random order, each program runs burst+1 times in a row and the first
// run is not counted. Load that comes and goes meets every program alike.
func timeCold(runs int, cmds []coldCmd) (coldResult, error) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return coldResult{}, err
	}
	defer null.Close()
	one := func(c coldCmd) (time.Duration, error) {
		cmd := exec.Command(c.name, c.args...)
		cmd.Env = append(os.Environ(), c.env...)
		cmd.Stdout, cmd.Stderr = null, null
		if c.stdin != nil {
			cmd.Stdin = bytes.NewReader(c.stdin)
		}
		t := time.Now()
		err := cmd.Run()
		return time.Since(t), err
	}
	r := coldResult{times: map[string][]time.Duration{}}
	for _, c := range cmds {
		r.labels = append(r.labels, c.label)
		if _, err := one(c); err != nil { // warm the page cache
			return r, fmt.Errorf("%s: %w", c.label, err)
		}
	}
	const burst = 4
	rng := rand.New(rand.NewPCG(1, 2))
	for done := 0; done < runs; done += burst {
		for _, i := range rng.Perm(len(cmds)) {
			for k := range min(burst, runs-done) + 1 {
				d, err := one(cmds[i])
				if err != nil {
					return r, fmt.Errorf("%s: %w", cmds[i].label, err)
				}
				if k > 0 {
					r.times[cmds[i].label] = append(r.times[cmds[i].label], d)
				}
			}
		}
	}
	for _, ds := range r.times {
		slices.Sort(ds)
	}
	return r, nil
}

var infoLine = []byte(`{"jsonrpc":"2.0","id":1,"method":"server.info"}` + "\n")

// sequential sends n copies of line one at a time and returns each
// round trip.
func sequential(p *proc, line []byte, n int) ([]time.Duration, []byte, error) {
	ds := make([]time.Duration, n)
	var resp []byte
	for i := range ds {
		t := time.Now()
		r, err := p.call(line)
		ds[i] = time.Since(t)
		if err != nil {
			return nil, nil, err
		}
		if i == 0 {
			resp = append([]byte(nil), r...)
		}
	}
	return ds, resp, nil
}

func checkInfo(resp []byte) error {
	var r struct {
		Result struct{ Name string }
	}
	if err := json.Unmarshal(resp, &r); err != nil || r.Result.Name != "usersession" {
		return fmt.Errorf("server.info answered %q", resp)
	}
	return nil
}

// roundTrip compares sequential server.info calls with the echo floor.
// Both processes are held open and take turns, 1,000 requests at a time,
// so that both see the same load. The machine's scheduler places a pair of
// processes well or badly for their whole life (the echo itself then takes
// 7 or 30 us), so this is done in several rounds, each with a new pair,
// and the round with the median ratio is the figure.
func roundTrip(b *builds, o benchOptions) error {
	const rounds = 5
	fmt.Printf("\n== round trip: %d sequential server.info requests over one helper's pipes, against an echo, in turns of 1,000 (after 500 each to warm up); %d rounds, each with new processes\n", o.roundTrips, rounds)
	type result struct {
		de, dh []time.Duration
		ratio  float64
	}
	var results []result
	for round := range rounds {
		de, dh, err := roundTripOnce(b, o)
		if err != nil {
			return err
		}
		r := result{de, dh, float64(dh[len(dh)/2]) / float64(de[len(de)/2])}
		results = append(results, r)
		fmt.Printf("  round %d: echo median %9s p99 %9s | usersession median %9s p99 %9s | ratio %.2f\n", round+1,
			fmtDur(de[len(de)/2]), fmtDur(percentile(de, 99)), fmtDur(dh[len(dh)/2]), fmtDur(percentile(dh, 99)), r.ratio)
	}
	slices.SortFunc(results, func(a, b result) int { return cmpFloat(a.ratio, b.ratio) })
	m := results[len(results)/2]
	de, dh := m.de, m.dh
	fmt.Printf("  the median round:\n")
	fmt.Printf("  %-32s median %9s   p99 %9s   (%d bytes each way)\n", "echo (the floor)", fmtDur(de[len(de)/2]), fmtDur(percentile(de, 99)), len(infoLine))
	fmt.Printf("  %-32s median %9s   p99 %9s\n", "usersession serve", fmtDur(dh[len(dh)/2]), fmtDur(percentile(dh, 99)))
	rm := m.ratio
	rp := float64(percentile(dh, 99)) / float64(percentile(de, 99))
	fmt.Printf("  ratio: median %.2f, p99 %.2f\n", rm, rp)
	atMost("round trip median <= 2x echo", rm, 2, fmt.Sprintf("%.2fx: %s vs %s", rm, fmtDur(dh[len(dh)/2]), fmtDur(de[len(de)/2])))
	atMost("round trip p99 <= 2x echo", rp, 2, fmt.Sprintf("%.2fx: %s vs %s", rp, fmtDur(percentile(dh, 99)), fmtDur(percentile(de, 99))))
	return nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// roundTripOnce runs one round of roundTrip and returns the sorted round
// trips of the echo and of the helper.
func roundTripOnce(b *builds, o benchOptions) (de, dh []time.Duration, err error) {
	echo, err := start(b.echo)
	if err != nil {
		return nil, nil, err
	}
	defer echo.kill()
	helper, err := start(b.helper, "serve")
	if err != nil {
		return nil, nil, err
	}
	defer helper.kill()
	for turn := 0; len(dh) < o.roundTrips; turn++ {
		n := min(1000, o.roundTrips-len(dh))
		if turn == 0 {
			n = 500 // warm-up, not counted
		}
		e, er, err := sequential(echo, infoLine, n)
		if err != nil {
			return nil, nil, fmt.Errorf("echo: %w", err)
		}
		if !bytes.Equal(er, infoLine) {
			return nil, nil, fmt.Errorf("echo answered %q", er)
		}
		h, hr, err := sequential(helper, infoLine, n)
		if err != nil {
			return nil, nil, fmt.Errorf("helper: %w", err)
		}
		if err := checkInfo(hr); err != nil {
			return nil, nil, err
		}
		if turn > 0 {
			de, dh = append(de, e...), append(dh, h...)
		}
	}
	echo.stop()
	if err := helper.stop(); err != nil {
		return nil, nil, fmt.Errorf("helper exit: %w", err)
	}
	slices.Sort(de)
	slices.Sort(dh)
	return de, dh, nil
}

// pipeline sends n requests with up to window in flight and returns the
// rate of responses. Requests are written in bursts, flushed whenever the
// window is full.
func pipeline(p *proc, n, window int, id bool, check func([]byte) bool) (float64, error) {
	slots := make(chan struct{}, window)
	errc := make(chan error, 1)
	t := time.Now()
	go func() {
		bad := 0
		for i := range n {
			line, err := p.readLine()
			if err != nil {
				errc <- fmt.Errorf("after %d responses: %w", i, err)
				return
			}
			if !check(line) {
				bad++
			}
			<-slots
		}
		if bad > 0 {
			errc <- fmt.Errorf("%d of %d responses were not results", bad, n)
			return
		}
		errc <- nil
	}()
	w := newBurstWriter(p.in)
	for i := range n {
		select {
		case slots <- struct{}{}:
		default:
			if err := w.flush(); err != nil {
				return 0, err
			}
			slots <- struct{}{}
		}
		if id {
			w.buf = fmt.Appendf(w.buf, `{"jsonrpc":"2.0","id":%d,"method":"server.info"}`+"\n", i)
		} else {
			w.buf = append(w.buf, infoLine...)
		}
	}
	if err := w.flush(); err != nil {
		return 0, err
	}
	if err := <-errc; err != nil {
		return 0, err
	}
	return float64(n) / time.Since(t).Seconds(), nil
}

type burstWriter struct {
	w   io.Writer
	buf []byte
}

func newBurstWriter(w io.Writer) *burstWriter { return &burstWriter{w: w} }

func (b *burstWriter) flush() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

// pipelined measures throughput with many requests in flight.
func pipelined(b *builds, o benchOptions) error {
	fmt.Printf("\n== pipelined: %d server.info requests, up to %d in flight, one helper\n", o.pipelined, o.window)
	echo, err := start(b.echo)
	if err != nil {
		return err
	}
	re, err := pipeline(echo, o.pipelined, o.window, true, func([]byte) bool { return true })
	echo.stop()
	if err != nil {
		return fmt.Errorf("echo: %w", err)
	}
	helper, err := start(b.helper, "serve")
	if err != nil {
		return err
	}
	rh, err := pipeline(helper, o.pipelined, o.window, true, func(l []byte) bool { return bytes.Contains(l, []byte(`"result":{"name":"usersession"`)) })
	if serr := helper.stop(); err == nil && serr != nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("helper: %w", err)
	}
	fmt.Printf("  %-32s %10.0f lines/s\n", "echo (the floor)", re)
	fmt.Printf("  %-32s %10.0f requests/s   (%.2f of the echo rate)\n", "usersession serve", rh, rh/re)
	atLeast("pipelined >= 100,000 requests/s", rh, 100_000, fmt.Sprintf("%.0f/s", rh))
	return nil
}

// countWriter counts the bytes written to it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

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
		fix := bench.LocalHost(n)
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

// fanOut lists 256 simulated hosts at once through the helper: every
// tenth never answers, so the call cannot end before the timeout.
func fanOut(b *builds, _ benchOptions) error {
	f := bench.Fleet{Hosts: 256, Latency: 40 * time.Millisecond, DeadEvery: 10, DeadLatency: 30 * time.Second, SessionsPerHost: 4}
	const timeout = 2 * time.Second
	dead := 0
	for i := range f.Hosts {
		if f.Dead(i) {
			dead++
		}
	}
	fmt.Printf("\n== fan-out: %d hosts, %v latency, %d (%.0f%%) hang for %v, timeoutSeconds %v\n",
		f.Hosts, f.Latency, dead, 100*float64(dead)/float64(f.Hosts), f.DeadLatency, timeout.Seconds())
	js, err := json.Marshal(f.Fixture())
	if err != nil {
		return err
	}
	path, err := writeFixture(b.dir, "fleet.json", js)
	if err != nil {
		return err
	}
	params, _ := json.Marshal(map[string]any{"computerNames": f.Names(), "timeoutSeconds": timeout.Seconds()})
	line := fmt.Appendf(nil, `{"jsonrpc":"2.0","id":1,"method":"session.list","params":%s}`+"\n", params)
	p, err := start(b.helper, "serve", "--simulate", path)
	if err != nil {
		return err
	}
	defer p.kill()
	var walls []time.Duration
	for run := range 3 {
		t := time.Now()
		resp, err := p.call(line)
		wall := time.Since(t)
		if err != nil {
			return err
		}
		walls = append(walls, wall)
		if err := checkFleet(f, resp); err != nil {
			return fmt.Errorf("fan-out run %d: %w", run+1, err)
		}
	}
	w := median(walls)
	fmt.Printf("  wall time: median %s of 3 (%s), every live host's %d sessions returned, every dead host a -32006 timeout\n",
		fmtDur(w), strings.Join(mapDur(walls), ", "), f.SessionsPerHost)
	r := float64(w) / float64(timeout)
	atMost("fan-out wall time <= 1.2x the timeout", r, 1.2, fmt.Sprintf("%.3fx: %s", r, fmtDur(w)))
	return nil
}

func mapDur(ds []time.Duration) []string {
	var s []string
	for _, d := range ds {
		s = append(s, fmtDur(d))
	}
	return s
}

// checkFleet checks that every live host's sessions and every dead host's
// timeout are in the response.
func checkFleet(f bench.Fleet, resp []byte) error {
	var r struct {
		Result struct {
			Sessions []struct {
				ComputerName string `json:"computerName"`
			} `json:"sessions"`
			Failures []struct {
				ComputerName string `json:"computerName"`
				Code         int    `json:"code"`
			} `json:"failures"`
		} `json:"result"`
		Error json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(resp, &r); err != nil || r.Error != nil {
		return fmt.Errorf("bad response %.300q", resp)
	}
	got := map[string]int{}
	for _, s := range r.Result.Sessions {
		got[s.ComputerName]++
	}
	failed := map[string]int{}
	for _, fl := range r.Result.Failures {
		failed[fl.ComputerName] = fl.Code
	}
	for i := range f.Hosts {
		name := f.Name(i)
		switch {
		case f.Dead(i) && failed[name] != -32006:
			return fmt.Errorf("dead host %s: failure code %d, want -32006", name, failed[name])
		case !f.Dead(i) && got[name] != f.SessionsPerHost:
			return fmt.Errorf("live host %s: %d sessions, want %d (failure code %d)", name, got[name], f.SessionsPerHost, failed[name])
		}
	}
	return nil
}

// footprint reports the RSS of an idle helper and the size of the
// shipped Windows binary.
func footprint(b *builds, _ benchOptions) error {
	fmt.Println("\n== footprint")
	p, err := start(b.helper, "serve")
	if err != nil {
		return err
	}
	for _, l := range []string{string(infoLine), `{"jsonrpc":"2.0","id":2,"method":"session.list"}` + "\n"} {
		if _, err := p.call([]byte(l)); err != nil {
			p.kill()
			return err
		}
	}
	time.Sleep(time.Second)
	rss, err := rssKB(p.cmd.Process.Pid)
	p.stop()
	if err != nil {
		return err
	}
	fmt.Printf("  idle helper (Linux backend, after server.info and session.list): VmRSS %d KiB (%.1f MiB)\n", rss, float64(rss)/1024)
	atMost("idle RSS <= 10 MB", float64(rss)*1024/1e6, 10, fmt.Sprintf("%.1f MB", float64(rss)*1024/1e6))

	exe := b.dir + "/usersession.exe"
	if err := goBuild([]string{"GOOS=windows", "GOARCH=amd64"}, exe, "github.com/usersession/usersession/cmd/usersession", shippedFlags...); err != nil {
		return err
	}
	st, err := os.Stat(exe)
	if err != nil {
		return err
	}
	lst, _ := os.Stat(b.helper)
	fmt.Printf("  windows/amd64 binary, -trimpath -ldflags \"-s -w\": %d bytes (%.2f MB); this linux build, the same flags: %d bytes\n",
		st.Size(), float64(st.Size())/1e6, lst.Size())
	atMost("windows/amd64 binary <= 6 MB", float64(st.Size())/1e6, 6, fmt.Sprintf("%.2f MB", float64(st.Size())/1e6))
	return nil
}
