<#
.SYNOPSIS
Intune remediation script: runs the reclaim policy.

.DESCRIPTION
Runs the reclaim policy once without a prompt (Invoke-UserSessionReclaim
-Force: Intune has nobody to answer one): signs out the sessions
disconnected for -DisconnectedHours, warns the sessions idle for
-IdleMinutes and signs them out -WarnMinutes later unless they are used.
Your own session, session 0, listeners and -Exclude users are never chosen;
time the PC slept is not idle time; a session that cannot see the warning
is disconnected at most. Writes one summary line of at most 2,048
characters, nothing on stderr; exits 0 when every action succeeded, 1
otherwise.

Intune gives a remediation script 30 minutes; -WarnMinutes plus the
helper's timeouts stays well inside that. Pair it with
Intune-Detect-IdleSessions.ps1 and the same parameters.

.PARAMETER DisconnectedHours
Sessions disconnected for this many hours are signed out.

.PARAMETER IdleMinutes
Active sessions without input for this many minutes are warned and then
signed out; 0 leaves active sessions alone.

.PARAMETER WarnMinutes
How long a warned session has to come back.

.PARAMETER Exclude
Users never chosen (user or DOMAIN\user, wildcards allowed).

.PARAMETER ModulePath
Where the UserSession module is, when it is not on the module path or in
the 64-bit Program Files module folder.

.EXAMPLE
powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Intune-Remediate-IdleSessions.ps1 -Exclude 'LAB\kiosk'

Runs the lab-PC policy, never touching LAB\kiosk.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 8760)]
    [int]$DisconnectedHours = 8,

    [ValidateRange(0, 10080)]
    [int]$IdleMinutes = 60,

    [ValidateRange(1, 20)]
    [int]$WarnMinutes = 5,

    [string[]]$Exclude,

    [string]$ModulePath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Write-Line([string]$Text) {
    if ($Text.Length -gt 2048) {
        $Text = $Text.Substring(0, 2045) + '...'
    }
    Write-Output $Text
}

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
    $policy = @{ DisconnectedFor = [TimeSpan]::FromHours($DisconnectedHours); Reason = 'Intune reclaim policy' }
    if ($IdleMinutes -gt 0) {
        $policy['IdleFor'] = [TimeSpan]::FromMinutes($IdleMinutes)
        $policy['IdleAction'] = 'Logoff'
        $policy['WarnFor'] = [TimeSpan]::FromMinutes($WarnMinutes)
    }
    if ($Exclude) {
        $policy['Exclude'] = $Exclude
    }
    $failures = $null
    $decisions = @(Invoke-UserSessionReclaim @policy -Force -ErrorAction SilentlyContinue -ErrorVariable failures)
    $acted = @($decisions | Where-Object { $_.Decision -eq 'logoff' -or $_.Decision -eq 'disconnect' })
    $back = @($decisions | Where-Object { $_.Decision -eq 'cancelled' })
    $line = "Reclaimed $(@($acted | Where-Object { $null -eq $_.Error }).Count) of $($acted.Count) session(s)"
    if ($acted.Count -gt 0) {
        $line += ': ' + (($acted | ForEach-Object { '{0} {1} (session {2})' -f $_.Decision, $_.UserName, $_.Id }) -join ', ')
    }
    if ($back.Count -gt 0) {
        $line += "; $($back.Count) came back after the warning"
    }
    if ($failures.Count -gt 0) {
        Write-Line "$line; $($failures.Count) failed: $($failures[0].Exception.Message)"
        exit 1
    }
    Write-Line "$line."
    exit 0
} catch {
    Write-Line "Remediation failed: $($_.Exception.Message)"
    exit 1
}
