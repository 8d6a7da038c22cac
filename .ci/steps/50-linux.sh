#!/usr/bin/env bash
# The Linux backend against a real OpenSSH server and who(1). It needs root
# and openssh-server/openssh-client (listed in .ci/apt-packages); CI=true
# makes the test fail, not skip, when it cannot run. -v so the log shows
# each check ran.
set -euo pipefail
CI=true go test -count=1 -run '^(TestSSHD|TestSSHDTmux|TestSSHDScreen|TestSSHDSudo)$' -v ./internal/session/utmp/
# The command line's list and logoff against the same kind of server.
CI=true go test -count=1 -run '^TestSSHDListAndLogoff$' -v ./cmd/usersession/
