package utmp

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// The helper binary the suites run inside real logins, built once per
// test binary.
var helper struct {
	once sync.Once
	dir  string
	exe  string
	err  error
	out  []byte
}

// helperBinary builds cmd/usersession once and returns its path; a
// failed build fails every test that asks for it.
func helperBinary(t testing.TB) string {
	t.Helper()
	helper.once.Do(func() {
		helper.dir, helper.err = os.MkdirTemp("", "usersession-utmp-test-")
		if helper.err != nil {
			return
		}
		helper.exe = filepath.Join(helper.dir, "usersession")
		helper.out, helper.err = exec.Command("go", "build", "-o", helper.exe, "github.com/usersession/usersession/cmd/usersession").CombinedOutput()
	})
	if helper.err != nil {
		t.Fatalf("go build cmd/usersession: %v\n%s", helper.err, helper.out)
	}
	return helper.exe
}

func TestMain(m *testing.M) {
	code := m.Run()
	if helper.dir != "" {
		os.RemoveAll(helper.dir)
	}
	os.Exit(code)
}
