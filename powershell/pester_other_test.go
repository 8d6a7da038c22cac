//go:build !linux

package powershell

import "testing"

// sshdLeg skips: the real Linux backend runs on Linux only.
func sshdLeg(t *testing.T, _ string, _ []string, _ string) {
	t.Skip("the real Linux backend runs on Linux only")
}
