// The parsing of the subcommands' flags: flags anywhere among the
// arguments, target flags that must not be blank, and errors that name the
// flag as it was typed.

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/explanation"
)

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
