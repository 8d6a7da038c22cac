<#
.SYNOPSIS
Lists the sessions of this computer (or of PSSessions' computers) and
writes one summary that fits what Intune or ConfigMgr keep of a script's
output.

.DESCRIPTION
For Intune (-Engine Intune): one line of at most 2,048 characters, the
length of script output Intune shows for remediation and platform scripts;
nothing on the error stream. For ConfigMgr Run Scripts (-Engine ConfigMgr):
compact JSON of at most 4,096 bytes, since Microsoft documents that Run
Scripts truncates output to 4 KB ("Create and run PowerShell scripts from
the Configuration Manager console", Script output); its console then shows
the JSON as JSON Output.

Sessions are listed in order of idle time, longest first; those that do
not fit are counted ("and 480 more"; "more": 480). A computer that could
not be asked is named with its error, never dropped. Exits 1 when any
computer failed or the module could not be loaded, 0 otherwise; with
-FailWhenFound also 1 when a session is listed (an Intune detection
script that triggers its remediation).

Runs as SYSTEM in 32-bit or 64-bit Windows PowerShell 5.1 and in
PowerShell 7.

.PARAMETER Engine
Intune or ConfigMgr: the shape of the summary.

.PARAMETER State
Only sessions in these states (as Get-UserSession -State).

.PARAMETER ComputerName
List these computers instead of this one; also one string with the names
separated by commas, as Intune and ConfigMgr pass parameters.

.PARAMETER PSSession
List the computers of these PowerShell remoting sessions instead of this
one (a script run from a management server).

.PARAMETER FailWhenFound
Exit 1 when at least one session is listed.

.PARAMETER ModulePath
Where the UserSession module is, when it is not on the module path.

.EXAMPLE
powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Write-UserSessionSummary.ps1 -Engine Intune -State Disconnected -FailWhenFound

An Intune detection script: one line naming the disconnected sessions,
exit 1 when there are any.

.EXAMPLE
.\Write-UserSessionSummary.ps1 -Engine ConfigMgr

A ConfigMgr Run Script: the sessions of each client as compact JSON.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [ValidateSet('Intune', 'ConfigMgr')]
    [string]$Engine,

    [ValidateNotNullOrEmpty()]
    [string[]]$State,

    [ValidateNotNullOrEmpty()]
    [string[]]$ComputerName,

    [System.Management.Automation.Runspaces.PSSession[]]$PSSession,

    [switch]$FailWhenFound,

    [string]$ModulePath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Writes the summary and ends the script with its exit code.
function Exit-Summary {
    param([object[]]$Sessions, [object[]]$Failures, [string]$Fatal)

    $sorted = @($Sessions | Sort-Object -Property @{ Expression = { if ($null -eq $_.IdleTime) { -1 } else { $_.IdleTime.TotalSeconds } } } -Descending)
    $code = 0
    if ($Fatal -or ($Failures.Count -gt 0) -or ($FailWhenFound -and $sorted.Count -gt 0)) {
        $code = 1
    }
    $hours = {
        param($s)
        if ($null -eq $s.IdleTime) { return $null }
        [Math]::Round($s.IdleTime.TotalHours, 1)
    }
    if ($Engine -eq 'Intune') {
        $limit = 2048
        $head = '{0} session(s)' -f $sorted.Count
        if ($Fatal) {
            $head = 'Failed: ' + $Fatal
        }
        $tail = ''
        if ($Failures.Count -gt 0) {
            $tail = '; {0} computer(s) failed: {1}' -f $Failures.Count, (($Failures | ForEach-Object { $_.Exception.Message }) -join ' | ')
        }
        $items = @($sorted | ForEach-Object {
                $name = $_.AccountName
                if (-not $name) { $name = $_.UserName }
                if (-not $name) { $name = 'nobody' }
                '{0} ({1} {2} {3}, {4} h)' -f $name, $_.ComputerName, $_.Id, $_.State, (& $hours $_)
            })
        $line = $head
        $shown = 0
        foreach ($item in $items) {
            $rest = $items.Count - $shown - 1
            $more = ''
            if ($rest -gt 0) { $more = ", and $rest more" }
            $sep = ': '
            if ($shown -gt 0) { $sep = ', ' }
            # Keep room for the "and N more" and the failures.
            if (($line + $sep + $item + $more + $tail).Length -gt $limit) {
                break
            }
            $line += $sep + $item
            $shown++
        }
        if ($shown -lt $items.Count) {
            $line += ', and {0} more' -f ($items.Count - $shown)
        }
        $line += $tail
        if ($line.Length -gt $limit) {
            $line = $line.Substring(0, $limit - 3) + '...'
        }
        [Console]::Out.WriteLine($line)
        exit $code
    }

    # ConfigMgr: compact JSON within 4 KB.
    $limit = 4096
    $summary = [ordered]@{ count = $sorted.Count; sessions = @(); more = 0; failures = @() }
    if ($Fatal) {
        $summary['error'] = $Fatal
    }
    foreach ($f in $Failures) {
        $summary.failures += , ([ordered]@{ computer = [string]$f.TargetObject; error = $f.Exception.Message })
    }
    $encode = { param($o) ConvertTo-Json -InputObject $o -Compress -Depth 4 }
    $bytes = { param($s) [System.Text.Encoding]::UTF8.GetByteCount($s) }
    $json = & $encode $summary
    # Failures first, always whole; a message too long for the limit is cut.
    while (((& $bytes $json) -gt $limit) -and ($summary.failures.Count -gt 0)) {
        foreach ($f in $summary.failures) {
            if ($f.error.Length -gt 80) { $f.error = $f.error.Substring(0, 77) + '...' }
        }
        $json = & $encode $summary
        if ((& $bytes $json) -gt $limit) {
            $summary.failures = @($summary.failures | Select-Object -First ($summary.failures.Count - 1))
            $summary['failuresNotShown'] = $Failures.Count - $summary.failures.Count
            $json = & $encode $summary
        }
    }
    $list = [System.Collections.Generic.List[object]]::new()
    foreach ($s in $sorted) {
        $entry = [ordered]@{ computer = $s.ComputerName; id = $s.Id; user = [string]$s.AccountName; state = [string]$s.State; idleHours = (& $hours $s) }
        $list.Add($entry)
        $summary.sessions = $list.ToArray()
        $summary.more = $sorted.Count - $list.Count
        $candidate = & $encode $summary
        if ((& $bytes $candidate) -gt $limit) {
            $list.RemoveAt($list.Count - 1)
            break
        }
    }
    $summary.sessions = $list.ToArray()
    $summary.more = $sorted.Count - $list.Count
    [Console]::Out.WriteLine((& $encode $summary))
    exit $code
}

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
    $query = @{}
    if ($State) {
        $query['State'] = $State
    }
    if ($PSSession) {
        $query['PSSession'] = $PSSession
    }
    if ($ComputerName) {
        # Intune and ConfigMgr pass parameters as strings: "SRV01,SRV02".
        $query['ComputerName'] = [string[]]@($ComputerName | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    }
    $failed = $null
    $sessions = @(Get-UserSession @query -ErrorAction SilentlyContinue -ErrorVariable failed)
    Exit-Summary -Sessions $sessions -Failures @($failed | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
} catch {
    Exit-Summary -Sessions @() -Failures @() -Fatal $_.Exception.Message
}
