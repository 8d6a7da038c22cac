<#
.SYNOPSIS
Intune detection script: would the reclaim policy sign out or disconnect anyone now?

.DESCRIPTION
Runs the reclaim policy as a dry run (Invoke-UserSessionReclaim -WhatIf:
it decides, warns and acts on nothing) and writes one summary line of at
most 2,048 characters, nothing on stderr. Exits 1 when the policy would
act on at least one session (Intune then runs the remediation script with
the same policy), 0 otherwise. A failure (module or helper missing, access
denied, another run in progress) also exits 1 with its reason on the line.

The dry run runs in a PowerShell of its own, so that the "What if:" lines
of -WhatIf do not reach Intune's output. Runs as SYSTEM in 32-bit or 64-bit
Windows PowerShell 5.1 and in PowerShell 7.

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
powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Intune-Detect-IdleSessions.ps1

Detection with the lab-PC defaults: 8 hours disconnected, 60 minutes idle,
5 minutes of warning.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 8760)]
    [int]$DisconnectedHours = 8,

    [ValidateRange(0, 10080)]
    [int]$IdleMinutes = 60,

    [ValidateRange(1, 60)]
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
    $module = $ModulePath
    if (-not $module) {
        $module = 'UserSession'
        if (-not (Get-Module -Name UserSession -ListAvailable)) {
            # 32-bit PowerShell sees C:\Program Files (x86) as $env:ProgramFiles.
            $programFiles = $env:ProgramW6432
            if (-not $programFiles) {
                $programFiles = $env:ProgramFiles
            }
            $module = Join-Path -Path $programFiles -ChildPath 'WindowsPowerShell\Modules\UserSession'
        }
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
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddCommand('Import-Module').AddParameter('Name', $module).AddParameter('ErrorAction', 'Stop')
        $null = $ps.AddStatement().AddCommand('Invoke-UserSessionReclaim').AddParameters($policy).AddParameter('WhatIf', $true)
        $decisions = @($ps.Invoke())
        if ($ps.Streams.Error.Count -gt 0) {
            throw $ps.Streams.Error[0].Exception
        }
    } finally {
        $ps.Dispose()
    }
    $due = @($decisions | Where-Object { $_.Decision -eq 'logoff' -or $_.Decision -eq 'disconnect' })
    if ($due.Count -gt 0) {
        $names = ($due | ForEach-Object { '{0} {1} (session {2}): {3}' -f $_.Decision, $_.UserName, $_.Id, $_.Reason }) -join '; '
        Write-Line "Reclaim due for $($due.Count) session(s): $names"
        exit 1
    }
    Write-Line "Nothing to reclaim ($($decisions.Count) session(s) checked)."
    exit 0
} catch {
    Write-Line "Detection failed: $($_.Exception.Message)"
    exit 1
}
