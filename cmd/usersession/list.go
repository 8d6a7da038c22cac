package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/rpc"
	"github.com/usersession/usersession/internal/session"
)

// listFlag names a wire field of session.list as the command line does in
// its messages. (A switch, not a map: package-level maps are built at
// every start.)
func listFlag(field string) (string, bool) {
	switch field {
	case "computerNames":
		return "HOSTS", true
	case "userNames":
		return "--user", true
	case "states":
		return "--state", true
	case "timeoutSeconds":
		return "--timeout", true
	}
	return "", false
}

// account is the session's user as DOMAIN\user (the wire's accountName),
// or "" for a session without a user.
func account(s *session.Session) string {
	if s.AccountName != nil {
		return *s.AccountName
	}
	return ""
}

// listValues is a flag that may be given many times, each time with one
// value or several separated by commas.
type listValues []string

func (l *listValues) String() string { return strings.Join(*l, ",") }

func (l *listValues) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v == "" {
			return fmt.Errorf("empty value in %q", s)
		}
		*l = append(*l, v)
	}
	return nil
}

// seconds is a flag of a time in seconds, more than 0.
type seconds float64

func (s *seconds) String() string { return strconv.FormatFloat(float64(*s), 'g', -1, 64) }

func (s *seconds) Set(v string) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0) {
		return fmt.Errorf("%q is not a number of seconds more than 0", v)
	}
	*s = seconds(f)
	return nil
}

// list prints the sessions of one or more hosts as a table, as quser does,
// or with --json exactly what call session.list prints.
func (e *env) list(args []string) int {
	var fixture string
	var users, states listValues
	var asJSON bool
	var timeout seconds
	hosts, code, done := e.parse("list", args, func(fs *flag.FlagSet) {
		fs.StringVar(&fixture, "simulate", "", "")
		fs.Var(&users, "user", "")
		fs.Var(&states, "state", "")
		fs.BoolVar(&asJSON, "json", false, "")
		fs.Var(&timeout, "timeout", "")
	})
	if done {
		return code
	}
	for _, h := range hosts {
		if strings.TrimSpace(h) == "" {
			return e.usageError("list: a host name is empty")
		}
	}
	p := contract.ListParams{ComputerNames: hosts, UserNames: users}
	for _, st := range states {
		p.States = append(p.States, session.State(stateArg(st)))
	}
	if timeout != 0 {
		p.TimeoutSeconds = (*float64)(&timeout)
	}
	var params json.RawMessage
	if len(hosts)+len(users)+len(states) > 0 || timeout != 0 {
		params, _ = json.Marshal(p)
	}
	srv, err := e.server(fixture, "")
	if err != nil {
		return e.failed("%v", err)
	}
	raw, errObj := srv.Call(context.Background(), "session.list", params)
	if errObj != nil {
		return e.callFailed("list", errObj, listFlag, asJSON)
	}
	var res contract.ListResult
	if err := json.Unmarshal(raw, &res); err != nil {
		return e.failed("list: cannot read the result of session.list: %v", err)
	}
	if asJSON {
		writeIndented(e.stdout, raw)
	} else {
		writeTable(e.stdout, res.Sessions, manyHosts(srv, hosts), time.Local)
	}
	for _, f := range res.Failures {
		fmt.Fprintf(e.stderr, "usersession: %s: %s\n", f.ComputerName, errorText(f.Message, f.Data))
	}
	if len(res.Failures) > 0 {
		return exitFailed
	}
	return exitOK
}

// callFailed reports the error object of a call the command made: invalid
// params are a usage error that names the command line's flag; anything
// else is a failure. With asJSON the error object is written as call
// writes it.
func (e *env) callFailed(cmd string, errObj []byte, flag func(field string) (string, bool), asJSON bool) int {
	eo := decodeError(errObj)
	if asJSON && eo.Code != contract.CodeInvalidParams {
		writeIndented(e.stderr, errObj)
		return exitFailed
	}
	if eo.Code == contract.CodeInvalidParams {
		// The helper's message may begin with the method and the kind
		// ("watch: invalid params: "), which the usage line says already.
		msg := eo.Message
		for _, p := range []string{cmd + ": ", "invalid params: "} {
			msg = strings.TrimPrefix(msg, p)
		}
		if f, ok := flag(eo.field()); ok {
			return e.usageError("%s: %s", cmd, inFlagWords(msg, eo.field(), f))
		}
		return e.usageError("%s: %s", cmd, msg)
	}
	return e.failed("%s", errorText(eo.Message, eo.Data))
}

// inFlagWords says a message about the wire field in the words of the
// command line's flag: "timeoutSeconds must be ..." becomes "--timeout
// must be ...", "states[0]: ..." becomes "--state: ...".
func inFlagWords(msg, field, flag string) string {
	rest, ok := strings.CutPrefix(msg, field)
	if !ok {
		return flag + ": " + msg
	}
	if strings.HasPrefix(rest, "[") {
		if i := strings.Index(rest, "]"); i >= 0 {
			rest = rest[i+1:]
		}
	}
	if !strings.HasPrefix(rest, ":") && !strings.HasPrefix(rest, " ") {
		return flag + ": " + msg
	}
	return flag + rest
}

// stateArg turns a --state value into the helper's state name, accepting
// what the module accepts: any case, and quser's abbreviations Disc, Conn
// and ConnQ (and Listening). Other values go as typed, for the helper to
// refuse with the list of states.
func stateArg(v string) string {
	switch strings.ToLower(v) {
	case "disc":
		return "Disconnected"
	case "conn":
		return "Connected"
	case "connq":
		return "ConnectQuery"
	case "listening":
		return "Listen"
	}
	return v
}

// manyHosts reports whether hosts name more than one host, as the
// helper's session.resolve groups them: localhost, this machine's address
// and its name are one host, whose table needs no COMPUTER column.
func manyHosts(srv *rpc.Server, hosts []string) bool {
	if len(hosts) < 2 {
		return false
	}
	params, _ := json.Marshal(map[string][]string{"computerNames": hosts})
	raw, errObj := srv.Call(context.Background(), "session.resolve", params)
	var res struct {
		Hosts []json.RawMessage `json:"hosts"`
	}
	if errObj != nil || json.Unmarshal(raw, &res) != nil {
		return true // a column too many rather than one too few
	}
	return len(res.Hosts) > 1
}

// writeTable prints sessions as quser does: USERNAME, SESSIONNAME, ID,
// STATE, IDLE TIME, LOGON TIME, with ">" before the user of the caller's
// own session, and COMPUTER first when withHost. Columns are as wide as
// their widest cell; nothing is cut. Logon times are in loc.
func writeTable(w io.Writer, sessions []session.Session, withHost bool, loc *time.Location) {
	titles := []string{" USERNAME", "SESSIONNAME", "ID", "STATE", "IDLE TIME", "LOGON TIME"}
	right := []bool{false, false, true, false, true, false}
	if withHost {
		titles = append([]string{"COMPUTER"}, titles...)
		right = append([]bool{false}, right...)
	}
	rows := make([][]string, 0, len(sessions))
	for _, s := range sessions {
		mark := " "
		if s.IsCurrent {
			mark = ">"
		}
		row := []string{mark + account(&s), s.SessionName, strconv.FormatUint(uint64(s.ID), 10), string(s.State), formatIdle(s.IdleSeconds), formatLogon(s.LogonTime, loc)}
		if withHost {
			row = append([]string{s.ComputerName}, row...)
		}
		rows = append(rows, row)
	}
	writeColumns(w, titles, right, rows)
}

// writeColumns lays out rows under titles, each column as wide as its
// widest cell counted in characters, two spaces apart, right-aligned
// where right says so.
func writeColumns(w io.Writer, titles []string, right []bool, rows [][]string) {
	widths := make([]int, len(titles))
	for _, r := range append([][]string{titles}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var out strings.Builder
	for _, r := range append([][]string{titles}, rows...) {
		var line strings.Builder
		for i, c := range r {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if right[i] {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		out.WriteString(strings.TrimRight(line.String(), " "))
		out.WriteByte('\n')
	}
	_, _ = io.WriteString(w, out.String())
}

// formatIdle writes an idle time as quser does: "." under a minute, "5"
// minutes, "1:02" hours and minutes, "2+03:04" days, hours and minutes;
// "none" when it is not known.
func formatIdle(seconds *int64) string {
	if seconds == nil {
		return "none"
	}
	m := max(*seconds, 0) / 60
	switch {
	case m == 0:
		return "."
	case m < 60:
		return strconv.FormatInt(m, 10)
	case m < 24*60:
		return fmt.Sprintf("%d:%02d", m/60, m%60)
	}
	return fmt.Sprintf("%d+%02d:%02d", m/(24*60), m/60%24, m%60)
}

// formatLogon writes a logon time in loc, to the minute; "none" when it is
// not known.
func formatLogon(t *time.Time, loc *time.Location) string {
	if t == nil {
		return "none"
	}
	return t.In(loc).Format("2006-01-02 15:04")
}
