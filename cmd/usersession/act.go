package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/rpc"
	"github.com/usersession/usersession/internal/session"
)

// actFlag names a wire field of session.logoff, session.disconnect and the
// session.list that looks their target up, as the command line does.
func actFlag(field string) (string, bool) {
	switch field {
	case "id", "ids":
		return "ID", true
	case "computerName", "computerNames":
		return "--host", true
	}
	return "", false
}

// phrases are how the command line speaks of an action.
type phrases struct{ ask, doing, done, started, not string }

// wordsFor returns the phrases of action.
func wordsFor(action session.Action) phrases {
	if action == session.ActionDisconnect {
		return phrases{"Disconnect", "disconnecting", "Disconnected", "Disconnect started for", "not disconnected"}
	}
	return phrases{"Sign out", "signing out", "Signed out", "Sign-out started for", "not signed out"}
}

// act signs a session out or disconnects it: it shows the target, asks on
// the terminal unless --yes is given, then sends the request. Protected
// sessions are refused by the helper unless --include-protected, which
// sends force.
func (e *env) act(action session.Action, args []string) int {
	cmd := string(action)
	var fixture, auditLog, reason string
	var host optionalString
	var wait, yes, protected bool
	pos, code, done := e.parse(cmd, args, func(fs *flag.FlagSet) {
		fs.StringVar(&fixture, "simulate", "", "")
		fs.StringVar(&auditLog, "audit-log", "", "")
		fs.StringVar(&reason, "reason", "", "")
		fs.Var(&host, "host", "")
		fs.BoolVar(&wait, "wait", false, "")
		fs.BoolVar(&yes, "yes", false, "")
		fs.BoolVar(&yes, "y", false, "")
		fs.BoolVar(&protected, "include-protected", false, "")
	})
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.usageError("%s needs one session ID (usersession list shows them)", cmd)
	}
	id, err := parseID(pos[0])
	if err != nil {
		return e.usageError("%s: %v", cmd, err)
	}
	srv, err := e.server(fixture, auditLog)
	if err != nil {
		return e.failed("%v", err)
	}
	ctx := context.Background()
	// What the backend cannot do fails before the question, not after it.
	if why := unsupported(srv, action); why != "" {
		return e.failed("%s: %s", cmd, why)
	}

	// The target, as session.list shows it.
	lp := contract.ListParams{IDs: []uint32{id}}
	if host.set {
		lp.ComputerNames = []string{host.value}
	}
	params, _ := json.Marshal(lp)
	raw, errObj := srv.Call(ctx, "session.list", params)
	if errObj != nil {
		return e.callFailed(cmd, errObj, actFlag, false)
	}
	var res contract.ListResult
	if err := json.Unmarshal(raw, &res); err != nil {
		return e.failed("%s: cannot read the result of session.list: %v", cmd, err)
	}
	if len(res.Failures) > 0 {
		return e.failed("%s: cannot look session %d up: %s", cmd, id, errorText(res.Failures[0].Message, res.Failures[0].Data))
	}
	if len(res.Sessions) == 0 {
		where := host.value
		if where == "" {
			where = localName(srv)
		}
		return e.failed("%s: no session %d on %s (usersession list shows the sessions)", cmd, id, where)
	}
	target := res.Sessions[0]
	what := describeTarget(target)
	w := wordsFor(action)

	if !yes {
		if !stdinIsTerminal(e.stdin) {
			return e.usageError("%s: stdin is not a terminal, so there is nobody to ask before %s %s; add --yes to go ahead without asking", cmd, w.doing, what)
		}
		fmt.Fprintf(e.stderr, "%s %s? [y/N] ", w.ask, what)
		answer, _ := bufio.NewReader(e.stdin).ReadString('\n')
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "y", "yes":
		default:
			return e.failed("%s: %s", cmd, w.not)
		}
	}

	// Whom the prompt showed is whom it acts on: a session whose id went to
	// another logon meanwhile is refused by the helper.
	params, _ = json.Marshal(contract.ActionParams{ID: id, ComputerName: host.value, Wait: wait, Force: protected, Reason: reason,
		ExpectedUserName: account(&target), ExpectedLogonTime: target.LogonTime})
	raw, errObj = srv.Call(ctx, "session."+cmd, params)
	if errObj != nil {
		eo := decodeError(errObj)
		if eo.Code == contract.CodeRefused {
			return e.failed("%s; add --include-protected to do it anyway", eo.Message)
		}
		return e.callFailed(cmd, errObj, actFlag, false)
	}
	var ar contract.ActionResult
	if err := json.Unmarshal(raw, &ar); err != nil {
		return e.failed("%s: cannot read the result of session.%s: %v", cmd, cmd, err)
	}
	who := fmt.Sprintf("%s (session %d) on %s", nameOrSession(target), ar.ID, ar.ComputerName)
	if ar.Completed {
		fmt.Fprintf(e.stdout, "%s %s.\n", w.done, who)
	} else {
		fmt.Fprintf(e.stdout, "%s %s.\n", w.started, who)
	}
	return exitOK
}

// unsupported says why the helper's backend cannot do action, as
// server.info's capabilities tell it (Linux has no disconnected
// sessions), or "" when it can or does not say.
func unsupported(srv *rpc.Server, action session.Action) string {
	if action != session.ActionDisconnect {
		return ""
	}
	raw, errObj := srv.Call(context.Background(), "server.info", nil)
	var info contract.InfoResult
	if errObj != nil || json.Unmarshal(raw, &info) != nil || info.Capabilities.Disconnect {
		return ""
	}
	return fmt.Sprintf("the %s backend cannot disconnect a session (a Linux session has no client to take away and keep the session); logoff signs it out", info.Backend)
}

// localName is the name of the machine the helper runs on, as server.info
// tells it.
func localName(srv *rpc.Server) string {
	raw, errObj := srv.Call(context.Background(), "server.info", nil)
	var info struct {
		ComputerName string `json:"computerName"`
	}
	if errObj != nil || json.Unmarshal(raw, &info) != nil || info.ComputerName == "" {
		return "this machine"
	}
	return info.ComputerName
}

// optionalString is a string flag that knows whether it was given, so
// that an empty value is an error rather than the default.
type optionalString struct {
	value string
	set   bool
}

func (o *optionalString) String() string { return o.value }

func (o *optionalString) Set(s string) error {
	o.value, o.set = s, true
	return nil
}

// nameOrSession is the user of s, or "session N" when nobody is signed in.
func nameOrSession(s session.Session) string {
	if a := account(&s); a != "" {
		return a
	}
	return fmt.Sprintf("session %d", s.ID)
}

// describeTarget says which session an action will hit, in the words of
// the prompt: CONTOSO\bob (session 3, RDP-Tcp#7, Disconnected, idle 15 h
// 30 min) on RDS01.
func describeTarget(s session.Session) string {
	facts := []string{fmt.Sprintf("session %d", s.ID)}
	name := account(&s)
	if name == "" {
		name, facts = fmt.Sprintf("session %d", s.ID), nil
	}
	if s.SessionName != "" {
		facts = append(facts, s.SessionName)
	}
	facts = append(facts, string(s.State))
	if s.IdleSeconds != nil {
		facts = append(facts, "idle "+humanIdle(*s.IdleSeconds))
	}
	if s.IsCurrent {
		facts = append(facts, "your own session")
	}
	return fmt.Sprintf("%s (%s) on %s", name, strings.Join(facts, ", "), s.ComputerName)
}

// humanIdle writes an idle time for a sentence: "under a minute", "5 min",
// "15 h 30 min", "2 d 3 h".
func humanIdle(seconds int64) string {
	m := max(seconds, 0) / 60
	switch {
	case m == 0:
		return "under a minute"
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m < 24*60 && m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	case m < 24*60:
		return fmt.Sprintf("%d h %d min", m/60, m%60)
	case m/60%24 == 0:
		return fmt.Sprintf("%d d", m/(24*60))
	}
	return fmt.Sprintf("%d d %d h", m/(24*60), m/60%24)
}

// stdinIsTerminal reports whether the command's input is a terminal, where
// a person can answer a question; tests replace it.
var stdinIsTerminal = func(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && isTerminal(f)
}
