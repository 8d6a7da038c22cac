//go:build linux

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// builds holds the programs built for one run.
type builds struct {
	dir    string
	helper string // usersession for this machine
	echo   string // the echo floor
	noop   string // a Go program that does nothing: the cold-start floor
}

// shippedFlags are the flags cmd/package builds the release with; every
// program of the benchmark is built with them (and -trimpath, no cgo), so
// that the floors are built as the helper is.
var shippedFlags = []string{"-ldflags", "-s -w"}

// build compiles the helper, the echo program and the no-op into a
// temporary directory, as the release is built.
func build() (*builds, error) {
	dir, err := os.MkdirTemp("", "usbench")
	if err != nil {
		return nil, err
	}
	b := &builds{dir: dir, helper: filepath.Join(dir, "usersession"), echo: filepath.Join(dir, "echo"), noop: filepath.Join(dir, "noop")}
	for _, t := range []struct{ out, pkg string }{
		{b.helper, "github.com/usersession/usersession/cmd/usersession"},
		{b.echo, "github.com/usersession/usersession/cmd/usbench/echo"},
		{b.noop, "github.com/usersession/usersession/cmd/usbench/noop"},
	} {
		if err := goBuild(nil, t.out, t.pkg, shippedFlags...); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	return b, nil
}

// goBuild runs go build -trimpath with CGO_ENABLED=0 and extra environment.
func goBuild(env []string, out, pkg string, flags ...string) error {
	args := append([]string{"build", "-trimpath", "-o", out}, flags...)
	cmd := exec.Command("go", append(args, pkg)...)
	cmd.Env = append(append(os.Environ(), "CGO_ENABLED=0"), env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", pkg, err)
	}
	return nil
}

// proc is a child process the benchmark talks to over real pipes.
type proc struct {
	cmd *exec.Cmd
	in  io.WriteCloser // the child's stdin
	out io.ReadCloser  // the child's stdout
	r   *bufio.Reader
}

// start runs name with args, its stdin and stdout on pipes, its stderr on
// ours, in a process group of its own (so that anything it leaves behind
// can be found).
func start(name string, args ...string) (*proc, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &proc{cmd: cmd, in: in, out: out, r: bufio.NewReaderSize(out, 1<<20)}, nil
}

// readLine returns the next line of the child's output, valid until the
// next call.
func (p *proc) readLine() ([]byte, error) {
	line, err := p.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		// A long response: collect it whole.
		buf := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			line, err = p.r.ReadSlice('\n')
			buf = append(buf, line...)
		}
		return buf, err
	}
	return line, err
}

// call sends one line and returns the reply line.
func (p *proc) call(line []byte) ([]byte, error) {
	if _, err := p.in.Write(line); err != nil {
		return nil, err
	}
	return p.readLine()
}

// stop closes the child's input and waits for it to exit.
func (p *proc) stop() error {
	p.in.Close()
	_, _ = io.Copy(io.Discard, p.out)
	return p.cmd.Wait()
}

// kill ends the child at once.
func (p *proc) kill() {
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
}

// rssKB returns the resident set size of process pid, in KiB.
func rssKB(pid int) (int, error) { return statusKB(pid, "VmRSS") }

// statusKB returns a field of /proc/PID/status counted in KiB (VmRSS, VmHWM).
func statusKB(pid int, field string) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, fmt.Errorf("no %s for process %d", field, pid)
}

// groupMembers returns the processes whose process group is pgid.
func groupMembers(pgid int) []int {
	ents, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// children returns the child processes of pid.
func children(pid int) []int {
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	var out []int
	for _, t := range tasks {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t.Name()))
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// writeFixture writes v as a fixture file in dir.
func writeFixture(dir, name string, v []byte) (string, error) {
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, v, 0o644)
}

// fmtDur prints a duration with three significant figures.
func fmtDur(d time.Duration) string {
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%d ns", d.Nanoseconds())
	case d < time.Millisecond:
		return fmt.Sprintf("%.1f us", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.3f s", d.Seconds())
}
