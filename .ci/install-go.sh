#!/usr/bin/env bash
# Makes a go command of at least GO_MIN_VERSION (.ci/versions) available.
# A machine that has one keeps it. Otherwise, on Debian and as root, this
# adds the backports suite of the machine's own Debian source (its entry
# copied with the suite changed, so no mirror is named here) and installs
# GO_DEBIAN_PACKAGE, which puts go into /usr/lib/go-X.Y/bin; .ci/env.sh
# finds it there.
set -euo pipefail
. "$(dirname "$0")/env.sh"

if dir=$(find_go); then
  echo "go: $("$dir/go" version)"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-go: no go $GO_MIN_VERSION or newer, and this is not Debian as root: install Go $GO_MIN_VERSION or newer yourself" >&2
  exit 1
fi
. /etc/os-release
codename=${VERSION_CODENAME:?/etc/os-release names no Debian codename}
suite="$codename-backports"
if ! grep -rqs -- "$suite" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    # deb822: the stanza whose Suites line starts with the release itself.
    awk -v rel="$codename" 'BEGIN { RS = ""; ORS = "\n\n" } $0 ~ "(^|\n)Suites: " rel "( |\n|$)"' \
      /etc/apt/sources.list.d/debian.sources |
      sed "s/^Suites: .*/Suites: $suite/" >"/etc/apt/sources.list.d/$suite.sources"
    [ -s "/etc/apt/sources.list.d/$suite.sources" ] || {
      echo "install-go: no '$codename' entry in /etc/apt/sources.list.d/debian.sources" >&2; exit 1; }
  else
    # One-line format: the first "deb URI codename ..." line.
    line=$(grep -hE "^deb [^ ]+( \[[^]]*\])? [^ ]+ $codename( |$)" /etc/apt/sources.list | head -n 1)
    [ -n "$line" ] || { echo "install-go: no '$codename' entry in /etc/apt/sources.list" >&2; exit 1; }
    sed "s/ $codename\( \|$\)/ $suite\1/" <<<"$line" >"/etc/apt/sources.list.d/$suite.list"
  fi
  echo "install-go: added $suite to apt's sources"
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$GO_DEBIAN_PACKAGE" >/dev/null
dir=$(find_go) || { echo "install-go: $GO_DEBIAN_PACKAGE installed, but no go $GO_MIN_VERSION or newer was found" >&2; exit 1; }
echo "go: $("$dir/go" version)"
