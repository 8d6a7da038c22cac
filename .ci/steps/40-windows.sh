#!/usr/bin/env bash
# The Windows backend: generated code is up to date, the Windows builds
# vet, and the real usersession.exe passes the Wine suite against the test
# wtsapi32.dll (internal/session/wts/wine_test.go). With CI=true the suite
# fails instead of skipping when wine or mingw-w64 is missing.
set -euo pipefail

go generate ./internal/session/wts/...
git diff --exit-code -- internal/session/wts/ || {
  echo "go generate ./internal/session/wts/... changed files: commit its output" >&2
  exit 1
}
GOOS=windows GOARCH=amd64 go vet ./...
GOOS=windows GOARCH=arm64 go build ./...
go test -count=1 -v -run 'TestWine' ./internal/session/wts/
