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
	"runtime"
	"strconv"
	"strings"
	"time"

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

// run is the whole program, with its streams passed in so tests can run it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(args, stdin, stdout, stderr)
	case "call":
		return call(args, stdout, stderr)
	case "openrpc":
		return noArgs(cmd, args, stdout, stderr, func() { _, _ = stdout.Write(schema.OpenRPC) })
	case "version":
		return noArgs(cmd, args, stdout, stderr, func() {
			fmt.Fprintf(stdout, "usersession %s (protocol %s, %s/%s)\n", version.Version, version.ProtocolVersion, runtime.GOOS, runtime.GOARCH)
		})
	case "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	return usageError(stderr, "unknown command %q", cmd)
}

func usageError(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "usersession: "+format+"\nRun 'usersession help' for the manual.\n", a...)
	return exitUsage
}

// flags parses the options of a command; done is true when run should
// return code at once (help, or a usage error).
func flags(cmd string, args []string, stdout, stderr io.Writer, define func(*flag.FlagSet)) (rest []string, code int, done bool) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	define(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return nil, exitOK, true
		}
		return nil, usageError(stderr, "%s: %v", cmd, err), true
	}
	return fs.Args(), 0, false
}

func noArgs(cmd string, args []string, stdout, stderr io.Writer, do func()) int {
	rest, code, done := flags(cmd, args, stdout, stderr, func(*flag.FlagSet) {})
	if done {
		return code
	}
	if len(rest) > 0 {
		return usageError(stderr, "%s takes no arguments", cmd)
	}
	do()
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

func serve(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var fixture, logFile string
	var maxLine, parentPID int
	rest, code, done := flags("serve", args, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&fixture, "simulate", "", "")
		fs.StringVar(&logFile, "log-file", "", "")
		fs.IntVar(&maxLine, "max-line", rpc.DefaultMaxLine, "")
		fs.IntVar(&parentPID, "parent-pid", 0, "")
	})
	if done {
		return code
	}
	if len(rest) > 0 {
		return usageError(stderr, "serve takes no arguments, got %q", rest[0])
	}
	if maxLine < 1024 {
		return usageError(stderr, "--max-line must be at least 1024")
	}
	if parentPID < 0 {
		return usageError(stderr, "--parent-pid must be a process id")
	}
	logw := stderr
	if logFile != "" {
		f, err := os.OpenFile(logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "usersession: %v\n", err)
			return exitFailed
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
			return usageError(stderr, "%s must be a number from 1, got %q", maxBlockedEnv, v)
		}
	}
	srv := rpc.NewServer(b, rpc.Options{Log: logger, MaxLine: maxLine, MaxBlocked: maxBlocked})
	if err := srv.Serve(context.Background(), stdin, stdout); err != nil {
		logger.Print(err)
		return exitFailed
	}
	return exitOK
}

func call(args []string, stdout, stderr io.Writer) int {
	var fixture string
	rest, code, done := flags("call", args, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&fixture, "simulate", "", "")
	})
	if done {
		return code
	}
	if len(rest) < 1 || len(rest) > 2 {
		return usageError(stderr, "call needs METHOD and at most one PARAMS_JSON")
	}
	params := json.RawMessage("{}")
	if len(rest) == 2 {
		params = json.RawMessage(strings.TrimSpace(rest[1]))
		if !json.Valid(params) || params[0] != '{' {
			return usageError(stderr, "PARAMS_JSON must be a JSON object, got %s", rest[1])
		}
	}
	b, err := backend(fixture)
	if err != nil {
		fmt.Fprintf(stderr, "usersession: %v\n", err)
		return exitFailed
	}
	srv := rpc.NewServer(b, rpc.Options{Log: log.New(stderr, "usersession: ", 0)})
	result, errObj := srv.Call(context.Background(), rest[0], params)
	if errObj != nil {
		writeIndented(stderr, errObj)
		return exitFailed
	}
	writeIndented(stdout, result)
	return exitOK
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
