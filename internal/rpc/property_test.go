package rpc

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

// The property: whatever lines reach the server, the sessions it signs
// out, disconnects or sends a message to are exactly those that a
// well-formed request with an id named and was allowed to touch. A model
// of the fixture says which those are; the recorder under the real server
// says what reached the backend.
//
// The generator builds a fixture (a local host with its own session,
// session 0 and listeners, remote hosts with aliases, one unreachable),
// then lines of requests, single or in batches, each either well formed
// (a target named by id and by any of its host's names, with or without
// force, a fitting or stale identity) or malformed in one of the ways
// that once acted: a target given as null, empty or blank, a member given
// twice in params or in the request (also under an escaped name), an
// action sent as a notification, an empty expectedUserName, a time that
// does not parse, an unknown or misspelt member, a wrong type.

// propHost is a host of the model: its names, its sessions.
type propHost struct {
	key      string   // "" for the local host
	names    []string // every name that reaches it
	dead     bool
	sessions map[uint32]*propSession
}

type propSession struct {
	user, domain string
	logon        *time.Time
	state        session.State
	current      bool
}

func (s *propSession) protected(id uint32) bool {
	return id == 0 || s.state == session.StateListen || id >= session.FirstListenerID || s.current
}

// propCase is one generated fixture with its model.
type propCase struct {
	r       *chooser
	fixture simulate.Fixture
	hosts   []*propHost
}

// chooser makes the generator's choices from the fuzzer's bytes, then,
// once they run out, from a generator seeded by them.
type chooser struct {
	data []byte
	rng  *rand.Rand
}

func newChooser(data []byte) *chooser {
	h := fnv.New64a()
	h.Write(data)
	return &chooser{data: data, rng: rand.New(rand.NewPCG(h.Sum64(), uint64(len(data))))}
}

// intn returns a choice from 0 to n-1.
func (c *chooser) intn(n int) int {
	if len(c.data) > 0 {
		b := c.data[0]
		c.data = c.data[1:]
		return int(b) % n
	}
	return c.rng.IntN(n)
}

func (c *chooser) pick(xs []string) string { return xs[c.intn(len(xs))] }

var propUsers = []string{"alice", "bob", "carol", "dave", "j\u00f6rg"}

func newPropCase(c *chooser) *propCase {
	pc := &propCase{r: c}
	base := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	current := uint32(1 + c.intn(6))
	pc.fixture = simulate.Fixture{ComputerName: "PROP01", Aliases: []string{"prop01.example.test", "10.9.8.7"},
		CurrentSessionID: &current, Elevated: true, Hosts: map[string]*simulate.Host{}}
	local := &propHost{key: "", names: []string{".", "localhost", "LocalHost", "127.0.0.1", "::1", "[::1]", "::ffff:127.0.0.1",
		"PROP01", "prop01", "PROP01.", "prop01.example.test", "PROP01.EXAMPLE.TEST", "10.9.8.7", " prop01 "}, sessions: map[uint32]*propSession{}}
	pc.hosts = append(pc.hosts, local)
	addSessions := func(h *propHost, local bool) []simulate.Session {
		var out []simulate.Session
		add := func(id uint32, s *propSession) {
			h.sessions[id] = s
			ws := session.Session{ID: id, UserName: s.user, Domain: s.domain, State: s.state, LogonTime: s.logon}
			out = append(out, simulate.Session{Session: ws})
		}
		if local {
			add(0, &propSession{state: session.StateDisconnected})
			add(65536, &propSession{state: session.StateListen})
		}
		for id := uint32(1); id <= 6; id++ {
			if !(local && id == current) && c.intn(4) == 0 {
				continue // a gap: an id nobody holds
			}
			s := &propSession{user: c.pick(propUsers), state: []session.State{session.StateActive, session.StateDisconnected, session.StateIdle}[c.intn(3)],
				current: local && id == current}
			if c.intn(2) == 0 {
				s.domain = "CONTOSO"
			}
			if c.intn(3) > 0 {
				t := base.Add(time.Duration(c.intn(600)) * time.Minute)
				s.logon = &t
			}
			add(id, s)
		}
		return out
	}
	pc.fixture.Sessions = addSessions(local, true)
	for _, name := range []string{"SRV1", "SRV2"} {
		h := &propHost{key: name, names: []string{name, strings.ToLower(name), strings.ToLower(name) + ".example.test"}, sessions: map[uint32]*propSession{}}
		pc.fixture.Hosts[name] = &simulate.Host{Aliases: []string{strings.ToLower(name) + ".example.test"}, Sessions: addSessions(h, false)}
		pc.hosts = append(pc.hosts, h)
	}
	pc.fixture.Hosts["DEAD"] = &simulate.Host{Unreachable: true}
	pc.hosts = append(pc.hosts, &propHost{key: "DEAD", names: []string{"DEAD", "dead"}, dead: true, sessions: map[uint32]*propSession{}})
	return pc
}

// canonical is the model's key of the host a backend call named.
func (pc *propCase) canonical(host string) string {
	if host == "" {
		return ""
	}
	for _, h := range pc.hosts[1:] {
		for _, n := range h.names {
			if strings.EqualFold(n, strings.TrimSpace(host)) {
				return h.key
			}
		}
	}
	return "?" + host
}

// param is one member of a generated params object, written as is.
type param struct{ name, value string }

func object(ps []param) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + p.name + `"`) // as written: a name may hold an escape
		b.WriteByte(':')
		b.WriteString(p.value)
	}
	b.WriteByte('}')
	return b.String()
}

func jsonString(s string) string { return strconv.Quote(s) }

// propRequest is a generated request: its text, and the action it must
// cause ("" when none).
type propRequest struct {
	text   string
	target string // "logoff HOST ID" as the recorder writes it, model keys for hosts
	// apply changes the model once the action is done.
	apply func()
}

// request generates one request; taken holds the targets of logoff and
// disconnect already in the line, which a batch must not repeat.
func (pc *propCase) request(id int, taken map[string]bool) propRequest {
	c := pc.r
	method := []string{"session.logoff", "session.disconnect", "session.message"}[c.intn(3)]
	action := strings.TrimPrefix(method, "session.")
	h := pc.hosts[c.intn(len(pc.hosts))]
	if c.intn(3) == 0 {
		h = pc.hosts[0]
	}
	sid := uint32(c.intn(8))
	switch c.intn(8) {
	case 0:
		sid = 65536
	case 1:
		sid = *pc.fixture.CurrentSessionID
	}
	// Two actions on one session in one batch run in either order: a
	// batch acts on each session once.
	if action != "message" {
		if taken[fmt.Sprintf("%s %d", h.key, sid)] {
			sid = 4242 // nobody's: no action either way
		}
		taken[fmt.Sprintf("%s %d", h.key, sid)] = true
	}
	target := fmt.Sprintf("%s %s %d", action, h.key, sid)
	s := h.sessions[sid]

	ps := []param{{"id", strconv.FormatUint(uint64(sid), 10)}}
	if h.key != "" || c.intn(2) == 0 {
		ps = append(ps, param{"computerName", jsonString(c.pick(h.names))})
	}
	force := false
	if action == "message" {
		ps = append(ps, param{"title", `"t"`}, param{"text", `"x"`})
	} else {
		if c.intn(3) == 0 {
			force = true
			ps = append(ps, param{"force", "true"})
		}
		if s != nil && c.intn(2) == 0 {
			ps = append(ps, pc.identity(s)...)
		}
	}
	stale := false
	for _, p := range ps {
		stale = stale || p.name == "stale"
	}
	ps = slices.DeleteFunc(ps, func(p param) bool { return p.name == "stale" })
	if c.intn(4) == 0 {
		if action == "message" { // there, seconds the box stays
			ps = append(ps, param{"timeoutSeconds", c.pick([]string{"5", "3600"})})
		} else {
			ps = append(ps, param{"timeoutSeconds", c.pick([]string{"5", "0.5", "3600"})})
		}
	}
	for i := len(ps) - 1; i > 0; i-- { // members in any order
		j := c.intn(i + 1)
		ps[i], ps[j] = ps[j], ps[i]
	}

	// The outcome if it stays well formed.
	acts := false
	switch {
	case action == "message":
		acts = true
	case h.dead || s == nil || stale:
	default:
		acts = force || !s.protected(sid)
	}
	idText := strconv.Itoa(id)
	req := func(members ...param) string { return object(members) }
	well := propRequest{text: req(param{"jsonrpc", `"2.0"`}, param{"id", idText}, param{"method", jsonString(method)}, param{"params", object(ps)})}
	if acts {
		well.target = target
		if s != nil {
			well.apply = func() {
				if action == "logoff" {
					delete(h.sessions, sid)
				} else if action == "disconnect" {
					s.state = session.StateDisconnected
				}
			}
		}
	}
	if c.intn(2) == 0 {
		return well
	}
	// Malformed: nothing may happen.
	bad := slices.Clone(ps)
	withParams := func(p string) string {
		return req(param{"jsonrpc", `"2.0"`}, param{"id", idText}, param{"method", jsonString(method)}, param{"params", p})
	}
	switch c.intn(14) {
	case 0:
		bad = setParam(bad, "computerName", c.pick([]string{"null", `""`, `"   "`, `"\t"`, `"\u00a0"`, `" \r\n"`}))
	case 1:
		bad = append(bad, param{"id", strconv.Itoa(c.intn(8))})
	case 2:
		bad = append(bad, param{c.pick([]string{`\u0069d`, `i\u0064`, `\u0069\u0064`}), strconv.Itoa(c.intn(8))})
	case 3:
		bad = append(bad, param{"force", c.pick([]string{"true", "false"})}, param{"force", "true"})
	case 4:
		bad = append(bad, param{"computerName", jsonString(c.pick(pc.hosts[c.intn(len(pc.hosts))].names))}, param{"computerName", `"."`})
	case 5:
		if action == "message" {
			bad = setParam(bad, "id", `null`)
		} else {
			bad = setParam(bad, "expectedUserName", `""`)
		}
	case 6:
		if action == "message" {
			bad = setParam(bad, "id", `"3"`)
		} else {
			bad = setParam(bad, "expectedLogonTime", jsonString(c.pick([]string{"yesterday", "2026-11-24", "", "24/11/2026 08:00"})))
		}
	case 7:
		bad = append(bad, param{c.pick([]string{"ID", "computername", "Force", "targets"}), "1"})
	case 8:
		bad = setParam(bad, "id", c.pick([]string{"-1", "1.5", "4294967296", "true", "[3]"}))
	case 9: // a notification of the same request
		return propRequest{text: req(param{"jsonrpc", `"2.0"`}, param{"method", jsonString(method)}, param{"params", object(ps)})}
	case 10: // method given twice
		return propRequest{text: req(param{"jsonrpc", `"2.0"`}, param{"id", idText}, param{"method", `"session.list"`}, param{"method", jsonString(method)}, param{"params", object(ps)})}
	case 11: // params given twice
		return propRequest{text: req(param{"jsonrpc", `"2.0"`}, param{"id", idText}, param{"method", jsonString(method)}, param{"params", `{"id":4242}`}, param{"params", object(ps)})}
	case 12: // id given twice
		return propRequest{text: req(param{"jsonrpc", `"2.0"`}, param{"id", idText}, param{"id", idText + "0"}, param{"method", jsonString(method)}, param{"params", object(ps)})}
	case 13:
		return propRequest{text: c.pick([]string{
			req(param{"id", idText}, param{"method", jsonString(method)}, param{"params", object(ps)}),
			withParams("[" + strconv.FormatUint(uint64(sid), 10) + "]"),
			withParams("null"),
			req(param{"jsonrpc", `"2.0"`}, param{"id", idText}, param{"method", jsonString(method + " ")}, param{"params", object(ps)}),
		})}
	}
	return propRequest{text: withParams(object(bad))}
}

// identity returns expectedUserName and expectedLogonTime for s, either
// as listed or, now and then, stale (with a "stale" marker the caller
// removes).
func (pc *propCase) identity(s *propSession) []param {
	c := pc.r
	var ps []param
	user := s.user
	if s.domain != "" && c.intn(2) == 0 {
		user = s.domain + `\` + s.user
	}
	stale := false
	if c.intn(4) == 0 {
		other := c.pick(propUsers)
		stale = !strings.EqualFold(other, s.user)
		user = other
	}
	if s.user != "" && c.intn(3) > 0 {
		if c.intn(2) == 0 {
			user = strings.ToUpper(user)
		}
		ps = append(ps, param{"expectedUserName", jsonString(user)})
	} else {
		stale = false
	}
	if s.logon != nil && c.intn(2) == 0 {
		t := *s.logon
		if c.intn(4) == 0 {
			t = t.Add(time.Duration(1+c.intn(100)) * time.Hour)
			stale = true
		}
		ps = append(ps, param{"expectedLogonTime", jsonString(t.Format(time.RFC3339Nano))})
	}
	if stale {
		ps = append(ps, param{"stale", ""})
	}
	return ps
}

// setParam sets name to value, adding it when absent.
func setParam(ps []param, name, value string) []param {
	for i := range ps {
		if ps[i].name == name {
			ps[i].value = value
			return ps
		}
	}
	return append(ps, param{name, value})
}

// checkOnlyNamed generates one case from data and checks the property on
// every line of it. It returns the number of requests sent and of actions
// that reached the backend.
func checkOnlyNamed(t *testing.T, data []byte) (sent, acted int) {
	c := newChooser(data)
	pc := newPropCase(c)
	sim, err := simulate.New(pc.fixture)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	rec := &recorder{Backend: sim}
	srv := NewServer(rec, Options{})
	lines := 1 + c.intn(8)
	for l := range lines {
		var reqs []propRequest
		taken := map[string]bool{}
		n := 1
		if c.intn(4) == 0 {
			n = 2 + c.intn(3) // a batch
		}
		for i := range n {
			reqs = append(reqs, pc.request(100*l+i+1, taken))
		}
		texts := make([]string, len(reqs))
		var want []string
		for i, r := range reqs {
			texts[i] = r.text
			if r.target != "" {
				want = append(want, r.target)
			}
		}
		line := texts[0]
		if n > 1 {
			line = "[" + strings.Join(texts, ",") + "]"
		}
		sent += n
		before := len(rec.done())
		var out bytes.Buffer
		if err := srv.Serve(context.Background(), strings.NewReader(line+"\n"), &out); err != nil {
			t.Fatalf("Serve: %v", err)
		}
		var got []string
		for _, a := range rec.done()[before:] {
			f := strings.SplitN(a, " ", 3)
			got = append(got, f[0]+" "+pc.canonical(f[1])+" "+f[2])
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("line %s\nreached the backend: %q\nnamed and allowed:  %q\nanswers: %s", line, got, want, out.String())
		}
		for _, r := range reqs {
			if r.apply != nil {
				r.apply()
			}
		}
	}
	return sent, len(rec.done())
}

// FuzzOnlyNamedSessionsActedOn drives the real server with generated
// fixtures and requests: see checkOnlyNamed. Each input is one case of up
// to eight lines.
func FuzzOnlyNamedSessionsActedOn(f *testing.F) {
	for seed := range uint64(32) {
		f.Add(binary.LittleEndian.AppendUint64(nil, seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkOnlyNamed(t, data) })
}

// TestOnlyNamedSessionsActedOn runs the property on cases from fixed
// seeds in every go test; the fuzz target explores beyond them.
func TestOnlyNamedSessionsActedOn(t *testing.T) {
	t.Parallel()
	requests, acted := 0, 0
	for seed := range uint64(300) {
		s, a := checkOnlyNamed(t, binary.LittleEndian.AppendUint64(nil, seed))
		requests, acted = requests+s, acted+a
	}
	t.Logf("300 cases, %d requests, %d of them acted", requests, acted)
}
