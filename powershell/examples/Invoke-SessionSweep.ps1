<#
.SYNOPSIS
Sweeps many servers: lists their sessions, reports the servers that could
not be queried, and optionally signs out stale disconnected sessions.

.DESCRIPTION
Queries every server in parallel (Get-UserSession shows the progress),
writes the sessions found, and a warning per server that could not be
queried, with the reason (unreachable, access denied, timed out). With
-Logoff, the sessions disconnected for longer than -IdleHours are signed
out; -WhatIf shows which without touching them. With -CsvPath the sessions
are also written to a CSV file.

.PARAMETER ComputerName
The servers to sweep.

.PARAMETER Path
A text file with one server name per line, instead of -ComputerName.

.PARAMETER IdleHours
With -Logoff: sign out sessions disconnected for longer than this.

.PARAMETER Logoff
Sign out the stale disconnected sessions.

.PARAMETER TimeoutSeconds
How long to wait for each server.

.PARAMETER CsvPath
Also write the sessions to this CSV file.

.EXAMPLE
.\Invoke-SessionSweep.ps1 -Path .\servers.txt | Format-Table

Lists the sessions of every server in servers.txt.

.EXAMPLE
.\Invoke-SessionSweep.ps1 -ComputerName RDS01, RDS02, RDS03 -Logoff -IdleHours 24 -WhatIf

Shows which sessions disconnected for more than a day would be signed out.

.EXAMPLE
Get-ADComputer -Filter 'Name -like "RDS*"' | Select-Object -ExpandProperty DNSHostName | .\Invoke-SessionSweep.ps1 -CsvPath .\sessions.csv

Sweeps the RDS servers of the domain and keeps a CSV report.
#>
[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', DefaultParameterSetName = 'Names')]
param(
    [Parameter(Mandatory = $true, ParameterSetName = 'Names', ValueFromPipeline = $true)]
    [string[]]$ComputerName,

    [Parameter(Mandatory = $true, ParameterSetName = 'File')]
    [string]$Path,

    [ValidateRange(1, 8760)]
    [int]$IdleHours = 8,

    [switch]$Logoff,

    [ValidateRange(1, 3600)]
    [int]$TimeoutSeconds = 15,

    [string]$CsvPath
)

begin {
    if (-not (Get-Module -Name UserSession)) {
        Import-Module -Name UserSession -ErrorAction Stop
    }
    $names = New-Object -TypeName System.Collections.Generic.List[string]
}

process {
    foreach ($name in $ComputerName) {
        $names.Add($name)
    }
}

end {
    if ($PSCmdlet.ParameterSetName -eq 'File') {
        foreach ($line in Get-Content -Path $Path) {
            $trimmed = $line.Trim()
            if ($trimmed -and -not $trimmed.StartsWith('#')) {
                $names.Add($trimmed)
            }
        }
    }

    $failed = $null
    $sessions = @(Get-UserSession -ComputerName $names.ToArray() -TimeoutSeconds $TimeoutSeconds -ErrorAction SilentlyContinue -ErrorVariable failed)
    foreach ($record in $failed) {
        Write-Warning -Message ('{0}: {1} ({2})' -f $record.TargetObject, $record.Exception.Message, $record.CategoryInfo.Category)
    }
    $answered = @($sessions | Select-Object -ExpandProperty ComputerName -Unique).Count
    Write-Verbose -Message "$($names.Count) server(s): $($sessions.Count) session(s) on $answered server(s), $(@($failed).Count) failure(s)."

    if ($CsvPath) {
        $idleMinutes = @{
            Name       = 'IdleMinutes'
            Expression = { if ($null -ne $_.IdleTime) { [int]$_.IdleTime.TotalMinutes } }
        }
        $columns = @('ComputerName', 'UserName', 'Domain', 'Id', 'SessionName', 'State', $idleMinutes, 'LogonTime', 'ClientName', 'ClientAddress')
        $sessions | Select-Object -Property $columns | Export-Csv -Path $CsvPath -NoTypeInformation -Encoding UTF8
    }

    if ($Logoff) {
        $limit = [TimeSpan]::FromHours($IdleHours)
        $stale = @($sessions | Where-Object { $_.State -eq 'Disconnected' -and $_.UserName -and ($null -ne $_.IdleTime) -and ($_.IdleTime -gt $limit) })
        foreach ($session in $stale) {
            $target = 'session {0} ({1}) on {2}, disconnected for {3:N1} h' -f $session.Id, $session.UserName, $session.ComputerName, $session.IdleTime.TotalHours
            if ($PSCmdlet.ShouldProcess($target, 'Sign out')) {
                $session | Disconnect-UserSession -Logoff -Force -PassThru
            }
        }
    } else {
        $sessions
    }
}
