package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/fixturegen"
)

// fanOut lists 256 simulated hosts at once through the helper: every
// tenth never answers, so the call cannot end before the timeout.
func fanOut(b *builds, _ benchOptions) error {
	f := fixturegen.Fleet{Hosts: 256, Latency: 40 * time.Millisecond, DeadEvery: 10, DeadLatency: 30 * time.Second, SessionsPerHost: 4}
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
func checkFleet(f fixturegen.Fleet, resp []byte) error {
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
