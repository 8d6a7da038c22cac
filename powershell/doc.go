// Package powershell holds the UserSession PowerShell module (UserSession/),
// its example scripts (examples/) and its Pester suite (tests/). It has no
// Go code of its own: its Go test runs the Pester suite in a real
// PowerShell, so that go test ./... tests the module too.
package powershell
