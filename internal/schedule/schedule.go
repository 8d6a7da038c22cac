// Package schedule writes what runs a reclaim policy every few minutes: a
// Windows Task Scheduler task (its XML, run as SYSTEM) and a systemd
// service with its timer on Linux. The texts are pure functions of the
// Job, tested here; installing them is the caller's (schtasks, systemctl).
package schedule

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// Name is the task's and the units' name.
const Name = "usersession-reclaim"

// Job is a reclaim run to repeat.
type Job struct {
	// Executable is the full path of usersession.
	Executable string
	// Args are the arguments of usersession reclaim, after "reclaim".
	Args []string
	// Every is the interval between the starts of two runs.
	Every time.Duration
	// Limit bounds one run; the scheduler ends a run that takes longer.
	Limit time.Duration
}

// Check rejects a job that could not run as meant.
func (j Job) Check() error {
	switch {
	case j.Executable == "":
		return fmt.Errorf("the executable is not known")
	case j.Every < time.Minute:
		return fmt.Errorf("the interval %s is under a minute", j.Every)
	case j.Limit <= 0:
		return fmt.Errorf("the run's time limit is not set")
	case j.Limit >= j.Every:
		return fmt.Errorf("a run may take %s, not less than the interval %s: runs would queue up", j.Limit, j.Every)
	}
	return nil
}

// isoDuration writes d as an XML Schema duration, as Task Scheduler reads
// it (PT15M, PT1H30M, PT45S), whole seconds.
func isoDuration(d time.Duration) string {
	s := int64(d / time.Second)
	var b strings.Builder
	b.WriteString("PT")
	if h := s / 3600; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m := s / 60 % 60; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if sec := s % 60; sec > 0 || s == 0 {
		fmt.Fprintf(&b, "%dS", sec)
	}
	return b.String()
}

// windowsArgs quotes args for a command line as CommandLineToArgvW reads
// it: https://learn.microsoft.com/windows/win32/api/shellapi/nf-shellapi-commandlinetoargvw
// (and the rules of "Parsing C command-line arguments").
func windowsArgs(args []string) string {
	var out []string
	for _, a := range args {
		if a != "" && !strings.ContainsAny(a, " \t\"") {
			out = append(out, a)
			continue
		}
		var b strings.Builder
		b.WriteByte('"')
		slashes := 0
		for _, r := range a {
			switch r {
			case '\\':
				slashes++
				continue
			case '"':
				b.WriteString(strings.Repeat(`\`, 2*slashes+1))
				b.WriteByte('"')
			default:
				b.WriteString(strings.Repeat(`\`, slashes))
				b.WriteRune(r)
			}
			slashes = 0
		}
		b.WriteString(strings.Repeat(`\`, 2*slashes))
		b.WriteByte('"')
		out = append(out, b.String())
	}
	return strings.Join(out, " ")
}

// TaskXML is the task of j for Task Scheduler (schtasks /Create /XML):
// it runs as SYSTEM (S-1-5-18) with the highest privileges, every
// j.Every from its registration on, never a second instance while one
// runs (MultipleInstancesPolicy IgnoreNew), and ends a run after
// j.Limit (ExecutionTimeLimit). Schema:
// https://learn.microsoft.com/windows/win32/taskschd/task-scheduler-schema
func TaskXML(j Job, start time.Time) ([]byte, error) {
	if err := j.Check(); err != nil {
		return nil, err
	}
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Author>usersession</Author>
    <Description>Takes back idle sessions by the reclaim policy (usersession reclaim).</Description>
    <URI>\%s</URI>
  </RegistrationInfo>
  <Triggers>
    <TimeTrigger>
      <StartBoundary>%s</StartBoundary>
      <Enabled>true</Enabled>
      <Repetition>
        <Interval>%s</Interval>
        <StopAtDurationEnd>false</StopAtDurationEnd>
      </Repetition>
    </TimeTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>S-1-5-18</UserId>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <ExecutionTimeLimit>%s</ExecutionTimeLimit>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <Priority>7</Priority>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>%s</Command>
      <Arguments>%s</Arguments>
    </Exec>
  </Actions>
</Task>
`, Name, start.Format("2006-01-02T15:04:05"), isoDuration(j.Every), isoDuration(j.Limit),
		esc(j.Executable), esc(windowsArgs(append([]string{"reclaim"}, j.Args...))))
	return b.Bytes(), nil
}

// systemdQuote quotes an argument of ExecStart= as systemd.service(5)
// reads it: double quotes, with backslash, quote, "$" and "%" escaped.
func systemdQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `$$`, `%`, `%%`)
	return `"` + r.Replace(s) + `"`
}

// SystemdUnits are the service and timer of j: a oneshot service that runs
// the reclaim, stopped after j.Limit (TimeoutStartSec), and a timer that
// starts it j.Every after its last start (OnUnitActiveSec). systemd never
// starts a unit that is still running again, so runs never overlap.
// https://www.freedesktop.org/software/systemd/man/systemd.timer.html
func SystemdUnits(j Job) (service, timer []byte, err error) {
	if err := j.Check(); err != nil {
		return nil, nil, err
	}
	args := []string{systemdQuote(j.Executable), "reclaim"}
	for _, a := range j.Args {
		args = append(args, systemdQuote(a))
	}
	service = []byte(fmt.Sprintf(`[Unit]
Description=Take back idle sessions by the reclaim policy (usersession reclaim)

[Service]
Type=oneshot
ExecStart=%s
TimeoutStartSec=%d
`, strings.Join(args, " "), int64(j.Limit/time.Second)))
	timer = []byte(fmt.Sprintf(`[Unit]
Description=Run the usersession reclaim policy every %s

[Timer]
OnBootSec=%d
OnUnitActiveSec=%d
AccuracySec=1s
Unit=%s.service

[Install]
WantedBy=timers.target
`, j.Every, int64(j.Every/time.Second), int64(j.Every/time.Second), Name))
	return service, timer, nil
}
