#!/usr/bin/env bash
# Installs what the suites need: the Debian packages of .ci/apt-packages
# (one per line, so suites can add theirs), a Go of at least the version in
# .ci/versions (from bookworm-backports when the machine has none), then
# PowerShell and Pester into .tools/ (.ci/install-powershell.sh).
set -euo pipefail
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $(grep -v '^#' .ci/apt-packages) >/dev/null
fi
bash .ci/install-go.sh
bash .ci/install-powershell.sh
. .ci/env.sh
go version
