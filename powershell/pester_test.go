package powershell

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPester runs the Pester suite (tests/*.Tests.ps1) in PowerShell 7,
// in four legs:
//
//   - simulator: the module against the helper's simulator;
//   - strict: with Set-StrictMode -Version Latest set by the caller
//     before the module is imported, as a profile or pwsh -Command sets it,
//     the tests tagged CallerStrict: what the caller's strict mode can
//     change. The module's own code runs under its own Set-StrictMode 3.0
//     in every leg; the caller's mode reaches only what runs in the
//     caller's scope (the import, format views, the members and aliases a
//     script reads, completers, the preference variables the module reads
//     from its caller);
//   - desktop: the same as simulator, with the module's JSON parser
//     replaced by a stand-in that returns what Windows PowerShell 5.1's
//     JavaScriptSerializer returns (tests/DesktopJson.ps1), so that the
//     module's Windows PowerShell path runs here;
//   - sshd (Linux, root): the tests tagged RealLinux against the real
//     Linux backend, with two real OpenSSH sessions on 127.0.0.1;
//   - RealRemote (Linux, root): the tests tagged RealRemote, the module
//     over PowerShell remoting through real SSH to several loopback
//     addresses, run by root signed in over ssh.
//
// Each leg logs Pester's output, one line per test, and its counts as
// "N passed, N failed, N skipped"; a failed test fails the leg with
// Pester's own report. pwsh is taken from USERSESSION_PWSH (or
// USERSESSION_TEST_PWSH, the name the suite itself reads), PATH or
// .tools/pwsh (where .ci/install-powershell.sh puts it), Pester from
// PSModulePath or .tools/modules. Without them the test skips with a
// message, except under CI=true, where it fails.
func TestPester(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	pwsh := findPwsh(t, root)
	helper := buildHelper(t, root)
	runner := filepath.Join(root, "powershell", "tests", "Invoke-TestSuite.ps1")
	env := append(os.Environ(),
		"USERSESSION_PATH="+helper,
		"USERSESSION_TEST_PWSH="+pwsh,
		"PSModulePath="+filepath.Join(root, ".tools", "modules")+string(os.PathListSeparator)+os.Getenv("PSModulePath"),
		"NO_COLOR=1",
		"POWERSHELL_TELEMETRY_OPTOUT=1",
		"POWERSHELL_UPDATECHECK=Off",
	)

	// The legs run side by side: much of a leg is waiting (for the
	// simulator's latencies, timelines and timeouts), not computing.
	t.Run("simulator", func(t *testing.T) {
		t.Parallel()
		runPester(t, pwsh, env, "& '"+runner+"' -ExcludeTag RealLinux,RealRemote")
	})
	t.Run("strict", func(t *testing.T) {
		t.Parallel()
		env := slices.Concat(env, []string{"USERSESSION_TEST_STRICT=1"})
		runPester(t, pwsh, env, "Set-StrictMode -Version Latest; & '"+runner+"' -Tag CallerStrict -ExcludeTag RealLinux,RealRemote")
	})
	t.Run("desktop", func(t *testing.T) {
		t.Parallel()
		env := slices.Concat(env, []string{"USERSESSION_TEST_DESKTOP_JSON=1"})
		runPester(t, pwsh, env, "& '"+runner+"' -ExcludeTag RealLinux,RealRemote")
	})
	t.Run("sshd", func(t *testing.T) {
		t.Parallel()
		sshdLeg(t, pwsh, env, runner)
	})
	t.Run("RealRemote", func(t *testing.T) {
		remoteLeg(t, pwsh, env, runner)
	})
}

// missing skips the test with why, or fails it under CI=true.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and the Pester suite cannot run: %s", why)
	}
	t.Skipf("skipping the Pester suite: %s", why)
}

// findPwsh returns the PowerShell 7 to run the suite with.
func findPwsh(t *testing.T, root string) string {
	t.Helper()
	for _, v := range []string{"USERSESSION_PWSH", "USERSESSION_TEST_PWSH"} {
		if p := os.Getenv(v); p != "" {
			return p
		}
	}
	if p, err := exec.LookPath("pwsh"); err == nil {
		return p
	}
	name := "pwsh"
	if runtime.GOOS == "windows" {
		name = "pwsh.exe"
	}
	p := filepath.Join(root, ".tools", "pwsh", name)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	missing(t, "pwsh not found: set USERSESSION_PWSH to a PowerShell 7 pwsh, put pwsh on PATH, or run bash .ci/install-powershell.sh, which installs PowerShell and Pester into .tools/ (it needs the .NET SDK)")
	return ""
}

// buildHelper builds the usersession helper the module drives.
func buildHelper(t *testing.T, root string) string {
	t.Helper()
	noteInputs(t, root)
	name := "usersession"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	out := filepath.Join(t.TempDir(), name)
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		goCmd = "go"
	}
	cmd := exec.Command(goCmd, "build", "-o", out, "./cmd/usersession")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/usersession: %v\n%s", err, b)
	}
	return out
}

// noteInputs opens every file the suites depend on through programs the
// test starts (the module and its tests, read by pwsh; the helper's
// sources, read by go build), so that go test's cache, which knows only
// the files this process opens, reruns the suites when one of them
// changes instead of reporting a stale "(cached)" pass.
func noteInputs(t *testing.T, root string) {
	t.Helper()
	inputs := []string{"go.mod", "go.sum", "vendor/modules.txt"}
	for _, dir := range []string{"powershell", "cmd", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				rel, err := filepath.Rel(root, path)
				if err != nil {
					return err
				}
				inputs = append(inputs, rel)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("listing the suites' inputs: %v", err)
		}
	}
	for _, rel := range inputs {
		f, err := os.Open(filepath.Join(root, rel))
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			t.Fatalf("noting the suites' inputs: %v", err)
		}
		f.Close()
	}
}

// countsLine is the last line Invoke-TestSuite.ps1 prints.
var countsLine = regexp.MustCompile(`^\d+ passed, \d+ failed, \d+ skipped`)

// runPester runs script in pwsh -Command, logging its output as it comes,
// and fails t when it exits non-zero.
func runPester(t *testing.T, pwsh string, env []string, script string) {
	t.Helper()
	runPesterCommand(t, func(ctx context.Context) *exec.Cmd {
		cmd := exec.CommandContext(ctx, pwsh, "-NoProfile", "-NonInteractive", "-Command", script)
		cmd.Env = env
		return cmd
	})
}

// runPesterCommand runs the command newCmd makes (Invoke-TestSuite.ps1,
// directly or through ssh), logging its output as it comes, and fails t
// when it exits non-zero.
func runPesterCommand(t *testing.T, newCmd func(context.Context) *exec.Cmd) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cmd := newCmd(ctx)
	r, w := io.Pipe()
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waited := make(chan error, 1)
	go func() { err := cmd.Wait(); w.Close(); waited <- err }()
	var counts string
	var output strings.Builder
	for line := range lines {
		// Through a pseudo-terminal lines end in CR LF.
		line = strings.TrimRight(line, "\r")
		t.Log(line)
		output.WriteString(line + "\n")
		if countsLine.MatchString(line) {
			counts = line
		}
	}
	err := <-waited
	if strings.Contains(output.String(), "Pester") && strings.Contains(output.String(), "was not loaded because no valid module file was found") {
		missing(t, "Pester 5 is not installed: Install-Module Pester -MinimumVersion 5.5.0 in that pwsh, or bash .ci/install-powershell.sh, which installs it into .tools/modules")
	}
	switch {
	case ctx.Err() != nil:
		t.Fatalf("Pester did not finish within 20 minutes")
	case err != nil:
		t.Fatalf("Pester: %s (%v)", orUnknown(counts), err)
	}
	t.Logf("Pester: %s", counts)
}

func orUnknown(counts string) string {
	if counts == "" {
		return "no counts printed"
	}
	return counts
}
