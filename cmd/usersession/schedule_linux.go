package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/usersession/usersession/internal/schedule"
)

// systemdRunDir exists when systemd runs the system: the test sd_booted(3)
// documents. https://www.freedesktop.org/software/systemd/man/latest/sd_booted.html
var systemdRunDir = "/run/systemd/system"

// needSystemd refuses, before anything is written, to schedule on a
// system that systemd does not run (a container, another init): its
// timer could never start.
func needSystemd() error {
	if fi, err := os.Stat(systemdRunDir); err != nil || !fi.IsDir() {
		return fmt.Errorf("systemd does not run this system (no %s), so no timer can run the reclaim job here; run usersession reclaim from this system's own scheduler (cron) instead", systemdRunDir)
	}
	return nil
}

// installSchedule writes the service and timer into dir and starts the
// timer with systemctl.
func installSchedule(job schedule.Job, dir string) error {
	if err := needSystemd(); err != nil {
		return err
	}
	service, timer, err := schedule.SystemdUnits(job)
	if err != nil {
		return err
	}
	for name, text := range map[string][]byte{schedule.Name + ".service": service, schedule.Name + ".timer": timer} {
		if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
			return err
		}
	}
	return systemctl("daemon-reload", "enable --now "+schedule.Name+".timer")
}

// removeSchedule stops the timer and removes both units from dir.
func removeSchedule(dir string) error {
	if err := needSystemd(); err != nil {
		return err
	}
	_ = systemctl("disable --now " + schedule.Name + ".timer")
	for _, name := range []string{schedule.Name + ".service", schedule.Name + ".timer"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return systemctl("daemon-reload")
}

// systemctl runs each command line of systemctl in turn.
func systemctl(commands ...string) error {
	for _, c := range commands {
		out, err := exec.Command("sh", "-c", "systemctl "+c).CombinedOutput()
		if err != nil {
			return fmt.Errorf("systemctl %s: %w: %s", c, err, out)
		}
	}
	return nil
}
