#!/usr/bin/env bash
# Formatting, vet on both operating systems (Windows on each of its three
# architectures), generated files up to date, and builds for the five
# shipped targets.
set -euo pipefail

unformatted=$(gofmt -l $(git ls-files '*.go' ':!:vendor/'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...
for arch in amd64 386 arm64; do
  GOOS=windows GOARCH=$arch go vet ./...
done

# Generated files (schema/*.json, zsyscall_windows.go) must match their sources.
go generate ./...
if ! git diff --exit-code --stat -- schema internal; then
  echo "go generate changed files: run it and commit the result"; exit 1
fi
if [ -n "$(git status --porcelain -- schema internal)" ]; then
  git status --porcelain -- schema internal
  echo "go generate left new files: run it and commit the result"; exit 1
fi

for target in windows/amd64 windows/386 windows/arm64 linux/amd64 linux/arm64; do
  CGO_ENABLED=0 GOOS=${target%/*} GOARCH=${target#*/} go build -trimpath -o /dev/null ./cmd/usersession
  echo "built $target"
done

# The WTS structures have the Windows layout on every architecture: the
# go/types model runs in every go test; here the 386 compiler itself lays
# them out, in a linux/386 test binary (an amd64 kernel runs it).
GOARCH=386 go test -count=1 -run 'TestLayouts|TestLargeInteger' ./internal/session/wts/
