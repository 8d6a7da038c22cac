package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/usersession/usersession/internal/schedule"
	"github.com/usersession/usersession/internal/session"
)

// scheduleMargin is what a scheduled run may take beyond its own bound
// (the warning and the timeouts) before the scheduler ends it.
const scheduleMargin = 30 * time.Second

// schedule installs, removes or shows the job that runs reclaim every
// --every: a Task Scheduler task as SYSTEM on Windows, a systemd service
// and timer on Linux. The reclaim flags follow "--" and are checked as
// reclaim checks them; the job adds --yes, since nobody answers there.
func (e *env) schedule(args []string) int {
	var every duration
	var unitDir string
	pos, code, done := e.parse("schedule", args, func(fs *flag.FlagSet) {
		fs.Var(&every, "every", "")
		fs.StringVar(&unitDir, "unit-dir", "/etc/systemd/system", "")
	})
	if done {
		return code
	}
	if len(pos) == 0 || (pos[0] != "install" && pos[0] != "remove" && pos[0] != "show") {
		return e.usageError("schedule needs install, remove or show")
	}
	verb, rest := pos[0], pos[1:]
	if verb == "remove" {
		if len(rest) > 0 {
			return e.usageError("schedule remove takes no reclaim flags")
		}
		if err := removeSchedule(unitDir); err != nil {
			return e.failed("schedule remove: %v", err)
		}
		fmt.Fprintf(e.stdout, "Removed %s.\n", schedule.Name)
		return exitOK
	}
	if !every.set {
		return e.usageError("schedule %s: --every is required (15m, 1h)", verb)
	}
	r, code, done := e.parseReclaim("schedule "+verb, rest)
	if done {
		return code
	}
	if r.fixture != "" || r.dryRun || r.asJSON {
		return e.usageError("schedule %s: --simulate, --dry-run and --json are not for a scheduled run", verb)
	}
	exe, err := os.Executable()
	if err == nil {
		exe, err = filepath.EvalSymlinks(exe)
	}
	if err != nil {
		return e.failed("schedule: cannot tell where usersession is: %v", err)
	}
	bound := session.ReclaimPolicy{Warn: r.warn, Timeout: r.timeout}.RunBound()
	job := schedule.Job{Executable: exe, Args: append(append([]string{}, rest...), "--yes"), Every: every.d, Limit: bound + scheduleMargin}
	if err := job.Check(); err != nil {
		return e.usageError("schedule %s: %v; give a longer --every or a shorter --warn or --timeout", verb, err)
	}
	if verb == "show" {
		return e.showSchedule(job)
	}
	if err := installSchedule(job, unitDir); err != nil {
		return e.failed("schedule install: %v", err)
	}
	fmt.Fprintf(e.stdout, "Installed %s: usersession reclaim every %s, each run at most %s.\n", schedule.Name, job.Every, job.Limit)
	return exitOK
}

// showSchedule prints what install would write: the task's XML and the
// systemd units, whatever the system.
func (e *env) showSchedule(job schedule.Job) int {
	task, err := schedule.TaskXML(job, time.Now())
	if err != nil {
		return e.failed("schedule show: %v", err)
	}
	service, timer, err := schedule.SystemdUnits(job)
	if err != nil {
		return e.failed("schedule show: %v", err)
	}
	fmt.Fprintf(e.stdout, "# Task Scheduler (Windows): %s\n%s\n# %s.service (Linux)\n%s\n# %s.timer (Linux)\n%s",
		schedule.Name, task, schedule.Name, service, schedule.Name, timer)
	return exitOK
}
