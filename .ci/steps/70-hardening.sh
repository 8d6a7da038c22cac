#!/usr/bin/env bash
# Hardening: each fuzz target for at least 60 s (FUZZTIME), a soak of
# 1,000,000 valid and malformed lines through one helper (RSS flat, every
# request answered), and a client that dies with requests in flight (the
# helper exits and leaves no process behind).
#
# A crash makes go test write the input to
# internal/rpc/testdata/fuzz/<target>/<hash> and this step fail: commit
# that file and it is a regression test that every go test runs from then on.
set -euo pipefail
fuzztime=${FUZZTIME:-60s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for target in FuzzStream FuzzRequestMembers FuzzParams FuzzListParams FuzzActionParams FuzzMessageParams FuzzProcessesParams FuzzOnlyNamedSessionsActedOn; do
  start=$SECONDS
  budget=$fuzztime
  # The property (only the sessions named and allowed are acted on, through
  # the real server, with generated fixtures and requests) runs a case of
  # up to eight lines per input: its own, shorter budget.
  [ "$target" = FuzzOnlyNamedSessionsActedOn ] && budget=${FUZZTIME_PROPERTY:-30s}
  if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$budget" ./internal/rpc >"$log" 2>&1; then
    cat "$log"
    echo "fuzz $target: FAIL; the crashing input is in internal/rpc/testdata/fuzz/$target"
    exit 1
  fi
  echo "fuzz $target: $(grep -o 'execs: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2) inputs (cases) in $((SECONDS - start)) s, no crash"
done

go run ./cmd/usbench soak
go run ./cmd/usbench hangup
