#!/usr/bin/env bash
# vendor/, go.mod and go.sum must be exactly what `go mod tidy` and
# `go mod vendor` make of the sources: this runs both in a copy of the
# tracked files and fails on any difference. The modules come from a file
# mirror: USERSESSION_GOPROXY (a file:// or https:// GOPROXY value), else
# ../shared/goproxy beside the checkout, else Go's module cache. With none
# of them holding the modules the check cannot run; it says so and
# the offline checks remain (every build and test here uses -mod=vendor,
# which fails when vendor/modules.txt and go.mod disagree).
set -euo pipefail

sources=()
[ -n "${USERSESSION_GOPROXY:-}" ] && sources+=("$USERSESSION_GOPROXY")
[ -d ../shared/goproxy ] && sources+=("file://$(cd ../shared/goproxy && pwd)")
sources+=("off")  # the module cache only

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git ls-files -z | grep -zv '^vendor/' | xargs -0 cp --parents -t "$work"

checked=""
for proxy in "${sources[@]}"; do
  rm -rf "$work/vendor"
  cp go.mod go.sum "$work/"
  if (cd "$work" && GOFLAGS=-mod=mod GOPROXY="$proxy" GOSUMDB=off go mod tidy >/dev/null 2>"$work/.err" &&
    GOFLAGS=-mod=mod GOPROXY="$proxy" GOSUMDB=off go mod vendor 2>>"$work/.err"); then
    checked=$proxy
    break
  fi
done
if [ -z "$checked" ]; then
  echo "vendor check skipped: no module source holds the modules (tried ${sources[*]}): $(tail -n 1 "$work/.err")"
  echo "set USERSESSION_GOPROXY to a module mirror to run it"
  exit 0
fi
status=0
for f in go.mod go.sum; do
  diff -u "$f" "$work/$f" || { echo "go mod tidy changes $f: run it and commit the result"; status=1; }
done
diff -r -q vendor "$work/vendor" || { echo "go mod vendor changes vendor/: run it and commit the result"; status=1; }
[ "$status" = 0 ] && echo "go.mod, go.sum and vendor/ are what go mod tidy and go mod vendor make (modules from $checked)"
exit "$status"
