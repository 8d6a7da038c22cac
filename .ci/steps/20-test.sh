#!/usr/bin/env bash
# The README's test command, go test ./..., in two parts for a readable
# log: every Go package here (the Wine and sshd suites included, which run
# because 00-install.sh installed what they need), then in
# 60-powershell.sh the Pester suite, which is the Go test of ./powershell,
# verbose so the log shows each Pester test.
set -euo pipefail
go test -count=1 $(go list ./... | grep -v '/powershell$')
