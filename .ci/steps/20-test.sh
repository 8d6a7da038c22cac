#!/usr/bin/env bash
# The README's test command, go test ./..., in parts for a readable log and
# with nothing run twice: here every Go package, without the suites that
# later steps run verbose (every TestWine... test in 40-windows.sh, TestSSHD,
# TestSSHDTmux, TestSSHDScreen, TestSSHDSudo and TestSSHDListAndLogoff in 50-linux.sh, the Pester suite of ./powershell
# in 60-powershell.sh).
set -euo pipefail
go test -count=1 -skip '^(TestWine.*|TestSSHD|TestSSHDTmux|TestSSHDScreen|TestSSHDSudo|TestSSHDListAndLogoff)$' $(go list ./... | grep -v '/powershell$')
