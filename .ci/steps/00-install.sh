#!/usr/bin/env bash
# Installs the Debian packages and modules the suites need. Packages are
# listed in .ci/apt-packages, one per line, so suites can add theirs.
set -euo pipefail
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $(grep -v '^#' .ci/apt-packages) >/dev/null
fi
go mod download
