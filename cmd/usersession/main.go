package main

import (
	"bytes"
	"context"
	_ "embed" // for the manual
	"encoding/json"
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
