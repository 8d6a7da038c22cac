#!/usr/bin/env bash
# The Windows backend: the real usersession.exe passes the Wine suite
# against the test wtsapi32.dll (internal/session/wts/wine_*_test.go), shown
# test by test. (That its generated code is up to date, 10-static.sh
# checks with every other generated file.) With CI=true the suite fails
# instead of skipping when wine or mingw-w64 is missing.
set -euo pipefail
go test -count=1 -v -run 'TestWine' ./internal/session/wts/
