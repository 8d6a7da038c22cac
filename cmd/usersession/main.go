package main

import (
	"bytes"
	"context"
	_ "embed" // for the manual
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/audit"
	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/explanation"
	"github.com/usersession/usersession/internal/lifeline"
	"github.com/usersession/usersession/internal/rpc"
	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
	"github.com/usersession/usersession/internal/version"
	"github.com/usersession/usersession/schema"
)

//go:embed usage.txt
var usage string

// maxBlockedEnv names the environment variable that bounds the backend
// calls still running past their timeout (default 256), which tests lower
// to see the bound at work.
const maxBlockedEnv = "USERSESSION_MAX_BLOCKED"

// parentGrace is how long the helper lets responses already being written
// finish once the process named by --parent-pid has ended.
const parentGrace = 200 * time.Millisecond

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// commands are the subcommands, in the order of the manual.
var commands = []string{"serve", "call", "list", "logoff", "disconnect", "watch", "reclaim", "schedule", "diagnose", "openrpc", "version", "help", "completion"}

// env is what a command works with: the streams of the process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run is the whole program, with its streams passed in so tests can run it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	cmd := "serve"
	if len(args) > 0 {
		switch args[0] {
		case "-v", "-version", "--version":
			cmd, args = "version", args[1:]
		default:
			if !strings.HasPrefix(args[0], "-") {
				cmd, args = args[0], args[1:]
			}
		}
	}
	switch cmd {
	case "serve":
		return e.serve(args)
	case "call":
		return e.call(args)
	case "list":
		return e.list(args)
	case "reclaim":
		return e.reclaim(args)
	case "schedule":
		return e.schedule(args)
	case "watch":
		return e.watch(args)
	case "logoff":
		return e.act(session.ActionLogoff, args)
	case "disconnect":
		return e.act(session.ActionDisconnect, args)
	case "diagnose":
		return e.diagnose(args)
	case "openrpc":
		return e.noArgs(cmd, args, func() { _, _ = e.stdout.Write(schema.OpenRPC) })
	case "version":
		return e.noArgs(cmd, args, func() {
			fmt.Fprintf(e.stdout, "usersession %s (protocol %s, %s/%s)\n", version.Version, version.ProtocolVersion, runtime.GOOS, runtime.GOARCH)
		})
	case "help":
		return e.help(args)
	case "completion":
		return e.completion(args)
	}
	if near := explanation.Nearest(cmd, commands); near != "" {
		return e.usageError("unknown command %q; did you mean %s?", cmd, near)
	}
	return e.usageError("unknown command %q; the commands are %s", cmd, strings.Join(commands, ", "))
}

func (e *env) usageError(format string, a ...any) int {
	fmt.Fprintf(e.stderr, "usersession: "+format+"\nRun 'usersession help' for the manual.\n", a...)
	return exitUsage
}

// failed reports a failure on stderr and returns exitFailed.
func (e *env) failed(format string, a ...any) int {
	fmt.Fprintf(e.stderr, "usersession: "+format+"\n", a...)
	return exitFailed
}

// parse parses the arguments of cmd with the flags define adds. Flags may
// come before, between and after the other arguments, as people type them
// (usersession call session.list --simulate f.json); "--" ends the flags.
// It returns the other arguments in order; done is true when run should
// return code at once (help, or a usage error).
func (e *env) parse(cmd string, args []string, define func(*flag.FlagSet)) (pos []string, code int, done bool) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	define(fs)
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stdout, usage)
				return nil, exitOK, true
			}
			return nil, e.usageError("%s: %s", cmd, flagError(fs, err, args)), true
		}
		if name := emptyValue(fs); name != "" {
			return nil, e.usageError("%s: --%s is empty; leave the flag out for its default", cmd, name), true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, false
		}
		// Parse stops at the first argument that is not a flag, or just
		// after a "--" that is not the value of a flag.
		if at := len(args) - len(rest) - 1; at >= 0 && args[at] == "--" && !isValueOf(fs, args, at) {
			return append(pos, rest...), 0, false
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// isValueOf reports whether args[i] is the value of the flag before it.
func isValueOf(fs *flag.FlagSet, args []string, i int) bool {
	if i == 0 {
		return false
	}
	name, ok := strings.CutPrefix(args[i-1], "-")
	if !ok || strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(strings.TrimPrefix(name, "-"))
	if f == nil {
		return false
	}
	b, isBool := f.Value.(interface{ IsBoolFlag() bool })
	return !isBool || !b.IsBoolFlag()
}

// namesTarget reports whether the string flag name says where to act or
// to record (a host, a fixture, a file): given, it must not be empty or
// blank, since an empty variable in a script would otherwise mean the
// default, which is this machine or no file at all.
func namesTarget(name string) bool {
	switch name {
	case "simulate", "audit-log", "log-file", "host":
		return true
	}
	return false
}

// emptyValue returns the name of a flag that namesTarget and that was
// given an empty or blank value, or "".
func emptyValue(fs *flag.FlagSet) string {
	empty := ""
	fs.Visit(func(f *flag.Flag) {
		if empty == "" && namesTarget(f.Name) && strings.TrimSpace(f.Value.String()) == "" {
			empty = f.Name
		}
	})
	return empty
}

// typed returns the argument of args that the flag package reports as
// -name: the flag as the user typed it (--Foo, -foo=1).
func typed(args []string, name string) string {
	for _, a := range args {
		if a == "--" {
			break
		}
		n := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if b, _, ok := strings.Cut(n, "="); ok {
			n = b
		}
		if strings.HasPrefix(a, "-") && n == name {
			flagPart, _, _ := strings.Cut(a, "=")
			return flagPart
		}
	}
	return "-" + name
}

// flagError words an error of the flag package, with the flag as it was
// typed in args and the nearest flag for one that is not defined.
func flagError(fs *flag.FlagSet, err error, args []string) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		arg := typed(args, name)
		if _, err := strconv.ParseFloat(name, 64); err == nil {
			// logoff -1: a value that starts with "-" reads as a flag.
			return fmt.Sprintf("%s is not a flag; an argument that starts with - goes after --, as in: usersession %s -- %s", arg, fs.Name(), arg)
		}
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if near := explanation.Nearest(name, names); near != "" {
			return fmt.Sprintf("unknown flag %s; did you mean --%s?", arg, near)
		}
		if len(names) == 0 {
			return fmt.Sprintf("unknown flag %s; this command takes no flags", arg)
		}
		return fmt.Sprintf("unknown flag %s; the flags are --%s", arg, strings.Join(names, ", --"))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return fmt.Sprintf("--%s needs a value", strings.TrimLeft(name, "-"))
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		// invalid boolean value "x" for -name: parse error
		if value, flagName, ok := strings.Cut(rest, " for -"); ok {
			name, _, _ := strings.Cut(flagName, ":")
			return fmt.Sprintf("--%s: %s is not true or false", name, value)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -name: reason
		if i := strings.Index(rest, " for flag "); i >= 0 {
			value, flagAndReason := rest[:i], rest[i+len(" for flag "):]
			if name, reason, ok := strings.Cut(flagAndReason, ": "); ok {
				// The flag package's own parsers say only "parse error" or
				// "value out of range".
				switch reason {
				case "parse error":
					reason = value + " is not a whole number"
					if f := fs.Lookup(strings.TrimLeft(name, "-")); f != nil {
						if g, ok := f.Value.(flag.Getter); ok {
							if _, ok := g.Get().(time.Duration); ok {
								reason = value + " is not a duration such as 30s or 5m"
							}
						}
					}
				case "value out of range":
					reason = value + " is out of range"
				}
				return fmt.Sprintf("-%s: %s", name, reason)
			}
		}
	}
	return msg
}

func (e *env) noArgs(cmd string, args []string, do func()) int {
	rest, code, done := e.parse(cmd, args, func(*flag.FlagSet) {})
	if done {
		return code
	}
	if len(rest) > 0 {
		return e.usageError("%s takes no arguments", cmd)
	}
	do()
	return exitOK
}

func (e *env) help(args []string) int {
	var man bool
	rest, code, done := e.parse("help", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&man, "man", false, "")
	})
	if done {
		return code
	}
	if len(rest) > 0 {
		return e.usageError("help takes no arguments (the manual covers every command); got %q", rest[0])
	}
	if man {
		fmt.Fprint(e.stdout, manPage(usage))
		return exitOK
	}
	fmt.Fprint(e.stdout, usage)
	return exitOK
}

// backend returns the simulator when a fixture is given, else the backend
// of this operating system.
func backend(fixture string) (session.Backend, error) {
	if fixture != "" {
		return simulate.Load(fixture)
	}
	return platformBackend()
}

// trail is the audit trail of a command that may act on sessions: the
// system's log (syslog, the Windows event log) for a real backend, and
// the JSON-lines file auditLog when given. The simulator writes no system
// log: a demo must not fill it with sign-outs that never happened.
func trail(fixture, auditLog string, logf func(string, ...any)) *audit.Trail {
	t := &audit.Trail{Log: logf}
	if fixture == "" {
		// A sink that comes with an error still writes: it is kept.
		sink, err := audit.System()
		if sink == nil {
			logf("audit: no system log: %v", err)
		} else {
			if err != nil {
				logf("audit: %s: %v", sink.Name(), err)
			}
			t.Sinks = append(t.Sinks, sink)
		}
	}
	if auditLog != "" {
		t.Sinks = append(t.Sinks, &audit.File{Path: auditLog})
	}
	return t
}

func (e *env) serve(args []string) int {
	var fixture, logFile, auditLog string
	var maxLine, parentPID int
	rest, code, done := e.parse("serve", args, func(fs *flag.FlagSet) {
		fs.StringVar(&fixture, "simulate", "", "")
		fs.StringVar(&logFile, "log-file", "", "")
		fs.StringVar(&auditLog, "audit-log", "", "")
		fs.IntVar(&maxLine, "max-line", rpc.DefaultMaxLine, "")
		fs.IntVar(&parentPID, "parent-pid", 0, "")
	})
	if done {
		return code
	}
	if len(rest) > 0 {
		return e.usageError("serve takes no arguments, got %q", rest[0])
	}
	if maxLine < 1024 {
		return e.usageError("--max-line must be at least 1024")
	}
	if parentPID < 0 {
		return e.usageError("--parent-pid must be a process id")
	}
	logw := e.stderr
	if logFile != "" {
		f, err := os.OpenFile(logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return e.failed("%v", err)
		}
		defer f.Close()
		logw = f
	}
	logger := log.New(logw, "usersession: ", log.LstdFlags)
	if parentPID != 0 {
		gone, err := lifeline.WatchProcess(parentPID)
		if err != nil {
			logger.Printf("--parent-pid %d: %v", parentPID, err)
			return exitFailed
		}
		go func() {
			<-gone
			logger.Printf("parent process %d has ended; exiting", parentPID)
			time.Sleep(parentGrace) // for the responses being written
			os.Exit(exitOK)
		}()
	}
	b, err := backend(fixture)
	if err != nil {
		logger.Print(err)
		return exitFailed
	}
	maxBlocked := 0
	if v := os.Getenv(maxBlockedEnv); v != "" {
		if maxBlocked, err = strconv.Atoi(v); err != nil || maxBlocked < 1 {
			return e.usageError("%s must be a number from 1, got %q", maxBlockedEnv, v)
		}
	}
	srv := rpc.NewServer(b, rpc.Options{Log: logger, MaxLine: maxLine, MaxBlocked: maxBlocked,
		Audit: trail(fixture, auditLog, logger.Printf), ReclaimLock: reclaimLock(fixture)})
	if err := srv.Serve(context.Background(), e.stdin, e.stdout); err != nil {
		logger.Print(err)
		return exitFailed
	}
	return exitOK
}

// server returns the method table over the backend the command asked for:
// every command goes through it, as a client on the wire would, and what
// it sends or refuses leaves its audit record.
func (e *env) server(fixture, auditLog string) (*rpc.Server, error) {
	b, err := backend(fixture)
	if err != nil {
		return nil, err
	}
	logger := log.New(e.stderr, "usersession: ", 0)
	return rpc.NewServer(b, rpc.Options{Log: logger, Audit: trail(fixture, auditLog, logger.Printf), ReclaimLock: reclaimLock(fixture)}), nil
}

func (e *env) call(args []string) int {
	var fixture, auditLog string
	rest, code, done := e.parse("call", args, func(fs *flag.FlagSet) {
		fs.StringVar(&fixture, "simulate", "", "")
		fs.StringVar(&auditLog, "audit-log", "", "")
	})
	if done {
		return code
	}
	if len(rest) < 1 || len(rest) > 2 {
		return e.usageError("call needs METHOD and at most one PARAMS_JSON")
	}
	var params json.RawMessage
	if len(rest) == 2 {
		var err error
		if params, err = paramsJSON(rest[1]); err != nil {
			return e.usageError("%v", err)
		}
	}
	srv, err := e.server(fixture, auditLog)
	if err != nil {
		return e.failed("%v", err)
	}
	result, errObj := srv.Call(context.Background(), rest[0], params)
	if errObj != nil {
		writeIndented(e.stderr, errObj)
		return exitFailed
	}
	writeIndented(e.stdout, result)
	return exitOK
}

// paramsJSON checks that text is one JSON object and says where it is not.
func paramsJSON(text string) (json.RawMessage, error) {
	data := []byte(text)
	// The walk that says where it goes wrong is for the error path only.
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(trimmed) {
		return trimmed, nil
	}
	if p := explanation.Check(data, reflect.TypeFor[map[string]any](), "PARAMS_JSON"); p != nil {
		line, col := explanation.Position(data, p.Offset)
		return nil, fmt.Errorf("PARAMS_JSON, line %d, column %d: %s", line, col, p.Msg)
	}
	return bytes.TrimSpace(data), nil
}

// writeIndented writes JSON that is already ASCII, indented for people.
func writeIndented(w io.Writer, raw json.RawMessage) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		buf.Reset()
		buf.Write(raw)
	}
	buf.WriteByte('\n')
	_, _ = w.Write(buf.Bytes())
}

// errorObject is the error object of a response.
type errorObject struct{ contract.Error }

func decodeError(raw []byte) errorObject {
	var eo errorObject
	if err := json.Unmarshal(raw, &eo); err != nil {
		eo.Code, eo.Message = contract.CodeInternal, string(raw)
	}
	return eo
}

// field is the member the error names, "" when none.
func (eo errorObject) field() string {
	if eo.Data == nil {
		return ""
	}
	return eo.Data.Field
}

// errorText is an error as one line for people: its message and its hint.
func errorText(message string, data *contract.ErrorData) string {
	if data != nil && data.Hint != "" {
		return message + "; " + data.Hint
	}
	return message
}

// parseID reads a session id given on the command line.
func parseID(s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("a session id is an integer from 0 to 4294967295, not %q", s)
	}
	return uint32(n), nil
}
