//go:build !linux

package powershell

import "testing"

// sshdLeg skips: the real Linux backend runs on Linux only.
func sshdLeg(t *testing.T, _ string, _ []string, _ string) {
	t.Skip("the real Linux backend runs on Linux only")
}

// remoteLeg skips: its sshd with the PowerShell subsystem runs on Linux only.
func remoteLeg(t *testing.T, _ string, _ []string, _ string) {
	t.Skip("the PowerShell remoting leg runs on Linux only")
}
