<#
.SYNOPSIS
Intune remediation script: signs out the sessions disconnected for longer
than -Hours.

.DESCRIPTION
Signs out, with -Force (no prompt: Intune runs scripts without a console
to answer one), every session that has been disconnected for longer than
-Hours, and writes one summary line. Exits 0 when every such session was
signed out, 1 when any could not be.

Pair it with Intune-Detect-DisconnectedSessions.ps1 and the same -Hours.
Runs as SYSTEM in 32-bit or 64-bit Windows PowerShell 5.1 and in
PowerShell 7.

.PARAMETER Hours
Sessions disconnected for longer than this many hours are signed out.

.PARAMETER ModulePath
Where the UserSession module is, when it is not on the module path or in
the 64-bit Program Files module folder.

.EXAMPLE
powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Intune-Remediate-DisconnectedSessions.ps1 -Hours 12

Signs out the sessions disconnected for more than 12 hours.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 8760)]
    [int]$Hours = 8,

    [string]$ModulePath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

try {
    if ($ModulePath) {
        Import-Module -Name $ModulePath
    } elseif (Get-Module -Name UserSession -ListAvailable) {
        Import-Module -Name UserSession
    } else {
        $programFiles = $env:ProgramW6432
        if (-not $programFiles) {
            $programFiles = $env:ProgramFiles
        }
        Import-Module -Name (Join-Path -Path $programFiles -ChildPath 'WindowsPowerShell\Modules\UserSession')
    }

    $limit = [TimeSpan]::FromHours($Hours)
    $stale = @(Get-UserSession -State Disconnected |
            Where-Object { $_.UserName -and ($null -ne $_.IdleTime) -and ($_.IdleTime -gt $limit) })
    if ($stale.Count -eq 0) {
        Write-Output "Nothing to do: no session disconnected for more than $Hours h."
        exit 0
    }

    $failures = $null
    $done = @($stale | Disconnect-UserSession -Logoff -Force -Wait -PassThru -ErrorAction SilentlyContinue -ErrorVariable failures)
    $names = ($done | ForEach-Object {
            $id = $_.Id
            ($stale | Where-Object { $_.Id -eq $id } | Select-Object -First 1).UserName
        }) -join ', '
    $line = "Signed out $($done.Count) of $($stale.Count) session(s) disconnected for more than $Hours h"
    if ($names) {
        $line += ": $names"
    }
    if ($failures.Count -gt 0) {
        Write-Output "$line; $($failures.Count) failed: $($failures[0].Exception.Message)"
        exit 1
    }
    Write-Output "$line."
    exit 0
} catch {
    Write-Output "Remediation failed: $($_.Exception.Message)"
    exit 1
}
