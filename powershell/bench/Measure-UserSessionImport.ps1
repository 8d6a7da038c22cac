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
Figures, not assertions.

.PARAMETER ModulePath
The module manifests to measure (default: the release's,
dist/UserSession/UserSession.psd1).

.PARAMETER Runs
Processes per manifest (default 20).

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
#>
[CmdletBinding()]
param(
    [string[]]$ModulePath,

    [ValidateRange(1, 1000)]
    [int]$Runs = 20,

    [string]$PowerShell
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

function Get-Median {
    param([double[]]$Values)
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) {
        return $sorted[($n - 1) / 2]
    }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

# Each run starts the floor and then one process per manifest, so that
# the load of a shared machine falls on all of them alike.
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
        Import   = New-Object -TypeName System.Collections.Generic.List[double]
        First    = New-Object -TypeName System.Collections.Generic.List[double]
        Total    = New-Object -TypeName System.Collections.Generic.List[double]
    }
}
$invariant = [Globalization.CultureInfo]::InvariantCulture
$savedPath = $env:USERSESSION_PATH
try {
    for ($run = 0; $run -lt $Runs; $run++) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = & $PowerShell -NoProfile -NonInteractive -Command $floorScript
        $floor.Add($clock.Elapsed.TotalMilliseconds)
        foreach ($entry in $results.Values) {
            $dir = Split-Path -Path $entry.Manifest -Parent
            $env:USERSESSION_PATH = $savedPath
            if (Test-Path -LiteralPath (Join-Path -Path $dir -ChildPath 'bin')) {
                # The release finds its own helper.
                Remove-Item -Path Env:USERSESSION_PATH -ErrorAction SilentlyContinue
            }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $lines = @(& $PowerShell -NoProfile -NonInteractive -Command ($moduleScript -f $entry.Manifest))
            $entry.Total.Add($clock.Elapsed.TotalMilliseconds)
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
}

$floorMedian = Get-Median -Values $floor.ToArray()
'floor, pwsh -Command ''{0}'': median {1:F0} ms (min {2:F0}, max {3:F0}); {4} runs' -f $floorScript, $floorMedian, ($floor | Measure-Object -Minimum).Minimum, ($floor | Measure-Object -Maximum).Maximum, $Runs
foreach ($entry in $results.Values) {
    $total = Get-Median -Values $entry.Total.ToArray()
    '{0}: Import-Module; Get-UserSession median {1:F0} ms (min {2:F0}, max {3:F0}), {4:F2}x the floor; inside: Import-Module {5:F0} ms, first Get-UserSession (starts the helper, prints the table) {6:F0} ms' -f $entry.Manifest, $total, ($entry.Total | Measure-Object -Minimum).Minimum, ($entry.Total | Measure-Object -Maximum).Maximum, ($total / $floorMedian), (Get-Median -Values $entry.Import.ToArray()), (Get-Median -Values $entry.First.ToArray())
}
