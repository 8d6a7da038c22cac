package powershell

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/sshdtest"
)

// remoteLeg runs the tests tagged RealRemote (Remote.Tests.ps1): the
// module over PowerShell remoting through real SSH. Its own sshd listens
// on four loopback addresses, each standing for one host, with pwsh as
// the powershell subsystem; a throw-away user has two pty sessions
// ("sleep 711" and "sleep 712"); and the suite runs as root signed in
// over ssh with a pty of its own, so the caller has a session of its own
// to protect, as an admin at a console does.
func remoteLeg(t *testing.T, pwsh string, env []string, runner string) {
	srv := sshdtest.StartWith(t, sshdtest.Options{Addrs: 4, PowerShell: pwsh, Root: true})
	srv.Open(t, "sleep 711")
	srv.Open(t, "sleep 712")
	sshdtest.WaitFor(t, 15*time.Second, "both ssh sessions in utmp", func() bool {
		return len(sshdtest.WhoLines(t, srv.User)) == 2
	})
	vars := []string{
		"USERSESSION_TEST_REMOTE_HOSTS=" + strings.Join(srv.Addrs, ","),
		"USERSESSION_TEST_REMOTE_PORT=" + strconv.Itoa(srv.Port),
		"USERSESSION_TEST_REMOTE_KEY=" + srv.Key,
		"USERSESSION_TEST_SSHD_USER=" + srv.User,
		"USERSESSION_TEST_REMOTE_INSTALL=" + t.TempDir(),
		"PATH=" + os.Getenv("PATH"),
		"TERM=dumb",
	}
	for _, kv := range env {
		for _, name := range []string{"USERSESSION_PATH=", "USERSESSION_TEST_PWSH=", "PSModulePath=", "NO_COLOR=", "POWERSHELL_"} {
			if strings.HasPrefix(kv, name) {
				vars = append(vars, kv)
			}
		}
	}
	command := "env"
	for _, kv := range vars {
		command += " " + shellQuote(kv)
	}
	// USERSESSION_TEST_REMOTE_TAG runs a part of the leg (RemoteWatch,
	// RemoteReclaim) while working on it.
	tag := "RealRemote"
	if v := os.Getenv("USERSESSION_TEST_REMOTE_TAG"); v != "" {
		tag = v
	}
	command += " " + shellQuote(pwsh) + " -NoProfile -NonInteractive -Command " + shellQuote("$ProgressPreference = 'SilentlyContinue'; & '"+runner+"' -Tag "+tag)
	runPesterCommand(t, func(ctx context.Context) *exec.Cmd {
		return srv.Command(ctx, "root", command)
	})
}

// shellQuote quotes s for the POSIX shell that runs an ssh command.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
