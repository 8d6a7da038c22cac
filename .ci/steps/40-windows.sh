#!/usr/bin/env bash
# The Windows backend: its generated code is up to date, and the real
# usersession.exe passes the Wine suite against the test wtsapi32.dll
# (internal/session/wts/wine_*_test.go), shown test by test. With CI=true the
# suite fails instead of skipping when wine or mingw-w64 is missing.
set -euo pipefail

go generate ./internal/session/wts/...
git diff --exit-code -- internal/session/wts/zsyscall_windows.go || {
  echo "go generate ./internal/session/wts/... changed files: commit its output" >&2
  exit 1
}
go test -count=1 -v -run 'TestWine' ./internal/session/wts/
