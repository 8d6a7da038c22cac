# Shared set-up of the Pester tests, dot-sourced by each *.Tests.ps1 in its
# BeforeAll block.
#
# The tests drive the module against the helper's simulator: the helper is
# the one USERSESSION_PATH names or, when that is not set, one built here
# with `go build` into a temporary folder (and then put in USERSESSION_PATH
# for the following test files of the same run). Each test imports the
# module afresh with USERSESSION_SIMULATE naming a fixture in TestDrive, so
# every test starts from the same sessions.

$TestRepositoryRoot = (Resolve-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
$TestManifestPath = Join-Path -Path $TestRepositoryRoot -ChildPath 'powershell/UserSession/UserSession.psd1'
$TestOnWindows = $env:OS -eq 'Windows_NT'
. (Join-Path -Path $PSScriptRoot -ChildPath 'DesktopJson.ps1')

function Initialize-TestHelper {
    if ($env:USERSESSION_PATH -and (Test-Path -LiteralPath $env:USERSESSION_PATH -PathType Leaf)) {
        return $env:USERSESSION_PATH
    }
    $name = 'usersession'
    if ($TestOnWindows) {
        $name = 'usersession.exe'
    }
    $folder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('usersession-pester-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -Path $folder -ItemType Directory -Force
    $output = Join-Path -Path $folder -ChildPath $name
    Push-Location -Path $TestRepositoryRoot
    try {
        & go build -o $output ./cmd/usersession
        if ($LASTEXITCODE -ne 0) {
            throw "go build ./cmd/usersession failed with exit code $LASTEXITCODE"
        }
    } finally {
        Pop-Location
    }
    $env:USERSESSION_PATH = $output
    return $output
}

# The standard fixture. Times are fixed by "now", so IdleTime is known:
# admin (session 1, the caller's own) idle 60 s, carol disconnected 6 h.
# erin's name holds a non-ASCII letter (e with diaeresis), which the helper
# sends as \u00eb.
$TestFixtureJson = @'
{
  "computerName": "SIM01",
  "currentSessionId": 1,
  "elevated": true,
  "now": "2026-11-24T12:00:00Z",
  "sessions": [
    {"id": 0, "sessionName": "Services", "state": "Disconnected"},
    {"id": 1, "sessionName": "Console", "userName": "admin", "domain": "CONTOSO", "state": "Active",
     "protocol": "Console", "logonTime": "2026-11-24T07:55:00Z", "lastInputTime": "2026-11-24T11:59:00Z",
     "processes": [{"processId": 4242, "name": "explorer.exe", "workingSetBytes": 81920000}]},
    {"id": 3, "sessionName": "RDP-Tcp#7", "userName": "bob", "state": "Active",
     "clientName": "LAPTOP-7", "clientAddress": "10.0.0.7", "protocol": "RDP", "messageResponse": "no",
     "processes": [{"processId": 5000, "name": "excel.exe", "workingSetBytes": 1048576, "cpuSeconds": 2.5, "threadCount": 12, "handleCount": 300}]},
    {"id": 4, "sessionName": "", "userName": "carol", "state": "Disconnected",
     "disconnectTime": "2026-11-24T06:00:00Z", "messageResponse": "yes"},
    {"id": 5, "sessionName": "RDP-Tcp#9", "userName": "zo\u00eb", "state": "Active", "protocol": "RDP"}
  ],
  "hosts": {
    "SRV02": {"latencyMs": 50, "sessions": [{"id": 2, "userName": "dave", "state": "Active"}]},
    "DEAD01": {"unreachable": true}
  }
}
'@

function Write-TestFixture {
    param(
        [string]$Json = $TestFixtureJson
    )
    $path = Join-Path -Path $TestDrive -ChildPath ('fixture-' + [guid]::NewGuid().ToString('N') + '.json')
    [System.IO.File]::WriteAllText($path, $Json, (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false))
    return $path
}

# Imports the module afresh (which stops the helper of the previous import)
# against a new copy of the fixture.
function Import-TestModule {
    param(
        [string]$Json = $TestFixtureJson
    )
    $null = Initialize-TestHelper
    $env:USERSESSION_SIMULATE = Write-TestFixture -Json $Json
    Import-Module -Name $TestManifestPath -Force -ErrorAction Stop
    Use-TestJsonParser
}

# With USERSESSION_TEST_DESKTOP_JSON=1 (the "desktop" leg of
# powershell/pester_test.go), puts the stand-in of DesktopJson.ps1 in place
# of the module's parser, so that the module parses every message as
# Windows PowerShell 5.1 does; call it after each Import-Module of the
# module. ConvertFrom-UserSessionJson describes the seam.
function Use-TestJsonParser {
    if ($env:USERSESSION_TEST_DESKTOP_JSON -eq '1') {
        Set-TestJsonParser -Parser ${function:ConvertFrom-TestDesktopJson}
    }
}

# Sets the module's Desktop-path parser ($null: the edition's own).
function Set-TestJsonParser {
    param(
        [AllowNull()]
        [scriptblock]$Parser
    )
    & (Get-Module -Name UserSession) { param($p) $script:JsonDeserializer = $p } $Parser
}
