function Get-UserSessionFromPSSession {
    <#
    .SYNOPSIS
    Lists the sessions of the targets of PSSessions (Get-UserSession -PSSession).
    .DESCRIPTION
    One session.list per PSSession (each once, however often given), sent to
    the helper on the target (Invoke-UserSessionRemote). The objects are
    built here, as for the local helper, and carry the PSSession's
    ComputerName and the PSSession itself (PSSession), so that
    Disconnect-UserSession, Send-UserSessionMessage and
    Get-UserSessionProcess send them back through it. A target that fails
    is one error naming it; the others are listed.
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Session')]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Runspaces.PSSession[]]$PSSession,

        [Parameter(Mandatory = $true)]
        [hashtable]$Params,

        [double]$HelperSeconds = $script:HelperDefaultSeconds,

        [int]$ThrottleLimit = 32,

        [switch]$Resources
    )

    $batches = [System.Collections.Generic.List[object]]::new()
    foreach ($session in (Select-UserSessionPSSession -PSSession $PSSession)) {
        $batches.Add([pscustomobject]@{ Session = $session; Requests = @(@{ method = 'session.list'; params = $Params }) })
    }
    $total = $batches.Count
    $done = 0
    $activity = 'Querying user sessions through PSSessions'
    try {
        Invoke-UserSessionRemote -Batch $batches.ToArray() -TimeoutSeconds $HelperSeconds -ThrottleLimit $ThrottleLimit |
            ForEach-Object {
                $done++
                if ($total -gt 1) {
                    Write-Progress -Activity $activity -Status "$done of $total computers answered (last: $($_.ComputerName))" -PercentComplete ([int](100 * $done / $total))
                }
                $_
            } |
            Receive-UserSessionRemoteResult -Cmdlet $Cmdlet |
            ForEach-Object {
                foreach ($wire in $_.Result.sessions) {
                    ConvertTo-UserSessionRemoteSession -Session (ConvertFrom-UserSessionWireSession -Wire $wire -Remote -Resources:$Resources) -PSSession $_.Session
                }
            }
    } finally {
        if ($total -gt 1) {
            Write-Progress -Activity $activity -Completed
        }
    }
}
