#!/usr/bin/env bash
# The PowerShell module: the Pester suite in PowerShell 7 in its legs
# (simulator, caller's strict mode, Windows PowerShell 5.1's JSON shapes, real
# OpenSSH sessions; test by test), whose Static.Tests.ps1 holds the static
# checks on PowerShell's own parser (parse, nothing newer than Windows
# PowerShell 5.1, automatic variables, OpenRPC names, manifest exports, help,
# verbs, encoding, version) and proves each on bad input, then the
# release zip, whose contents are verified and which is imported in pwsh as
# a user who unpacked it would. PSScriptAnalyzer and Windows PowerShell 5.1
# run in .github/workflows/powershell.yml on Windows.
set -euo pipefail

CI=true go test -count=1 -v -run '^TestPester$' ./powershell | grep -v '^=== RUN'

go run ./cmd/package

version=$(sed -n 's/^const Version = "\(.*\)"$/\1/p' internal/version/version.go)
zip="dist/UserSession-${version}.zip"
test -f "$zip" || { echo "missing $zip"; exit 1; }
listing=$(go run ./cmd/package -list "$zip" | awk '{print $2}')
modes=$(go run ./cmd/package -list "$zip" | grep ' UserSession/bin/' | awk '{print $1}' | sort -u)
if [ "$modes" != "-rwxr-xr-x" ]; then
  echo "$zip: helpers are not executable: $modes"; exit 1
fi
missing=0
for entry in \
  UserSession/UserSession.psd1 UserSession/UserSession.psm1 UserSession/UserSession.Format.ps1xml UserSession/UserSession.Types.ps1xml \
  UserSession/en-US/about_UserSession.help.txt \
  UserSession/bin/win-x64/usersession.exe UserSession/bin/win-x86/usersession.exe \
  UserSession/bin/win-arm64/usersession.exe \
  UserSession/bin/linux-x64/usersession UserSession/bin/linux-arm64/usersession; do
  if ! grep -qxF "$entry" <<<"$listing"; then
    echo "$zip lacks $entry"; missing=1
  fi
done
# One .psm1 holds every function of Public/ and Private/; the folders are not shipped.
for f in $(find powershell/UserSession/Public powershell/UserSession/Private -name '*.ps1' | sort); do
  fn=$(basename "$f" .ps1)
  if ! grep -q "^function $fn {" dist/UserSession/UserSession.psm1; then
    echo "dist/UserSession/UserSession.psm1 lacks function $fn"; missing=1
  fi
done
if grep -E '^UserSession/(Public|Private)/' <<<"$listing"; then
  echo "$zip ships Public/ or Private/"; missing=1
fi
if grep -v '^UserSession/' <<<"$listing"; then
  echo "$zip has entries outside UserSession/"; missing=1
fi
[ "$missing" = 0 ] || exit 1

# The Linux helper that went into the zip runs and has the module's version.
helper=dist/UserSession/bin/linux-x64/usersession
"$helper" version | grep -q "^usersession ${version} " || {
  echo "$helper does not report version ${version}"; exit 1
}
echo "$zip: $(wc -l <<<"$listing") files, helper ${version} for win-x64, win-x86, win-arm64, linux-x64, linux-arm64"

# Both manifests pass Test-ModuleManifest: the source tree's and the release's.
pwsh -NoProfile -NonInteractive -Command '
  $ErrorActionPreference = "Stop"
  foreach ($path in @("powershell/UserSession/UserSession.psd1", "dist/UserSession/UserSession.psd1")) {
    $m = Test-ModuleManifest -Path $path
    "Test-ModuleManifest {0}: {1} {2}, {3} functions" -f $path, $m.Name, $m.Version, $m.ExportedFunctions.Count
  }'

# The zip as a user unpacks it: no USERSESSION_PATH, the helper found in
# the module's own bin/, on the real Linux backend and on a fixture.
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
pwsh -NoProfile -NonInteractive -Command "Set-StrictMode -Version Latest; & ./.ci/import-zip.ps1 -Zip '$zip' -Destination '$unpacked'"
