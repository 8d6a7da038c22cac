<#
.SYNOPSIS
Intune detection script: are there sessions disconnected for longer than
-Hours?

.DESCRIPTION
Writes one summary line and exits 1 when at least one session has been
disconnected for longer than -Hours (Intune then runs the remediation
script), 0 otherwise. A failure (module or helper missing, access denied)
also exits 1, with the reason on the summary line, so it shows in the
Intune report instead of passing silently.

Runs as SYSTEM in 32-bit or 64-bit Windows PowerShell 5.1 and in
PowerShell 7. The UserSession module is loaded from the PowerShell module
path or, failing that, from the 64-bit Program Files module folder, which a
32-bit PowerShell does not have on its module path.

.PARAMETER Hours
Sessions disconnected for longer than this many hours are reported.

.PARAMETER ModulePath
Where the UserSession module is, when it is in neither place above.

.EXAMPLE
powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Intune-Detect-DisconnectedSessions.ps1

Detection with the default limit of 8 hours.
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
        # 32-bit PowerShell sees C:\Program Files (x86) as $env:ProgramFiles.
        $programFiles = $env:ProgramW6432
        if (-not $programFiles) {
            $programFiles = $env:ProgramFiles
        }
        Import-Module -Name (Join-Path -Path $programFiles -ChildPath 'WindowsPowerShell\Modules\UserSession')
    }

    $limit = [TimeSpan]::FromHours($Hours)
    $stale = @(Get-UserSession -State Disconnected |
            Where-Object { $_.UserName -and ($null -ne $_.IdleTime) -and ($_.IdleTime -gt $limit) })

    if ($stale.Count -gt 0) {
        $names = ($stale | ForEach-Object { '{0} (session {1}, {2:N1} h)' -f $_.UserName, $_.Id, $_.IdleTime.TotalHours }) -join ', '
        Write-Output "Found $($stale.Count) session(s) disconnected for more than $Hours h: $names"
        exit 1
    }
    Write-Output "No session disconnected for more than $Hours h."
    exit 0
} catch {
    Write-Output "Detection failed: $($_.Exception.Message)"
    exit 1
}
