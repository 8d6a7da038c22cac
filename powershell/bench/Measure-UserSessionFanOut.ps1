<#
.SYNOPSIS
Measures Get-UserSession -ComputerName over many hosts that hang, against the helper alone.

.DESCRIPTION
Writes a simulator fixture of -Hosts remote hosts whose every call blocks
for a minute (hangMs), then, in this PowerShell, times:

- the floor: the helper alone, a fresh one per run, answering one
  session.list of every host with timeoutSeconds -TimeoutSeconds and
  throttleLimit -ThrottleLimit over its pipes (from writing the request to
  reading the answer line);
- the module: a fresh import (so a fresh helper, which remembers no host as
  stuck), then Get-UserSession -ComputerName (every host) -TimeoutSeconds
  -ThrottleLimit, from the call to its end (one error per host).

Each is run -Runs times, alternating; the medians and their ratio are
printed. A host that hangs costs its timeout plus the helper's grace of 2 s
for a call past its timeout, so the floor is about
ceil(Hosts / ThrottleLimit) * (TimeoutSeconds + 2) seconds. Figures, not
assertions: the machines are shared, and both are measured in the same run.

.PARAMETER Hosts
Hanging hosts (default 128).

.PARAMETER TimeoutSeconds
The per-host timeout (default 2).

.PARAMETER ThrottleLimit
Hosts asked at once, by the module and in the helper's request (default
32, the module's default).

.PARAMETER Runs
Timed runs of each (default 3).

.PARAMETER ModulePath
The module manifest to measure (default: the source tree's).

.EXAMPLE
USERSESSION_PATH=/tmp/usersession pwsh -NoProfile -File powershell/bench/Measure-UserSessionFanOut.ps1

Measures 128 hanging hosts, 32 at a time, with the helper USERSESSION_PATH
names (go build -o /tmp/usersession ./cmd/usersession).
.NOTES
Last figures (README, "Many hosts that hang"), 128 hosts, -TimeoutSeconds 2,
median of 3: -ThrottleLimit 32, the helper alone 16.05 s and Get-UserSession
16.48 s (1.03x); -ThrottleLimit 64, 8.05 s and 8.58 s (1.07x).
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 10000)]
    [int]$Hosts = 128,

    [ValidateRange(1, 3600)]
    [int]$TimeoutSeconds = 2,

    [ValidateRange(1, 1024)]
    [int]$ThrottleLimit = 32,

    [ValidateRange(1, 100)]
    [int]$Runs = 3,

    [string]$ModulePath
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
if (-not $ModulePath) {
    $ModulePath = Join-Path -Path $root -ChildPath 'powershell/UserSession/UserSession.psd1'
}
. (Join-Path -Path $PSScriptRoot -ChildPath 'BenchCommon.ps1')
$helper = Get-BenchHelper

$names = [string[]]@(for ($i = 1; $i -le $Hosts; $i++) { 'HANG{0:D4}' -f $i })
$hostTable = [ordered]@{}
foreach ($name in $names) {
    $hostTable[$name] = @{ hangMs = 60000; sessions = @() }
}
$fixture = [ordered]@{
    computerName     = 'BENCH01'
    currentSessionId = 1
    now              = '2026-11-24T12:00:00Z'
    sessions         = @(@{ id = 1; userName = 'admin'; state = 'Active' })
    hosts            = $hostTable
}
$fixturePath = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('usersession-fanout-' + [guid]::NewGuid().ToString('N') + '.json')
[System.IO.File]::WriteAllText($fixturePath, ($fixture | ConvertTo-Json -Depth 6))
$env:USERSESSION_SIMULATE = $fixturePath

$request = @{
    jsonrpc = '2.0'
    id      = 1
    method  = 'session.list'
    params  = @{ computerNames = $names; timeoutSeconds = $TimeoutSeconds; throttleLimit = $ThrottleLimit }
} | ConvertTo-Json -Depth 4 -Compress

function Measure-Helper {
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($helper, ('serve --simulate "{0}"' -f $fixturePath))
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $process.StandardInput.WriteLine($request)
        $process.StandardInput.Flush()
        $line = $process.StandardOutput.ReadLine()
        $seconds = $clock.Elapsed.TotalSeconds
        $failures = @(($line | ConvertFrom-Json).result.failures).Count
        if ($failures -ne $Hosts) {
            throw "the helper reported $failures failures, not $Hosts"
        }
        return $seconds
    } finally {
        $process.Kill()
        $process.WaitForExit()
    }
}

function Measure-Module {
    Import-Module -Name $ModulePath -Force
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $null = Get-UserSession -ComputerName $names -TimeoutSeconds $TimeoutSeconds -ThrottleLimit $ThrottleLimit -ErrorVariable failed -ErrorAction SilentlyContinue
    $seconds = $clock.Elapsed.TotalSeconds
    if ($failed.Count -ne $Hosts) {
        throw "the module wrote $($failed.Count) errors, not $Hosts"
    }
    return $seconds
}

try {
    $helperTimes = [System.Collections.Generic.List[double]]::new()
    $moduleTimes = [System.Collections.Generic.List[double]]::new()
    for ($run = 1; $run -le $Runs; $run++) {
        $helperTimes.Add((Measure-Helper))
        $moduleTimes.Add((Measure-Module))
        '{0}/{1}: helper alone {2:F2} s, module {3:F2} s' -f $run, $Runs, $helperTimes[-1], $moduleTimes[-1]
    }
    $floor = Get-Median -Values $helperTimes.ToArray()
    $module = Get-Median -Values $moduleTimes.ToArray()
    '{0} hanging hosts, -TimeoutSeconds {1}, -ThrottleLimit {2}, median of {3}: helper alone {4:F2} s, Get-UserSession {5:F2} s, ratio {6:F2}x' -f $Hosts, $TimeoutSeconds, $ThrottleLimit, $Runs, $floor, $module, ($module / $floor)
} finally {
    Remove-Module -Name UserSession -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $fixturePath -ErrorAction SilentlyContinue
}
