//go:build linux

package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
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
var sections = []section{{"cold", coldStart}, {"roundtrip", roundTrip}, {"pipelined", pipelined}, {"scale", scale}, {"fanout", fanOut}, {"psfanout", psFanOut}, {"reclaim", reclaimBench}, {"footprint", footprint}}

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
