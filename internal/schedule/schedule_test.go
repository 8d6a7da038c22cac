package schedule

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func job(t *testing.T) Job {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return Job{Executable: exe, Every: 15 * time.Minute, Limit: 10 * time.Minute,
		Args: []string{"--disconnected-for", "8h", "--exclude", `LAB\kiosk`, "--reason", `lab "policy" 100%`, "--yes"}}
}

// task is what the tests read back of the XML.
type task struct {
	XMLName   xml.Name `xml:"http://schemas.microsoft.com/windows/2004/02/mit/task Task"`
	Principal struct {
		UserID   string `xml:"UserId"`
		RunLevel string `xml:"RunLevel"`
	} `xml:"Principals>Principal"`
	Interval  string `xml:"Triggers>TimeTrigger>Repetition>Interval"`
	Start     string `xml:"Triggers>TimeTrigger>StartBoundary"`
	Multiple  string `xml:"Settings>MultipleInstancesPolicy"`
	Limit     string `xml:"Settings>ExecutionTimeLimit"`
	Command   string `xml:"Actions>Exec>Command"`
	Arguments string `xml:"Actions>Exec>Arguments"`
}

// TestTaskXML: the task is well-formed XML of Task Scheduler's namespace
// and holds what matters: SYSTEM, the interval, no second instance, a
// time limit, and the arguments as given.
func TestTaskXML(t *testing.T) {
	j := job(t)
	b, err := TaskXML(j, time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var got task
	if err := xml.Unmarshal(b, &got); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, b)
	}
	want := task{Interval: "PT15M", Start: "2026-11-24T10:00:00", Multiple: "IgnoreNew", Limit: "PT10M", Command: j.Executable,
		Arguments: `reclaim --disconnected-for 8h --exclude LAB\kiosk --reason "lab \"policy\" 100%" --yes`}
	want.Principal.UserID, want.Principal.RunLevel = "S-1-5-18", "HighestAvailable"
	got.XMLName = xml.Name{}
	if got != want {
		t.Errorf("task\n got %+v\nwant %+v", got, want)
	}
}

func TestISODuration(t *testing.T) {
	for d, want := range map[time.Duration]string{15 * time.Minute: "PT15M", 90 * time.Minute: "PT1H30M", time.Hour: "PT1H", 45 * time.Second: "PT45S", 0: "PT0S"} {
		if got := isoDuration(d); got != want {
			t.Errorf("isoDuration(%s) = %s, want %s", d, got, want)
		}
	}
}

// TestJobCheck: a run that may outlast its interval, or a tiny interval, is
// refused before anything is written.
func TestJobCheck(t *testing.T) {
	j := job(t)
	j.Limit = j.Every
	if _, err := TaskXML(j, time.Now()); err == nil || !strings.Contains(err.Error(), "queue up") {
		t.Errorf("limit = interval: %v", err)
	}
	j = job(t)
	j.Every = 30 * time.Second
	if _, _, err := SystemdUnits(j); err == nil {
		t.Error("an interval under a minute was accepted")
	}
}

// TestSystemdUnits: systemd-analyze verify accepts the service and timer,
// and they hold the interval, the time limit and the arguments.
func TestSystemdUnits(t *testing.T) {
	j := job(t)
	service, timer, err := SystemdUnits(j)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Type=oneshot", "TimeoutStartSec=600", `"--reason" "lab \"policy\" 100%%"`, `"LAB\\kiosk"`} {
		if !strings.Contains(string(service), want) {
			t.Errorf("service lacks %q:\n%s", want, service)
		}
	}
	if !strings.Contains(string(timer), "OnUnitActiveSec=900") {
		t.Errorf("timer lacks the interval:\n%s", timer)
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true and systemd-analyze is missing (apt-get install systemd)")
		}
		t.Skip("systemd-analyze is not installed")
	}
	dir := t.TempDir()
	sp, tp := filepath.Join(dir, Name+".service"), filepath.Join(dir, Name+".timer")
	if err := os.WriteFile(sp, service, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tp, timer, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", sp, tp).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	// It does fail on a broken unit: the check can fail.
	if err := os.WriteFile(sp, []byte("[Service]\nType=oneshot\nExecStart=relative/path\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", sp).CombinedOutput(); err == nil && len(out) == 0 {
		t.Error("systemd-analyze verify accepted a unit with a relative ExecStart")
	}
}
