<#
.SYNOPSIS
Measures a warm Get-UserSession of many sessions against the helper alone.

.DESCRIPTION
Writes a simulator fixture of -Sessions sessions (every field filled in, as
a busy Remote Desktop host has them), then, in this PowerShell:

- the floor: the helper alone, started on the fixture, answering
  session.list over its pipes (the time from writing the request to reading
  the whole answer line);
- the module: Get-UserSession against the same fixture, warm (the module
  imported and its helper started by a first call), from the call to the
  last object.

Each is run -Runs times; the medians and their ratio are printed. Figures,
not assertions: the machines are shared, and both are measured in the same
run so that the ratio holds. The README's Performance section has the
figures of the last runs.

.PARAMETER Sessions
Sessions in the fixture (default 5000).

.PARAMETER Runs
Timed runs of each (default 7).

.PARAMETER ModulePath
The module manifest to measure (default: the source tree's).

.EXAMPLE
pwsh -NoProfile -File powershell/bench/Measure-UserSessionListing.ps1

Measures 5,000 sessions with the helper USERSESSION_PATH names.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 100000)]
    [int]$Sessions = 5000,

    [ValidateRange(1, 1000)]
    [int]$Runs = 7,

    [string]$ModulePath
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
if (-not $ModulePath) {
    $ModulePath = Join-Path -Path $root -ChildPath 'powershell/UserSession/UserSession.psd1'
}
$helper = $env:USERSESSION_PATH
if (-not $helper) {
    throw 'Set USERSESSION_PATH to a built helper (go build -o /tmp/usersession ./cmd/usersession).'
}

function Get-Median {
    param([double[]]$Values)
    $sorted = [double[]]($Values | Sort-Object)
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

# The fixture.
$builder = [System.Text.StringBuilder]::new()
$null = $builder.Append('{"computerName":"BENCH01","currentSessionId":1,"elevated":true,"now":"2026-11-24T10:00:00Z","sessions":[')
for ($i = 0; $i -lt $Sessions; $i++) {
    if ($i -gt 0) {
        $null = $builder.Append(',')
    }
    $state = 'Active'
    if ($i % 5 -eq 4) {
        $state = 'Disconnected'
    }
    $logon = [datetime]::new(2026, 11, 24, 10, 0, 0, [System.DateTimeKind]::Utc).AddMinutes(-($i % 600) - 60).ToString('yyyy-MM-ddTHH:mm:ssZ')
    $lastInput = [datetime]::new(2026, 11, 24, 10, 0, 0, [System.DateTimeKind]::Utc).AddSeconds(-($i % 3600)).ToString('yyyy-MM-ddTHH:mm:ssZ')
    $null = $builder.AppendFormat('{{"id":{0},"sessionName":"RDP-Tcp#{0}","userName":"user{0:D5}","domain":"CONTOSO","state":"{1}","clientName":"LAPTOP-{0:D5}","clientAddress":"10.0.{2}.{3}","protocol":"RDP","logonTime":"{4}","connectTime":"{4}","lastInputTime":"{5}","locked":{6}}}',
        ($i + 2), $state, (($i -shr 8) -band 255), ($i -band 255), $logon, $lastInput, ([string]($i % 7 -eq 0)).ToLowerInvariant())
}
$null = $builder.Append(']}')
$fixture = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('usersession-bench-' + [guid]::NewGuid().ToString('N') + '.json')
[System.IO.File]::WriteAllText($fixture, $builder.ToString())

try {
    # The floor: the helper alone.
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($helper, ('--simulate "{0}"' -f $fixture))
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $floor = [System.Collections.Generic.List[double]]::new()
    $length = 0
    try {
        for ($run = 0; $run -le $Runs; $run++) {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $process.StandardInput.WriteLine('{"jsonrpc":"2.0","id":' + $run + ',"method":"session.list","params":{}}')
            $process.StandardInput.Flush()
            $line = $process.StandardOutput.ReadLine()
            $watch.Stop()
            $length = $line.Length
            if ($run -gt 0) {
                $floor.Add($watch.Elapsed.TotalSeconds)
            }
        }
    } finally {
        $process.StandardInput.Close()
        $process.WaitForExit()
    }

    # The module, warm.
    $env:USERSESSION_SIMULATE = $fixture
    Import-Module -Name $ModulePath -Force
    $count = @(Get-UserSession).Count
    $module = [System.Collections.Generic.List[double]]::new()
    for ($run = 0; $run -lt $Runs; $run++) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $count = @(Get-UserSession).Count
        $watch.Stop()
        $module.Add($watch.Elapsed.TotalSeconds)
    }
    Remove-Module -Name UserSession

    $floorMedian = Get-Median -Values $floor.ToArray()
    $moduleMedian = Get-Median -Values $module.ToArray()
    '{0} sessions ({1:N0} bytes of JSON), median of {2} runs:' -f $count, $length, $Runs
    '  helper alone (session.list over its pipes): {0:N3} s' -f $floorMedian
    '  Get-UserSession, warm:                      {0:N3} s' -f $moduleMedian
    '  ratio: {0:N1}x' -f ($moduleMedian / $floorMedian)
} finally {
    Remove-Item -LiteralPath $fixture -ErrorAction SilentlyContinue
}
