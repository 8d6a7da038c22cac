#!/usr/bin/env bash
# Installs PowerShell PWSH_VERSION as a .NET tool into .tools/pwsh and
# Pester PESTER_VERSION from NuGet into .tools/modules (both ignored by
# git; versions in .ci/versions). .ci/env.sh puts them on PATH and
# PSModulePath, and the Pester test (powershell/pester_test.go) finds them
# there too. Needs the .NET SDK (dotnet). Without dotnet it prints why and
# exits 0, so the PowerShell tests skip, except under CI=true, where it
# fails.
set -euo pipefail
. "$(dirname "$0")/env.sh"
tools="$ci_root/.tools"

if ! command -v dotnet >/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "install-powershell: CI=true and dotnet is missing: PowerShell and Pester cannot be installed" >&2
    exit 1
  fi
  echo "install-powershell: dotnet is missing; the PowerShell tests will skip (install the .NET SDK, then run this again)"
  exit 0
fi

if [ "$("$tools/pwsh/pwsh" -NoProfile -NoLogo -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null)" != "$PWSH_VERSION" ]; then
  rm -rf "$tools/pwsh"
  dotnet tool install PowerShell --version "$PWSH_VERSION" --tool-path "$tools/pwsh" >/dev/null
fi
echo "pwsh: $("$tools/pwsh/pwsh" -NoProfile -NoLogo -Command '$PSVersionTable.PSVersion.ToString()')"

pester="$tools/modules/Pester/$PESTER_VERSION"
if [ ! -f "$pester/Pester.psd1" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # A throwaway project whose only purpose is to make dotnet restore fetch
  # the package; the module is the package's tools/ folder.
  cat >"$work/fetch.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
PROJ
  dotnet restore "$work/fetch.csproj" --packages "$work/packages" >/dev/null
  rm -rf "$pester"
  mkdir -p "$(dirname "$pester")"
  cp -r "$work/packages/pester/$PESTER_VERSION/tools" "$pester"
fi
echo "Pester: $(sed -n "s/^ *ModuleVersion *= *'\(.*\)'.*/\1/p" "$pester/Pester.psd1")"
