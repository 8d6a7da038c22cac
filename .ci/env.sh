# Sourced by .ci/run and by each step: puts a Go of at least
# GO_MIN_VERSION, the PowerShell and the Pester that .ci/install-powershell.sh
# installed into .tools/, on the path, and makes every go command use the
# committed vendor/ and nothing from the network.
# shellcheck shell=bash
ci_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=versions
. "$ci_root/.ci/versions"

# go_version_ok GO: true when the go command GO is GO_MIN_VERSION or newer.
go_version_ok() {
  local v
  v=$(GOTOOLCHAIN=local "$1" env GOVERSION 2>/dev/null) || return 1
  v=${v#go}
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$GO_MIN_VERSION" "$v" | sort -V | head -n 1)" = "$GO_MIN_VERSION" ]
}

# find_go: prints the directory of the first go command that is new enough:
# the one on PATH, then the usual install places (Debian's golang-X.Y-go
# packages live outside PATH).
find_go() {
  local candidate
  for candidate in "$(command -v go 2>/dev/null)" /usr/local/go/bin/go /usr/lib/go-*/bin/go /usr/lib/go/bin/go; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && go_version_ok "$candidate"; then
      dirname "$candidate"
      return 0
    fi
  done
  return 1
}

if go_dir=$(find_go); then
  PATH="$go_dir:$PATH"
fi
PATH="$ci_root/.tools/pwsh:$PATH"
PSModulePath="$ci_root/.tools/modules${PSModulePath:+:$PSModulePath}"
export PATH PSModulePath
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=vendor
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 POWERSHELL_TELEMETRY_OPTOUT=1
