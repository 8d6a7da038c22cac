#!/usr/bin/env bash
# Hardening: each fuzz target for FUZZTIME (default 15 s, a per-target
# budget that keeps the whole of .ci/run under 8 minutes), a soak of
# SOAK_LINES (default 500,000) valid and malformed lines through one helper
# (RSS flat, every request answered), and a client that dies with requests
# in flight (the helper exits and leaves no process behind). The long runs
# (minutes per target, the 1,000,000-line soak) are run by hand: see
# .ci/README.md.
#
# A crash makes go test write the input to
# <package>/testdata/fuzz/<target>/<hash> and this step fail: commit that
# file and it is a regression test that every go test runs from then on.
set -euo pipefail
fuzztime=${FUZZTIME:-15s}
soaklines=${SOAK_LINES:-500000}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# The fuzz targets, one "package target [budget]" per line; add new ones
# here. A target without a budget gets FUZZTIME. The property (only the
# sessions named and allowed are acted on, through the real server, with
# generated fixtures and requests) runs a case of up to eight lines per
# input: its own budget, FUZZTIME_PROPERTY.
targets="
./internal/rpc FuzzStream
./internal/rpc FuzzRequestMembers
./internal/rpc FuzzParams
./internal/rpc FuzzListParams
./internal/rpc FuzzActionParams
./internal/rpc FuzzMessageParams
./internal/rpc FuzzProcessesParams
./internal/rpc FuzzOnlyNamedSessionsActedOn ${FUZZTIME_PROPERTY:-30s}
"

while read -r pkg target budget; do
  [ -n "$target" ] || continue
  start=$SECONDS
  if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "${budget:-$fuzztime}" "$pkg" >"$log" 2>&1; then
    cat "$log"
    echo "fuzz $target: FAIL; the crashing input is in $pkg/testdata/fuzz/$target"
    exit 1
  fi
  echo "fuzz $target: $(grep -o 'execs: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2) inputs (cases) in $((SECONDS - start)) s, no crash"
done <<<"$targets"

go run ./cmd/usbench soak -lines "$soaklines"
go run ./cmd/usbench hangup
