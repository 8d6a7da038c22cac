<#
.SYNOPSIS
Measures a fresh `Import-Module UserSession; Get-UserSession` against the floor of any PowerShell module that parses JSON.

.DESCRIPTION
Each of -Runs rounds starts new PowerShell processes, one after the
other: the floor, `pwsh -NoProfile -Command '$null = ConvertFrom-Json "{}"'`
(PowerShell's own start, Microsoft.PowerShell.Utility and its JSON parser,
which any module that reads JSON pays), and then, for each module given
(by default the release in dist/, which go run ./cmd/package builds),
`Import-Module <manifest>; Get-UserSession` against the demo fixture (so
the machine's own sessions play no part), the table printed as at a
prompt. Each process is timed from its start to its exit; the module's
processes also report, from inside, Import-Module and the first
Get-UserSession (which starts the helper). Prints the median (and the
spread) of each and the ratio of each module to the floor: both come from
the same rounds, so the load of a shared machine falls on both alike.
The order of a round turns by one each round, and each kind of process
has a cache directory of its own (XDG_CACHE_HOME, LOCALAPPDATA), filled
by one unmeasured run, where PowerShell keeps the profile of the methods
it compiled ahead at its next start: each kind is measured as it runs on
a machine that runs it over and over, not after the other. Figures, not
assertions.

.PARAMETER ModulePath
The module manifests to measure (default: the release's,
dist/UserSession/UserSession.psd1).

.PARAMETER Runs
Processes per manifest (default 20).

.PARAMETER Breakdown
Instead of the ratio, the median time of each stage of a fresh process
(wall-clock and processor time, in milliseconds), for the first module of
-ModulePath: the floor's own work first, so that what follows is the
module's.

.PARAMETER PowerShell
The PowerShell to start (default: USERSESSION_TEST_PWSH, else pwsh on
PATH, else this one's executable).

.EXAMPLE
go run ./cmd/package; pwsh -NoProfile -File powershell/bench/Measure-UserSessionImport.ps1

Measures the release against the floor: 20 rounds.

.EXAMPLE
pwsh -NoProfile -File powershell/bench/Measure-UserSessionImport.ps1 -ModulePath dist/UserSession/UserSession.psd1, powershell/UserSession/UserSession.psd1 -Runs 10

The release and the source tree (which needs USERSESSION_PATH to name a
built helper), each against the same floor.

.EXAMPLE
pwsh -NoProfile -File powershell/bench/Measure-UserSessionImport.ps1 -Breakdown -Runs 10

Where the time goes, stage by stage, in fresh processes: what the floor
pays (Microsoft.PowerShell.Utility and ConvertFrom-Json), Import-Module,
the helper's start with its server.info, the first Get-UserSession, the
table, and a second Get-UserSession for comparison.
.NOTES
Last figures (README, "From PowerShell"): with -Runs 30 on the shared
2-vCPU machine, quiet (load 1 to 1.8), the floor took a median of 673 ms
and the release's Import-Module; Get-UserSession 1,267 ms: 1.88x (the goal
is 1.3x; main before the change, in the same rounds, 1,352 ms: 2.01x; a
20-round run just before gave both 1.92x). -Breakdown, same hour, wall /
processor ms: the floor's own work 153 / 226, Import-Module 154 / 286, the
helper's start with server.info 204 / 337, the first Get-UserSession
121 / 133, the table 26 / 26 (a second Get-UserSession 9 / 13).
#>
[CmdletBinding()]
param(
    [string[]]$ModulePath,

    [ValidateRange(1, 1000)]
    [int]$Runs = 20,

    [string]$PowerShell,

    [switch]$Breakdown
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
if (-not $ModulePath) {
    $ModulePath = @(Join-Path -Path $root -ChildPath 'dist/UserSession/UserSession.psd1')
}
if (-not $PowerShell) {
    $PowerShell = $env:USERSESSION_TEST_PWSH
}
if (-not $PowerShell) {
    # pwsh on PATH: where PowerShell runs as a .NET tool, this process's
    # own executable is dotnet.
    $PowerShell = @(Get-Command -Name 'pwsh' -CommandType Application -ErrorAction SilentlyContinue)[0].Source
}
if (-not $PowerShell) {
    $PowerShell = (Get-Process -Id $PID).Path
}
$env:USERSESSION_SIMULATE = Join-Path -Path $root -ChildPath 'cmd/usersession/demo.json'

. (Join-Path -Path $PSScriptRoot -ChildPath 'BenchCommon.ps1')

# PowerShell keeps a profile of the methods each run compiled
# (StartupProfileData-NonInteractive, in $XDG_CACHE_HOME/powershell, or
# %LOCALAPPDATA%\Microsoft\PowerShell on Windows) and compiles them ahead
# in the next run: a process that follows one of another kind is slower
# (the release started right after the floor was about 15% slower than
# after another release's run). Each kind of process (the floor, each
# manifest) has a cache directory of its own, and one unmeasured run to
# fill it: each is measured as on a machine that runs it over and over.
$caches = [System.Collections.Generic.List[string]]::new()
function New-BenchCache {
    $path = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('usersession-bench-cache-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $path
    $caches.Add($path)
    $path
}
# Runs one fresh PowerShell with -Cache as its cache directory; returns its
# output lines.
function Invoke-BenchPowerShell {
    param([string]$Cache, [string]$Command)
    $saved = $env:XDG_CACHE_HOME, $env:LOCALAPPDATA
    try {
        $env:XDG_CACHE_HOME = $Cache
        $env:LOCALAPPDATA = $Cache
        @(& $PowerShell -NoProfile -NonInteractive -Command $Command)
    } finally {
        $env:XDG_CACHE_HOME, $env:LOCALAPPDATA = $saved
    }
}

if ($Breakdown) {
    $manifest = (Resolve-Path -LiteralPath $ModulePath[0]).Path
    if (Test-Path -LiteralPath (Join-Path -Path (Split-Path -Path $manifest -Parent) -ChildPath 'bin')) {
        Remove-Item -Path Env:USERSESSION_PATH -ErrorAction SilentlyContinue
    }
    # Stage name, then the script that runs it; each is timed on its own.
    $stages = [ordered]@{
        'the floor''s work: Microsoft.PowerShell.Utility, ConvertFrom-Json' = '$null = ConvertFrom-Json "{}"'
        'Import-Module'                                                    = "Import-Module -Name '$manifest'"
        'helper start and server.info (Initialize-UserSessionHelper)'      = '& (Get-Module -Name UserSession) { Initialize-UserSessionHelper }'
        'first Get-UserSession (helper running)'                           = '$sessions = Get-UserSession'
        'the table (Out-Default)'                                          = '$sessions | Out-Default'
        'second Get-UserSession, for comparison'                           = '$null = Get-UserSession'
    }
    $stageScript = New-Object -TypeName System.Text.StringBuilder
    $null = $stageScript.AppendLine('$process = [Diagnostics.Process]::GetCurrentProcess(); $clock = [Diagnostics.Stopwatch]::StartNew(); $times = @()')
    foreach ($name in $stages.Keys) {
        $null = $stageScript.AppendLine('$process.Refresh(); $cpu = $process.TotalProcessorTime.TotalMilliseconds; $clock.Restart()')
        $null = $stageScript.AppendLine($stages[$name])
        $null = $stageScript.AppendLine('$wall = $clock.Elapsed.TotalMilliseconds; $process.Refresh(); $times += (''{0:F1}/{1:F1}'' -f $wall, ($process.TotalProcessorTime.TotalMilliseconds - $cpu))')
    }
    $null = $stageScript.AppendLine('''STAGES '' + ($times -join '' '')')
    $wallTimes = @{}
    $cpuTimes = @{}
    foreach ($name in $stages.Keys) {
        $wallTimes[$name] = New-Object -TypeName System.Collections.Generic.List[double]
        $cpuTimes[$name] = New-Object -TypeName System.Collections.Generic.List[double]
    }
    $cache = New-BenchCache
    $null = Invoke-BenchPowerShell -Cache $cache -Command $stageScript.ToString()
    for ($run = 0; $run -lt $Runs; $run++) {
        $lines = Invoke-BenchPowerShell -Cache $cache -Command $stageScript.ToString()
        $line = @($lines | Where-Object { $_ -like 'STAGES *' })
        if ($line.Count -ne 1) {
            throw "no timing in the output: $($lines -join [Environment]::NewLine)"
        }
        $values = @($line[0].Substring(7) -split ' ')
        $i = 0
        foreach ($name in $stages.Keys) {
            $pair = $values[$i] -split '/'
            $wallTimes[$name].Add([double]::Parse($pair[0], [Globalization.CultureInfo]::InvariantCulture))
            $cpuTimes[$name].Add([double]::Parse($pair[1], [Globalization.CultureInfo]::InvariantCulture))
            $i++
        }
    }
    "$manifest, median of $Runs fresh processes (wall ms / processor ms, all threads):"
    foreach ($name in $stages.Keys) {
        '  {0,-68} {1,6:F0} / {2,4:F0}' -f $name, (Get-Median -Values $wallTimes[$name].ToArray()), (Get-Median -Values $cpuTimes[$name].ToArray())
    }
    Remove-Item -LiteralPath $caches -Recurse -Force -ErrorAction SilentlyContinue
    return
}

# Each run starts the floor and one process per manifest, so that the
# load of a shared machine falls on all of them alike, in an order that
# turns by one each run.
$floorScript = '$null = ConvertFrom-Json "{}"'
$moduleScript = @'
$w = [Diagnostics.Stopwatch]::StartNew()
Import-Module -Name '{0}'
$i = $w.Elapsed.TotalMilliseconds
Get-UserSession | Out-Default
$g = $w.Elapsed.TotalMilliseconds - $i
'SPLIT {{0:F1}} {{1:F1}}' -f $i, $g
'@
$floor = New-Object -TypeName System.Collections.Generic.List[double]
$results = [ordered]@{}
foreach ($given in $ModulePath) {
    if (-not (Test-Path -LiteralPath $given)) {
        throw "$given does not exist (the release is built by: go run ./cmd/package)"
    }
    $manifest = (Resolve-Path -LiteralPath $given).Path
    $results[$manifest] = [pscustomobject]@{
        Manifest = $manifest
        Cache    = New-BenchCache
        Import   = New-Object -TypeName System.Collections.Generic.List[double]
        First    = New-Object -TypeName System.Collections.Generic.List[double]
        Total    = New-Object -TypeName System.Collections.Generic.List[double]
    }
}
$invariant = [Globalization.CultureInfo]::InvariantCulture
$savedPath = $env:USERSESSION_PATH
$floorCache = New-BenchCache
try {
    # $null stands for the floor. Run -1 fills the caches, unmeasured.
    $order = @($null) + @($results.Values)
    for ($run = -1; $run -lt $Runs; $run++) {
        for ($slot = 0; $slot -lt $order.Count; $slot++) {
            $entry = $order[($run + 1 + $slot) % $order.Count]
            if ($null -eq $entry) {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $null = Invoke-BenchPowerShell -Cache $floorCache -Command $floorScript
                if ($run -ge 0) {
                    $floor.Add($clock.Elapsed.TotalMilliseconds)
                }
                continue
            }
            $dir = Split-Path -Path $entry.Manifest -Parent
            $env:USERSESSION_PATH = $savedPath
            if (Test-Path -LiteralPath (Join-Path -Path $dir -ChildPath 'bin')) {
                # The release finds its own helper.
                Remove-Item -Path Env:USERSESSION_PATH -ErrorAction SilentlyContinue
            }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $lines = Invoke-BenchPowerShell -Cache $entry.Cache -Command ($moduleScript -f $entry.Manifest)
            $elapsed = $clock.Elapsed.TotalMilliseconds
            if ($run -lt 0) {
                continue
            }
            $entry.Total.Add($elapsed)
            $split = @($lines | Where-Object { $_ -like 'SPLIT *' })
            if ($split.Count -ne 1) {
                throw "$($entry.Manifest): no timing in the output: $($lines -join [Environment]::NewLine)"
            }
            $parts = $split[0] -split ' '
            $entry.Import.Add([double]::Parse($parts[1], $invariant))
            $entry.First.Add([double]::Parse($parts[2], $invariant))
        }
    }
} finally {
    $env:USERSESSION_PATH = $savedPath
    Remove-Item -LiteralPath $caches -Recurse -Force -ErrorAction SilentlyContinue
}

$floorMedian = Get-Median -Values $floor.ToArray()
'floor, pwsh -Command ''{0}'': median {1:F0} ms (min {2:F0}, max {3:F0}); {4} runs' -f $floorScript, $floorMedian, ($floor | Measure-Object -Minimum).Minimum, ($floor | Measure-Object -Maximum).Maximum, $Runs
foreach ($entry in $results.Values) {
    $total = Get-Median -Values $entry.Total.ToArray()
    '{0}: Import-Module; Get-UserSession median {1:F0} ms (min {2:F0}, max {3:F0}), {4:F2}x the floor; inside: Import-Module {5:F0} ms, first Get-UserSession (starts the helper, prints the table) {6:F0} ms' -f $entry.Manifest, $total, ($entry.Total | Measure-Object -Minimum).Minimum, ($entry.Total | Measure-Object -Maximum).Maximum, ($total / $floorMedian), (Get-Median -Values $entry.Import.ToArray()), (Get-Median -Values $entry.First.ToArray())
}
