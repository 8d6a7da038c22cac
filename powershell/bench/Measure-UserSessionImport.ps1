<#
.SYNOPSIS
Measures Import-Module UserSession and the first Get-UserSession in fresh PowerShell processes.

.DESCRIPTION
Starts -Runs new PowerShell processes for each module given (by default
the source tree's and the release's in dist/, which go run ./cmd/package
builds) and times, inside each, Import-Module and then the first
Get-UserSession (which starts the helper), against the demo fixture so the
machine's own sessions play no part. Prints the median and the spread of
each, and the ratio of the release to the source tree. Figures, not
assertions: the machines are shared.

.PARAMETER ModulePath
The module manifests to measure.

.PARAMETER Runs
Processes per manifest (default 20).

.PARAMETER PowerShell
The PowerShell to start (default: this one's executable, or
USERSESSION_TEST_PWSH).

.EXAMPLE
pwsh -NoProfile -File powershell/bench/Measure-UserSessionImport.ps1

Measures the source tree against the release in dist/.
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
    $ModulePath = @(
        (Join-Path -Path $root -ChildPath 'powershell/UserSession/UserSession.psd1')
        (Join-Path -Path $root -ChildPath 'dist/UserSession/UserSession.psd1')
    )
}
if (-not $PowerShell) {
    $PowerShell = $env:USERSESSION_TEST_PWSH
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

$results = @{}
foreach ($manifest in $ModulePath) {
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "$manifest does not exist (the release is built by: go run ./cmd/package)"
    }
    $dir = Split-Path -Path $manifest -Parent
    $savedPath = $env:USERSESSION_PATH
    if (Test-Path -LiteralPath (Join-Path -Path $dir -ChildPath 'bin')) {
        # The release finds its own helper.
        Remove-Item -Path Env:USERSESSION_PATH -ErrorAction SilentlyContinue
    }
    $import = New-Object -TypeName System.Collections.Generic.List[double]
    $first = New-Object -TypeName System.Collections.Generic.List[double]
    $script = "`$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module -Name '$manifest'; `$i = `$w.Elapsed.TotalMilliseconds; `$null = Get-UserSession; `$g = `$w.Elapsed.TotalMilliseconds - `$i; '{0:F1} {1:F1}' -f `$i, `$g"
    for ($run = 0; $run -lt $Runs; $run++) {
        $line = @(& $PowerShell -NoProfile -NonInteractive -Command $script)[-1]
        $parts = $line -split ' '
        $import.Add([double]::Parse($parts[0], [Globalization.CultureInfo]::InvariantCulture))
        $first.Add([double]::Parse($parts[1], [Globalization.CultureInfo]::InvariantCulture))
    }
    $env:USERSESSION_PATH = $savedPath
    $results[$manifest] = [pscustomobject]@{
        Manifest      = $manifest
        ImportMedian  = Get-Median -Values $import.ToArray()
        ImportMin     = ($import | Measure-Object -Minimum).Minimum
        ImportMax     = ($import | Measure-Object -Maximum).Maximum
        FirstMedian   = Get-Median -Values $first.ToArray()
    }
    '{0}: Import-Module median {1:F0} ms (min {2:F0}, max {3:F0}); first Get-UserSession median {4:F0} ms; {5} runs' -f $manifest, $results[$manifest].ImportMedian, $results[$manifest].ImportMin, $results[$manifest].ImportMax, $results[$manifest].FirstMedian, $Runs
}
if ($ModulePath.Count -eq 2) {
    $a = $results[$ModulePath[0]]
    $b = $results[$ModulePath[1]]
    'ratio (second / first): Import-Module {0:F2}x, first Get-UserSession {1:F2}x' -f ($b.ImportMedian / $a.ImportMedian), ($b.FirstMedian / $a.FirstMedian)
}
