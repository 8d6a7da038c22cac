package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/rpc"
	"github.com/usersession/usersession/internal/runlock"
	"github.com/usersession/usersession/internal/session"
)

// reclaimLockEnv names the environment variable that sets the lock file
// of reclaim runs (default /run/usersession/reclaim.lock as root on
// Linux, %ProgramData%\usersession\reclaim.lock on Windows). With
// --simulate only this file, when set, keeps runs apart: a fixture's
// sessions live in one process.
const reclaimLockEnv = "USERSESSION_RECLAIM_LOCK"

// reclaimLock is the lock that keeps two reclaim runs of this machine
// apart; nil (the server's own lock) for the simulator without the
// environment variable.
func reclaimLock(fixture string) session.Locker {
	path := os.Getenv(reclaimLockEnv)
	if path == "" {
		if fixture != "" {
			return nil
		}
		path = runlock.DefaultPath("reclaim")
	}
	return runlock.File{Path: path, What: "reclaim run"}
}

// duration is a flag of Go's duration syntax, more than zero.
type duration struct {
	d   time.Duration
	set bool
}

func (d *duration) String() string { return d.d.String() }

func (d *duration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration such as 90m or 8h", s)
	}
	if v <= 0 {
		return fmt.Errorf("%q is not more than zero", s)
	}
	d.d, d.set = v, true
	return nil
}

// ptr is the duration in seconds for the wire, nil when not given.
func (d *duration) ptr() *float64 {
	if !d.set {
		return nil
	}
	s := d.d.Seconds()
	return &s
}

// reclaimFlag names the flag of a session.reclaim field.
func reclaimFlag(field string) (string, bool) {
	f, ok := map[string]string{
		"computerNames": "HOSTS", "disconnectedForSeconds": "--disconnected-for", "idleForSeconds": "--idle-for",
		"idleAction": "--action", "warnSeconds": "--warn", "exclude": "--exclude", "timeoutSeconds": "--timeout",
	}[field]
	return f, ok
}

// acts reports whether d would sign out or disconnect.
func acts(d contract.ReclaimDecision) bool {
	return d.Decision == "logoff" || d.Decision == "disconnect"
}

// reclaimRun is a reclaim command line, parsed and checked.
type reclaimRun struct {
	fixture, auditLog   string
	dryRun, asJSON, yes bool
	params              contract.ReclaimParams
	warn, timeout       time.Duration
}

// parseReclaim parses and checks the arguments of reclaim; done is true
// when the command ends here with code (help, a usage error).
func (e *env) parseReclaim(cmd string, args []string) (r reclaimRun, code int, done bool) {
	var reason, action string
	var disc, idle, warn, timeout duration
	var exclude repeated
	hosts, code, done := e.parse(cmd, args, func(fs *flag.FlagSet) {
		fs.StringVar(&r.fixture, "simulate", "", "")
		fs.StringVar(&r.auditLog, "audit-log", "", "")
		fs.StringVar(&reason, "reason", "", "")
		fs.StringVar(&action, "action", "", "")
		fs.Var(&disc, "disconnected-for", "")
		fs.Var(&idle, "idle-for", "")
		fs.Var(&warn, "warn", "")
		fs.Var(&timeout, "timeout", "")
		fs.Var(&exclude, "exclude", "")
		fs.BoolVar(&r.dryRun, "dry-run", false, "")
		fs.BoolVar(&r.asJSON, "json", false, "")
		fs.BoolVar(&r.yes, "yes", false, "")
		fs.BoolVar(&r.yes, "y", false, "")
	})
	if done {
		return r, code, true
	}
	usage := func(format string, a ...any) (reclaimRun, int, bool) {
		return r, e.usageError(cmd+": "+format, a...), true
	}
	switch {
	case !disc.set && !idle.set:
		return usage("no rule: give --disconnected-for, --idle-for or both (a run without a rule chooses nothing, never everything)")
	case action != "" && action != "disconnect" && action != "logoff":
		return usage("--action %q is not disconnect or logoff", action)
	case action != "" && !idle.set:
		return usage("--action is what --idle-for does; give --idle-for")
	case warn.set && !idle.set:
		return usage("--warn warns idle active sessions; give --idle-for")
	case warn.set && warn.d > time.Hour:
		return usage("--warn must be at most 1h")
	case timeout.set && timeout.d > time.Hour:
		return usage("--timeout must be at most 1h")
	}
	for _, h := range hosts {
		if strings.TrimSpace(h) == "" {
			return usage("a host name is empty")
		}
	}
	for _, x := range exclude {
		if strings.TrimSpace(x) == "" {
			return usage("--exclude is empty")
		}
	}
	r.warn, r.timeout = warn.d, timeout.d
	r.params = contract.ReclaimParams{ComputerNames: hosts, DisconnectedForSeconds: disc.ptr(), IdleForSeconds: idle.ptr(),
		IdleAction: action, WarnSeconds: warn.ptr(), Exclude: exclude, TimeoutSeconds: timeout.ptr(),
		DryRun: r.dryRun, Reason: reason}
	return r, 0, false
}

// reclaim runs an idle-reclaim policy: it decides for every session of
// this machine or HOSTS, shows the plan and asks once on a terminal
// (unless --yes or --dry-run), then warns, waits, checks again and acts.
func (e *env) reclaim(args []string) int {
	r, code, done := e.parseReclaim("reclaim", args)
	if done {
		return code
	}
	fixture, auditLog, dryRun, asJSON, yes, p := r.fixture, r.auditLog, r.dryRun, r.asJSON, r.yes, r.params
	if !dryRun && !yes && !stdinIsTerminal(e.stdin) {
		return e.usageError("reclaim: stdin is not a terminal, so there is nobody to confirm the plan; add --yes to go ahead without asking, or --dry-run to see the plan")
	}
	srv, err := e.server(fixture, auditLog)
	if err != nil {
		return e.failed("%v", err)
	}
	if !dryRun && !yes {
		plan, code, ok := e.confirmPlan(srv, p)
		if !ok {
			return code
		}
		p.Plan = plan
	}
	raw, res, code, ok := e.callReclaim(srv, p, asJSON)
	if !ok {
		return code
	}
	if asJSON {
		writeIndented(e.stdout, raw)
	} else {
		writeDecisions(e, res, dryRun)
	}
	return reclaimStatus(e, res, asJSON)
}

// callReclaim sends session.reclaim; ok is false when the call failed,
// with the exit code to return.
func (e *env) callReclaim(srv *rpc.Server, p contract.ReclaimParams, asJSON bool) (json.RawMessage, contract.ReclaimResult, int, bool) {
	params, _ := json.Marshal(p)
	raw, errObj := srv.Call(context.Background(), "session.reclaim", params)
	if errObj != nil {
		return nil, contract.ReclaimResult{}, e.callFailed("reclaim", errObj, reclaimFlag, asJSON), false
	}
	var res contract.ReclaimResult
	if err := json.Unmarshal(raw, &res); err != nil {
		return nil, res, e.failed("reclaim: cannot read the result of session.reclaim: %v", err), false
	}
	return raw, res, 0, true
}

// confirmPlan shows what a dry run of p decides and asks once whether to
// go ahead; the plan it returns is what the real run may act on. ok is
// false when the command ends here, with its exit code.
func (e *env) confirmPlan(srv *rpc.Server, p contract.ReclaimParams) ([]contract.ReclaimPlanEntry, int, bool) {
	dry := p
	dry.DryRun = true
	_, res, code, ok := e.callReclaim(srv, dry, false)
	if !ok {
		return nil, code, false
	}
	var plan []contract.ReclaimPlanEntry
	for _, d := range res.Decisions {
		if acts(d) {
			fmt.Fprintf(e.stderr, "%s %s (session %d, %s) on %s: %s\n", d.Decision, orNobody(d.UserName, d.ID), d.ID, d.State, d.ComputerName, d.Reason)
			plan = append(plan, contract.ReclaimPlanEntry{ComputerName: d.ComputerName, ID: d.ID, UserName: d.UserName, LogonTime: d.LogonTime})
		}
	}
	for _, f := range res.Failures {
		fmt.Fprintf(e.stderr, "usersession: %s: %s\n", f.ComputerName, errorText(f.Message, f.Data))
	}
	if len(plan) == 0 {
		fmt.Fprintln(e.stdout, "Nothing to reclaim.")
		if len(res.Failures) > 0 {
			return nil, exitFailed, false
		}
		return nil, exitOK, false
	}
	fmt.Fprintf(e.stderr, "Go ahead with these %d? [y/N] ", len(plan))
	answer, _ := bufio.NewReader(e.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return plan, 0, true
	}
	return nil, e.failed("reclaim: nothing done"), false
}

// writeDecisions prints one line per decision: host, id, user, state,
// what was decided and done, and why.
func writeDecisions(e *env, res contract.ReclaimResult, dryRun bool) {
	rows := make([][]string, 0, len(res.Decisions))
	for _, d := range res.Decisions {
		rows = append(rows, []string{d.ComputerName, strconv.FormatUint(uint64(d.ID), 10), d.UserName, string(d.State),
			formatIdle(d.IdleSeconds), outcome(d, dryRun), d.Reason})
	}
	writeColumns(e.stdout, []string{"COMPUTER", "ID", "USERNAME", "STATE", "IDLE", "DECISION", "REASON"},
		[]bool{false, true, false, false, true, false, false}, rows)
}

// outcome is the decision with what became of it.
func outcome(d contract.ReclaimDecision, dryRun bool) string {
	switch {
	case !acts(d):
		return d.Decision
	case dryRun:
		return d.Decision + " (dry run)"
	case d.Result == nil:
		return d.Decision + " (not sent)"
	case d.Result.Error != nil:
		return d.Decision + " FAILED"
	case d.Result.Completed:
		return d.Decision + " done"
	}
	return d.Decision + " sent"
}

// reclaimStatus reports what failed on stderr and returns the exit code:
// 1 when a host or an action failed or was refused.
func reclaimStatus(e *env, res contract.ReclaimResult, asJSON bool) int {
	status := exitOK
	for _, f := range res.Failures {
		if !asJSON {
			fmt.Fprintf(e.stderr, "usersession: %s: %s\n", f.ComputerName, errorText(f.Message, f.Data))
		}
		status = exitFailed
	}
	for _, d := range res.Decisions {
		if d.Result != nil && d.Result.Error != nil {
			if !asJSON {
				fmt.Fprintf(e.stderr, "usersession: %s session %d: %s\n", d.ComputerName, d.ID, errorText(d.Result.Error.Message, d.Result.Error.Data))
			}
			status = exitFailed
		}
	}
	return status
}

func orNobody(user string, id uint32) string {
	if user == "" {
		return fmt.Sprintf("session %d", id)
	}
	return user
}

// repeated is a flag that may be given many times.
type repeated []string

func (r *repeated) String() string { return strings.Join(*r, ",") }

func (r *repeated) Set(s string) error {
	*r = append(*r, s)
	return nil
}
