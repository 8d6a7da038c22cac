package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

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
