function Find-UserSessionRemoteTarget {
    <#
    .SYNOPSIS
    Looks up sessions named by -Id on the computer of a PSSession.
    .DESCRIPTION
    One session.list through the PSSession (Invoke-UserSessionRemote),
    so that the prompt and -WhatIf name who would be hit and the action
    carries whom it expects. Writes an error through the calling command
    for an id that is not there or when the computer did not answer;
    returns a target (Id, ComputerName, Session, PSSession) per id found.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        [Parameter(Mandatory = $true)]
        [int[]]$Id,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Runspaces.PSSession]$PSSession,

        [switch]$ComputerNameGiven,

        [double]$HelperSeconds = $script:HelperDefaultSeconds
    )

    if ($ComputerNameGiven) {
        throw (New-UserSessionArgumentError -Message 'Give -ComputerName or -PSSession, not both.' -Reason 'InvalidInput' -TargetObject $PSSession)
    }
    $unique = [int[]]@($Id | Sort-Object -Unique)
    $found = @{}
    $batch = [pscustomobject]@{ Session = $PSSession; Requests = @(@{ method = 'session.list'; params = @{ ids = $unique } }) }
    $answered = $false
    Invoke-UserSessionRemote -Batch @($batch) -TimeoutSeconds $HelperSeconds |
        Receive-UserSessionRemoteResult -Cmdlet $Cmdlet |
        ForEach-Object {
            $answered = $true
            foreach ($wire in $_.Result.sessions) {
                $found[[int]$wire.id] = ConvertTo-UserSessionRemoteSession -Session (ConvertFrom-UserSessionWireSession -Wire $wire -Remote) -PSSession $PSSession
            }
        }
    if (-not $answered) {
        return
    }
    foreach ($sessionId in $unique) {
        if (-not $found.ContainsKey($sessionId)) {
            $notFound = [pscustomobject]@{ code = -32002; message = "no such session (session $sessionId on $($PSSession.ComputerName))" }
            $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $notFound -TargetObject $sessionId))
            continue
        }
        [pscustomobject]@{ Id = $sessionId; ComputerName = $PSSession.ComputerName; Session = $found[$sessionId]; PSSession = $PSSession }
    }
}
