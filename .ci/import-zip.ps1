<#
.SYNOPSIS
Imports the release zip as a user who unpacked it would, and lists sessions.
.DESCRIPTION
Unpacks the zip into -Destination, imports the module from there with no
USERSESSION_PATH (so the helper must be found in the module's own bin/),
lists the sessions of the real backend, then of a fixture. Run under
Set-StrictMode -Version Latest by the caller. Fails (exit 1) on any error.
#>
param(
    [Parameter(Mandatory = $true)]
    [string]$Zip,

    [Parameter(Mandatory = $true)]
    [string]$Destination
)

$ErrorActionPreference = 'Stop'
Expand-Archive -Path $Zip -DestinationPath $Destination
Remove-Item -Path Env:USERSESSION_PATH, Env:USERSESSION_SIMULATE -ErrorAction SilentlyContinue
$manifest = Join-Path -Path $Destination -ChildPath 'UserSession/UserSession.psd1'
Import-Module -Name $manifest
$module = Get-Module -Name UserSession
if (-not $module.Path.StartsWith($Destination)) {
    throw "imported $($module.Path), not the unpacked module"
}
$real = @(Get-UserSession)
"Get-UserSession from the unpacked zip, real backend: $($real.Count) session(s)"

$fixture = Join-Path -Path $Destination -ChildPath 'fixture.json'
Set-Content -Path $fixture -Value '{"computerName":"SIM01","currentSessionId":1,"sessions":[{"id":1,"userName":"admin"},{"id":2,"userName":"bob","state":"Disconnected"}]}'
$env:USERSESSION_SIMULATE = $fixture
Import-Module -Name $manifest -Force
$simulated = @(Get-UserSession)
if (($simulated.Count -ne 2) -or ($simulated[1].UserName -ne 'bob')) {
    throw "expected the sessions of admin and bob, got: $($simulated | Out-String)"
}
"Get-UserSession from the unpacked zip, simulator: $(($simulated | ForEach-Object { $_.UserName }) -join ', ')"
