//go:build linux

package wts

// The Wine suite: the real usersession.exe, built for windows/amd64, runs
// under Wine against a test wtsapi32.dll (testdata/wtsapi32/wtsapi32.c)
// and its siblings, which serve a fixed scenario, log every call,
// allocation and free, and fail or block the calls they are told to. Each
// TestWine* test talks JSON-RPC to executables of its own over pipes and
// checks the answers against the scenario and the DLLs' log; the tests run
// in parallel.
//
// This file prepares what they share, once per run of the package: the
// DLLs built from C, usersession.exe built for windows/amd64, and one Wine
// prefix with the DLLs in system32, served by one wineserver that is kept
// running (-p) until the package's tests end. A wineserver that is left to
// exit when its last client goes (after 3 s) races the next client that
// connects while it shuts down: that client dies at once, and its pipes
// read EOF. The Windows 10 tests run a copy of the executable,
// usersession-win10.exe, for which the prefix's AppDefaults report Windows
// 10, so that both versions are tested in the one prefix at once.
//
// It needs wine64 and gcc-mingw-w64-x86-64 and skips without them, except
// when CI=true, where it fails. Run it alone with
//
//	go test -count=1 -v -run TestWine ./internal/session/wts/
//
// The helper process and the DLLs' log are read by wine_helper_test.go;
// the scenario the DLL plays is in wine_scenario_test.go.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// wineEnv is the Wine prefix with the test DLLs installed and the
// executables built, shared by every TestWine* test.
type wineEnv struct {
	dir        string // the suite's directory, removed when the package's tests end
	wine       string // the wine loader
	wineserver string
	gcc        string   // x86_64-w64-mingw32-gcc
	exe        string   // usersession.exe
	exe10      string   // usersession-win10.exe, which the prefix tells it is Windows 10
	dlls       []string // the test DLLs, built
	gobin      string   // the go command
	env        []string
	logs       atomic.Int64

	// computer and localNames are what server.info reports.
	computer   string
	localNames []string
}

var (
	suiteOnce sync.Once
	suite     *wineEnv
	suiteErr  error
	suiteSkip string
)

// wineParallel is how many tests run at once unless -test.parallel says
// otherwise: the Wine tests spend their time waiting for Wine processes,
// not on a CPU, so more of them than the default (GOMAXPROCS, 2 on the
// project's machines) run side by side. Measured on 2 cores: the suite in
// 12.8 s with 8, 19.8 s with the default 2 (docs/windows.md).
const wineParallel = "8"

// TestMain ends the suite's wineserver and removes its directory once the
// package's tests have run.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", wineParallel)
	}
	code := m.Run()
	if suite != nil {
		cmd := exec.Command(suite.wineserver, "-k")
		cmd.Env = suite.env
		_ = cmd.Run()
		_ = os.RemoveAll(suite.dir)
	}
	os.Exit(code)
}

// findTool returns the first of names that exists, as a path or in PATH.
func findTool(names ...string) string {
	for _, n := range names {
		if strings.Contains(n, "/") {
			if _, err := os.Stat(n); err == nil {
				return n
			}
			continue
		}
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// testDLLs are the DLLs the suite builds from testdata/wtsapi32 and
// installs in system32, with the libraries each links.
var testDLLs = []struct {
	name string
	libs []string
}{
	{"wtsapi32", []string{"-ladvapi32"}},
	{"netapi32", nil},
	{"psapi", nil},
	{"bcryptprimitives", []string{"-ladvapi32"}},
}

// wineSuite returns the shared suite, preparing it on first use, and marks
// t parallel. It skips t when Wine or mingw-w64 is missing (fails it when
// CI=true).
func wineSuite(t *testing.T) *wineEnv {
	t.Helper()
	t.Parallel()
	suiteOnce.Do(func() { suite, suiteErr = prepareSuite() })
	if suiteSkip != "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(suiteSkip)
		}
		t.Skip(suiteSkip + "; skipping")
	}
	if suiteErr != nil {
		t.Fatalf("preparing the Wine suite: %v", suiteErr)
	}
	return suite
}

// prepareSuite builds the DLLs and the executables, makes the prefix and
// starts its wineserver, and asks the helper the computer's names.
func prepareSuite() (*wineEnv, error) {
	w := &wineEnv{
		wine:       findTool("/usr/lib/wine/wine64", "wine64", "wine"),
		wineserver: findTool("/usr/lib/wine/wineserver", "wineserver64", "wineserver"),
		gcc:        findTool("x86_64-w64-mingw32-gcc"),
	}
	if w.wine == "" || w.wineserver == "" || w.gcc == "" {
		suiteSkip = fmt.Sprintf("the Wine suite needs wine64 and gcc-mingw-w64-x86-64 (found wine=%q wineserver=%q mingw gcc=%q)",
			w.wine, w.wineserver, w.gcc)
		return nil, nil
	}
	dir, err := os.MkdirTemp("", "usersession-wine-")
	if err != nil {
		return nil, err
	}
	w.dir = dir
	prefix := filepath.Join(w.dir, "prefix")
	overrides := []string{"mscoree=", "mshtml="}
	for _, d := range testDLLs {
		overrides = append(overrides, d.name+"=n")
	}
	w.env = append(os.Environ(),
		"HOME="+w.dir, // Wine writes below $HOME; keep it in the suite's directory
		"WINEPREFIX="+prefix,
		"WINEDEBUG=-all",
		"WINEARCH=win64",
		"DISPLAY=",
		"WINEDLLOVERRIDES="+strings.Join(overrides, ";"),
	)

	// The DLLs, from C, and the executable, built side by side with the
	// prefix, which takes the longest.
	var wg sync.WaitGroup
	var buildErr, bootErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		bootErr = w.boot(prefix)
	}()
	var dlls []string
	src := filepath.Join("testdata", "wtsapi32")
	for _, d := range testDLLs {
		out := filepath.Join(w.dir, d.name+".dll")
		if buildErr = w.compile(out, append([]string{"-shared", "-I", src, filepath.Join(src, d.name+".c")}, d.libs...)...); buildErr != nil {
			break
		}
		dlls = append(dlls, out)
	}
	w.exe = filepath.Join(w.dir, "usersession.exe")
	w.exe10 = filepath.Join(w.dir, "usersession-win10.exe")
	w.gobin = findTool(filepath.Join(os.Getenv("GOROOT"), "bin", "go"), "go", "/usr/local/go/bin/go")
	if buildErr == nil {
		buildErr = w.goWindows("build", "-o", w.exe, "github.com/usersession/usersession/cmd/usersession")
	}
	if buildErr == nil {
		buildErr = copyFile(w.exe, w.exe10)
	}
	wg.Wait()
	if err := errors.Join(buildErr, bootErr); err != nil {
		return w, err
	}
	w.dlls = dlls
	if err := w.install(prefix); err != nil {
		return w, err
	}
	return w, w.askNames()
}

// install copies the test DLLs into the system32 of prefix.
func (w *wineEnv) install(prefix string) error {
	sys32 := filepath.Join(prefix, "drive_c", "windows", "system32")
	for _, f := range w.dlls {
		if err := copyFile(f, filepath.Join(sys32, filepath.Base(f))); err != nil {
			return fmt.Errorf("installing %s: %w", filepath.Base(f), err)
		}
	}
	return nil
}

// privatePrefix makes a prefix of t's own, booted and with the test DLLs,
// for a test that changes what the shared prefix holds for every test (a
// key of HKLM that every helper's audit trail writes), and ends its
// wineserver when t ends. It returns the variables to append to an
// environment so that it runs there.
func (w *wineEnv) privatePrefix(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	prefix := filepath.Join(dir, "prefix")
	own := []string{"WINEPREFIX=" + prefix, "HOME=" + dir}
	env := append(append([]string{}, w.env...), own...)
	if _, err := w.runEnv(120*time.Second, env, "wineboot", "-i"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd := exec.Command(w.wineserver, "-k")
		cmd.Env = env
		_ = cmd.Run()
	})
	if err := w.install(prefix); err != nil {
		t.Fatal(err)
	}
	return own
}

// boot makes the prefix, starts its wineserver for the suite's life and
// tells the prefix that usersession-win10.exe runs on Windows 10.
func (w *wineEnv) boot(prefix string) error {
	if err := os.MkdirAll(prefix, 0o755); err != nil {
		return err
	}
	server := exec.Command(w.wineserver, "-p")
	server.Env = w.env
	if err := server.Run(); err != nil {
		return fmt.Errorf("wineserver -p: %w", err)
	}
	if _, err := w.runEnv(120*time.Second, w.env, "wineboot", "-i"); err != nil {
		return err
	}
	_, err := w.runEnv(60*time.Second, w.env, "reg", "add", `HKCU\Software\Wine\AppDefaults\usersession-win10.exe`,
		"/v", "Version", "/d", "win10", "/f")
	return err
}

// askNames asks server.info for the computer's name and local names.
func (w *wineEnv) askNames() error {
	h, err := w.launch(dllConfig{})
	if err != nil {
		return err
	}
	defer h.cancel()
	var info struct {
		ComputerName string   `json:"computerName"`
		LocalNames   []string `json:"localNames"`
	}
	err = h.roundTrip("server.info", map[string]any{}, &info)
	_ = h.stdin.Close()
	_ = h.cmd.Wait()
	if err != nil {
		return err
	}
	if info.ComputerName == "" {
		return errors.New("server.info reported no computer name")
	}
	w.computer, w.localNames = info.ComputerName, info.LocalNames
	return nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}

// compile runs mingw-w64's gcc with the suite's warnings.
func (w *wineEnv) compile(out string, args ...string) error {
	cmd := exec.Command(w.gcc, append([]string{"-O2", "-Wall", "-Wextra", "-Werror", "-o", out}, args...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building %s: %w\n%s", filepath.Base(out), err, b)
	}
	return nil
}

// goTest builds the test executable of a package for windows/amd64.
func (w *wineEnv) goTest(t *testing.T, exe, pkg string) {
	t.Helper()
	if err := w.goWindows("test", "-c", "-o", exe, pkg); err != nil {
		t.Fatal(err)
	}
}

// goWindows runs the go command with args for windows/amd64.
func (w *wineEnv) goWindows(args ...string) error {
	cmd := exec.Command(w.gobin, args...)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, b)
	}
	return nil
}

// mustPass fails t for each of the tests names that the output of a test
// executable run with -test.v does not show passing.
func mustPass(t *testing.T, out string, names ...string) {
	t.Helper()
	for _, name := range names {
		if !strings.Contains(out, "--- PASS: "+name+" ") {
			t.Errorf("%s did not pass under Wine:\n%s", name, out)
		}
	}
}

// winPath is path as Wine's Z: drive names it.
func winPath(path string) string { return "Z:" + strings.ReplaceAll(path, "/", `\`) }

// run runs a Wine program to its end in the environment env and returns
// its output.
func (w *wineEnv) run(t *testing.T, timeout time.Duration, env []string, args ...string) string {
	t.Helper()
	out, err := w.runEnv(timeout, env, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (w *wineEnv) runEnv(timeout time.Duration, env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// Output goes to a file: Wine's daemons inherit the descriptors, and a
	// pipe they hold open would never reach EOF.
	out, err := os.CreateTemp(w.dir, "wine-*.out")
	if err != nil {
		return "", err
	}
	defer out.Close()
	cmd := exec.CommandContext(ctx, w.wine, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	b, _ := os.ReadFile(out.Name())
	if err != nil {
		return string(b), fmt.Errorf("wine %s: %w\n%s", strings.Join(args, " "), err, b)
	}
	return string(b), nil
}
