package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

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
