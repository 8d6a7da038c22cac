package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// watch prints one JSON line per session change (the params of the
// session.event notification) until it is interrupted (Ctrl+C, SIGTERM),
// or until --count events or --timeout. It runs the helper's own
// connection in process, so what it prints is exactly what a client of
// session.watch receives.
func (e *env) watch(args []string) int {
	var fixture string
	var events listValues
	count, timeout := -1, time.Duration(-1) // -1: not given
	hosts, code, done := e.parse("watch", args, func(fs *flag.FlagSet) {
		fs.StringVar(&fixture, "simulate", "", "")
		fs.Var(&events, "event", "")
		fs.IntVar(&count, "count", -1, "")
		fs.DurationVar(&timeout, "timeout", -1, "")
	})
	if done {
		return code
	}
	// Without --count and --timeout the watch runs until interrupted; a
	// count or a time of 0 or less (an unset variable in a script) is an
	// error, not "without end".
	if count != -1 && count < 1 {
		return e.usageError("watch: --count must be 1 or more; leave it out to watch until interrupted")
	}
	if timeout != -1 && timeout <= 0 {
		return e.usageError("watch: --timeout must be more than 0 (30s, 5m); leave it out to watch until interrupted")
	}
	params := map[string]any{}
	if len(hosts) > 0 {
		params["computerNames"] = hosts
	}
	if len(events) > 0 {
		params["events"] = []string(events)
	}
	srv, err := e.server(fixture, "")
	if err != nil {
		return e.failed("%v", err)
	}
	req, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "session.watch", "params": params})

	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	served := make(chan error, 1)
	go func() {
		served <- srv.Serve(context.Background(), inR, outW)
		outW.Close()
	}()
	if _, err := inW.Write(append(req, '\n')); err != nil {
		return e.failed("watch: %v", err)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	var deadline <-chan time.Time
	if timeout > 0 {
		deadline = time.After(timeout)
	}
	var failed []byte // the error object of the watch, if it failed
	go func() {
		select {
		case <-stop:
		case <-deadline:
		}
		inW.Close() // end of input stops the watch
	}()

	seen := 0
	sc := bufio.NewScanner(outR)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var msg struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
			Error  json.RawMessage `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &msg); err != nil {
			continue
		}
		switch {
		case msg.Error != nil:
			failed = msg.Error
			inW.Close()
		case msg.Method == "session.event":
			fmt.Fprintf(e.stdout, "%s\n", msg.Params)
			if seen++; seen == count {
				inW.Close()
			}
		}
	}
	if err := <-served; err != nil && failed == nil {
		return e.failed("watch: %v", err)
	}
	if failed != nil {
		return e.callFailed("watch", failed, watchFlag, false)
	}
	return exitOK
}

// watchFlag names a wire field of session.watch as the command line does.
func watchFlag(field string) (string, bool) {
	switch field {
	case "events":
		return "--event", true
	case "computerNames":
		return "HOSTS", true
	}
	return "", false
}
