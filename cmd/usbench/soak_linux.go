//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/fixturegen"
	"github.com/usersession/usersession/internal/session/simulate"
)

type soakOptions struct {
	lines, window int
	tolerance     float64
}

// expect says what a soak line must be answered with.
type expect int

const (
	none    expect = iota // nothing: a notification or a blank line
	byID                  // a result or an error with the line's id
	errByID               // an error with the line's id
	nullErr               // an error with id null
	batch2                // one array holding responses to two ids
)

const maxLine = 2048

// soakLine returns line i of the soak and what it must be answered with.
// Ids are the line number, as a number, a string "s<i>" or a fraction
// -<i>.5, so each response can be traced back to its line.
func soakLine(i int) ([]byte, expect) {
	id := strconv.Itoa(i)
	req := func(id, method, params string) string {
		s := `{"jsonrpc":"2.0","id":` + id + `,"method":"` + method + `"`
		if params != "" {
			s += `,"params":` + params
		}
		return s + "}"
	}
	var s string
	e := byID
	switch i % 24 {
	case 0:
		s = req(id, "server.info", "")
	case 1:
		s = req(id, "session.list", "")
	case 2:
		s = req(`"s`+id+`"`, "session.list", `{"userNames":["user0000*","J*"],"states":["active"]}`)
	case 3:
		s = req("-"+id+".5", "session.processes", `{"ids":[1,2]}`)
	case 4:
		s, e = `{"jsonrpc":"2.0","id":`+id+`,"method":`, nullErr // truncated JSON
	case 5:
		s, e = req(id, "session.nope", ""), errByID
	case 6:
		s, e = req(id, "session.logoff", `{"id":"x"}`), errByID
	case 7:
		s, e = `{"jsonrpc":"2.0","method":"server.info"}`, none // a notification
	case 8:
		s = "\xEF\xBB\xBF" + req(id, "server.info", "")
	case 9:
		s = req(id, "session.list", `{"computerNames":["R","."],"timeoutSeconds":5}`) + "\r"
	case 10:
		s, e = "{\"jsonrpc\":\"2.0\",\"id\":"+id+",\"method\":\"\xff\"}", nullErr // not UTF-8
	case 11:
		s, e = "["+req(id, "server.info", "")+","+req(`"s`+id+`"`, "session.list", `{"ids":[3]}`)+"]", batch2
	case 12:
		s, e = "   ", none
	case 13:
		s, e = "[]", nullErr
	case 14:
		s, e = `{"jsonrpc":"2.0","id":{},"method":"server.info"}`, nullErr
	case 15:
		s, e = "42", nullErr
	case 16:
		s = req(id, "session.message", `{"id":2,"title":"t","text":"h\u00e9llo"}`)
	case 17:
		s, e = `{"jsonrpc":"2.0","id":`+id+`,"method":"server.info","x":"`+strings.Repeat("y", maxLine)+`"}`, nullErr
	case 18:
		s, e = `{"jsonrpc":"1.0","id":`+id+`,"method":"server.info"}`, errByID
	case 19:
		s, e = req(id, "session.list", `[1]`), errByID
	case 20:
		s, e = req(id, "session.disconnect", `{"id":4000000}`), errByID
	case 21:
		if i%(24*20) == 21 { // the document is large: one line in 480
			s = req(id, "rpc.discover", "")
		} else {
			s = req(id, "session.processes", `{"computerName":"R"}`)
		}
	case 22:
		s, e = req(id, "session.list", `{"states":["Sleeping"]}`), errByID
	default:
		s = req(`"s`+id+`"`, "server.info", `{}`)
	}
	return []byte(s + "\n"), e
}

// parseID maps a response id back to its line number.
func parseID(raw json.RawMessage) (int, bool) {
	s := string(raw)
	s = strings.TrimPrefix(strings.TrimSuffix(s, `"`), `"s`)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "-"), ".5")
	n, err := strconv.Atoi(s)
	return n, err == nil
}

type soakResponse struct {
	ID    json.RawMessage `json:"id"`
	Error json.RawMessage `json:"error"`
}

// runSoak sends o.lines lines through one helper with at most o.window
// responses outstanding, samples its RSS, and checks that every request
// with an id was answered exactly once, every bad line got its error, and
// the RSS stayed within o.tolerance after the first fifth of the run. RSS
// is sampled every 25,000 lines with nothing in flight.
func runSoak(o soakOptions) error {
	b, err := build()
	if err != nil {
		return err
	}
	defer os.RemoveAll(b.dir)
	fix := fixturegen.LocalHost(5)
	fix.Hosts = map[string]*simulate.Host{"R": {Sessions: fixturegen.Sessions(3)}}
	js, _ := json.Marshal(fix)
	path, err := writeFixture(b.dir, "soak.json", js)
	if err != nil {
		return err
	}
	p, err := start(b.helper, "serve", "--simulate", path, "--max-line", strconv.Itoa(maxLine))
	if err != nil {
		return err
	}
	defer p.kill()
	pid := p.cmd.Process.Pid
	fmt.Printf("soak: %d lines through one helper (pid %d), at most %d awaiting a response\n", o.lines, pid, o.window)

	want := make([]expect, o.lines)
	answered := make([]uint8, o.lines)
	var wantNull, wantErrByID int
	for i := range want {
		_, want[i] = soakLine(i)
		switch want[i] {
		case nullErr:
			wantNull++
		case errByID:
			wantErrByID++
		}
	}

	slots := make(chan struct{}, o.window)
	type tally struct {
		null, errByID, lines int
		err                  error
	}
	done := make(chan tally, 1)
	go func() {
		var t tally
		record := func(r soakResponse) {
			if string(r.ID) == "null" {
				t.null++
				return
			}
			n, ok := parseID(r.ID)
			if !ok || n < 0 || n >= len(answered) {
				if t.err == nil {
					t.err = fmt.Errorf("response with an id no line had: %s", r.ID)
				}
				return
			}
			answered[n]++
			if r.Error != nil && want[n] == errByID {
				t.errByID++
			}
		}
		for {
			line, err := p.readLine()
			if len(line) == 0 && err != nil {
				break
			}
			t.lines++
			if !isASCII(line) && t.err == nil {
				t.err = fmt.Errorf("response is not ASCII: %.200q", line)
			}
			if line[0] == '[' {
				var rs []soakResponse
				if err := json.Unmarshal(line, &rs); err != nil && t.err == nil {
					t.err = fmt.Errorf("bad batch response %.200q: %v", line, err)
				}
				for _, r := range rs {
					record(r)
				}
			} else {
				var r soakResponse
				if err := json.Unmarshal(line, &r); err != nil && t.err == nil {
					t.err = fmt.Errorf("bad response %.200q: %v", line, err)
				}
				record(r)
			}
			select {
			case <-slots:
			default:
				if t.err == nil {
					t.err = fmt.Errorf("more response lines than lines that ask for one: %.200q", line)
				}
			}
		}
		done <- t
	}()

	const sampleEvery = 25_000
	warm := o.lines / 5
	var samples []int
	var hwmWarm, hwmEnd int
	start := time.Now()
	w := newBurstWriter(p.in)
	for i := range o.lines {
		line, e := soakLine(i)
		if e != none {
			select {
			case slots <- struct{}{}:
			default:
				if err := w.flush(); err != nil {
					return err
				}
				slots <- struct{}{}
			}
		}
		w.buf = append(w.buf, line...)
		if (i+1)%sampleEvery == 0 {
			if err := w.flush(); err != nil {
				return err
			}
			// Sample at rest, every response in: what the helper keeps,
			// not how many requests happen to be in flight.
			for len(slots) > 0 {
				time.Sleep(time.Millisecond)
			}
			rss, err := rssKB(pid)
			if err != nil {
				return err
			}
			if i+1 > warm {
				samples = append(samples, rss)
			}
			if i+1 == warm {
				if hwmWarm, err = statusKB(pid, "VmHWM"); err != nil {
					return err
				}
			}
			if (i+1)%(sampleEvery*8) == 0 {
				fmt.Printf("  %8d lines  %6.1f s  VmRSS %6d KiB\n", i+1, time.Since(start).Seconds(), rss)
			}
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	for len(slots) > 0 {
		time.Sleep(time.Millisecond)
	}
	if hwmEnd, err = statusKB(pid, "VmHWM"); err != nil {
		return err
	}
	p.in.Close()
	t := <-done
	if err := p.cmd.Wait(); err != nil {
		return fmt.Errorf("helper exit: %w", err)
	}
	elapsed := time.Since(start)
	if t.err != nil {
		return t.err
	}

	unanswered, twice := 0, 0
	for i, n := range answered {
		wantN := uint8(0)
		switch want[i] {
		case byID, errByID:
			wantN = 1
		case batch2:
			wantN = 2 // both members carry the line number
		}
		switch {
		case n < wantN:
			unanswered++
			if unanswered <= 3 {
				l, _ := soakLine(i)
				fmt.Printf("  unanswered: line %d %.120q\n", i, l)
			}
		case n > wantN:
			twice++
		}
	}
	// The heap breathes between collections (1 to 4 MiB here), more than
	// 10% of a 10 MiB process, so where in its breath a sample falls
	// decides a median of a few samples. What a leak raises is the floor:
	// the RSS right after a collection, which garbage never lowers. So the
	// check compares the lowest sample of the first third with the lowest
	// of the last third; the medians and the peak (VmHWM) are reported.
	lo, hi := slices.Min(samples), slices.Max(samples)
	k := max(1, len(samples)/3)
	first, last := medianInt(samples[:k]), medianInt(samples[len(samples)-k:])
	floorFirst, floorLast := slices.Min(samples[:k]), slices.Min(samples[len(samples)-k:])
	trend := float64(floorLast)/float64(floorFirst) - 1
	peak := float64(hwmEnd)/float64(hwmWarm) - 1
	fmt.Printf("  %d lines in %.1f s (%.0f lines/s), %d response lines\n", o.lines, elapsed.Seconds(), float64(o.lines)/elapsed.Seconds(), t.lines)
	fmt.Printf("  errors with id null: %d of %d expected; errors with an id: %d of %d expected\n", t.null, wantNull, t.errByID, wantErrByID)
	fmt.Printf("  requests unanswered: %d, answered more than once: %d\n", unanswered, twice)
	fmt.Printf("  VmRSS after warm-up (%d lines), %d samples at rest: min %d KiB, max %d KiB\n", warm, len(samples), lo, hi)
	fmt.Printf("  VmRSS median of the first third %d KiB, of the last third %d KiB: %+.1f%%\n",
		first, last, (float64(last)/float64(first)-1)*100)
	fmt.Printf("  VmRSS floor of the first third %d KiB, of the last third %d KiB: %+.1f%% (allowed %+.0f%%)\n",
		floorFirst, floorLast, trend*100, o.tolerance*100)
	fmt.Printf("  VmHWM (the peak) after warm-up %d KiB, at the end %d KiB: %+.1f%%\n", hwmWarm, hwmEnd, peak*100)
	var fails []string
	if unanswered > 0 || twice > 0 {
		fails = append(fails, fmt.Sprintf("%d requests unanswered, %d answered twice", unanswered, twice))
	}
	if t.null != wantNull || t.errByID != wantErrByID {
		fails = append(fails, "the bad lines were not answered as expected")
	}
	// The peak depends on how many requests happened to be in flight at
	// once (up to the window), so it is reported, not checked.
	if trend > o.tolerance {
		fails = append(fails, fmt.Sprintf("RSS grew after warm-up: floor %+.1f%%", trend*100))
	}
	if len(fails) > 0 {
		return fmt.Errorf("%s", strings.Join(fails, "; "))
	}
	fmt.Println("soak: PASS")
	return nil
}

func isASCII(b []byte) bool {
	return !bytes.ContainsFunc(b, func(r rune) bool { return r >= 0x80 })
}

func medianInt(xs []int) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
