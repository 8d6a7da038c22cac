package powershell

import (
	"slices"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/sshdtest"
)

// sshdLeg runs the tests tagged RealLinux against the real Linux backend,
// with two real OpenSSH sessions of a throw-away user, one running
// "sleep 701" and one "sleep 702" (see Linux.Tests.ps1).
func sshdLeg(t *testing.T, pwsh string, env []string, runner string) {
	srv := sshdtest.Start(t)
	srv.Open(t, "sleep 701")
	srv.Open(t, "sleep 702")
	sshdtest.WaitFor(t, 15*time.Second, "both ssh sessions in utmp", func() bool {
		return len(sshdtest.WhoLines(t, srv.User)) == 2
	})
	env = slices.Concat(env, []string{"USERSESSION_TEST_SSHD_USER=" + srv.User})
	runPester(t, pwsh, env, "& '"+runner+"' -Tag RealLinux")
}
