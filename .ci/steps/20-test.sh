#!/usr/bin/env bash
# The README's test command: every Go test, including the Wine and sshd
# suites, which run here because 00-install.sh installed what they need.
set -euo pipefail
go test -count=1 ./...
