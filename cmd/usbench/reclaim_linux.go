package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/fixturegen"
)

// reclaimBench runs one real reclaim (decide, check again, act) of 200
// simulated sessions across 20 hosts, against the plain listing of the
// same hosts in the same round (limits of 4 s, so that the generated
// sessions idle from 4 s on are disconnected): the reclaim lists each host twice and
// acts on what it chose, so the ratio says what deciding, checking and
// acting cost beyond the listing. Each reclaim gets a helper of its own,
// started before the clock, since a real run changes the sessions.
func reclaimBench(b *builds, _ benchOptions) error {
	f := fixturegen.Fleet{Hosts: 20, Latency: 20 * time.Millisecond, SessionsPerHost: 10}
	fmt.Printf("\n== reclaim: %d sessions on %d hosts (%v latency) against session.list of the same hosts\n",
		f.Hosts*f.SessionsPerHost, f.Hosts, f.Latency)
	js, err := json.Marshal(f.Fixture())
	if err != nil {
		return err
	}
	path, err := writeFixture(b.dir, "reclaim.json", js)
	if err != nil {
		return err
	}
	list, _ := json.Marshal(map[string]any{"computerNames": f.Names()})
	reclaim, _ := json.Marshal(map[string]any{"computerNames": f.Names(), "disconnectedForSeconds": 4, "idleForSeconds": 4})
	listLine := fmt.Appendf(nil, `{"jsonrpc":"2.0","id":1,"method":"session.list","params":%s}`+"\n", list)
	reclaimLine := fmt.Appendf(nil, `{"jsonrpc":"2.0","id":1,"method":"session.reclaim","params":%s}`+"\n", reclaim)
	var lists, reclaims []time.Duration
	acted := 0
	for range 5 {
		for _, which := range []string{"list", "reclaim"} {
			p, err := start(b.helper, "serve", "--simulate", path)
			if err != nil {
				return err
			}
			line := listLine
			if which == "reclaim" {
				line = reclaimLine
			}
			if _, err := p.call([]byte(`{"jsonrpc":"2.0","id":0,"method":"server.info"}` + "\n")); err != nil {
				p.kill()
				return err
			}
			t := time.Now()
			resp, err := p.call(line)
			wall := time.Since(t)
			p.kill()
			if err != nil {
				return err
			}
			if which == "list" {
				lists = append(lists, wall)
				continue
			}
			n, err := countActed(resp)
			if err != nil {
				return err
			}
			acted = n
			reclaims = append(reclaims, wall)
		}
	}
	l, r := median(lists), median(reclaims)
	fmt.Printf("  session.list:    median %s of 5 (%s)\n", fmtDur(l), strings.Join(mapDur(lists), ", "))
	fmt.Printf("  session.reclaim: median %s of 5 (%s), %d of %d sessions acted on\n", fmtDur(r), strings.Join(mapDur(reclaims), ", "), acted, f.Hosts*f.SessionsPerHost)
	fmt.Printf("  ratio reclaim/list: %.2fx\n", float64(r)/float64(l))
	return nil
}

// countActed checks a session.reclaim response and counts its actions,
// each of which must have succeeded.
func countActed(resp []byte) (int, error) {
	var r struct {
		Result struct {
			Decisions []struct {
				Decision string `json:"decision"`
				Result   *struct {
					Error json.RawMessage `json:"error"`
				} `json:"result"`
			} `json:"decisions"`
			Failures []json.RawMessage `json:"failures"`
		} `json:"result"`
		Error json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(resp, &r); err != nil || r.Error != nil || len(r.Result.Failures) > 0 {
		return 0, fmt.Errorf("bad reclaim response %.300q", resp)
	}
	n := 0
	for _, d := range r.Result.Decisions {
		if d.Result != nil {
			if string(d.Result.Error) != "null" {
				return 0, fmt.Errorf("an action failed: %s", d.Result.Error)
			}
			n++
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("the reclaim acted on nothing: %.300q", resp)
	}
	return n, nil
}
