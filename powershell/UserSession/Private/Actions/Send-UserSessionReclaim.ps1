function Send-UserSessionReclaim {
    <#
    .SYNOPSIS
    Runs session.reclaim on the local helper or on the helper of each target of PSSessions.
    .DESCRIPTION
    Each run names a PSSession ($null for the local helper) and its
    params. The local run's error ends the command (it is thrown); a
    target's is one error naming it, written through -Cmdlet, while the
    others run (at most -ThrottleLimit at once, each within -HelperSeconds
    plus the transport's margin). Runs through PSSessions carry who asks
    (Get-UserSessionCaller), so the target never chooses the caller's own
    session and its audit records name the caller. Hosts a run could not
    list are one error each. Returns, per run that answered, Session (the
    PSSession or $null) and Result (session.reclaim's result).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        # Objects with Session (a PSSession, or $null) and Params.
        [Parameter(Mandatory = $true)]
        [object[]]$Run,

        [Parameter(Mandatory = $true)]
        [double]$HelperSeconds,

        [int]$ThrottleLimit = 32
    )

    $writeFailures = {
        param($Result, $Prefix)
        foreach ($failure in $Result.failures) {
            $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $failure -TargetObject $failure.computerName -Prefix "$Prefix$($failure.computerName): "))
        }
    }
    $batches = [System.Collections.Generic.List[object]]::new()
    $caller = $null
    foreach ($r in $Run) {
        if ($null -eq $r.Session) {
            $response = Invoke-UserSessionRpc -Method 'session.reclaim' -Params $r.Params -HelperSeconds $HelperSeconds -Target 'the reclaim run'
            if ($null -ne $response.error) {
                throw (New-UserSessionErrorRecord -RpcError $response.error -TargetObject 'reclaim')
            }
            & $writeFailures $response.result ''
            [pscustomobject]@{ Session = $null; Result = $response.result }
            continue
        }
        if ($null -eq $caller) {
            $caller = Get-UserSessionCaller
        }
        $params = [ordered]@{}
        foreach ($k in $r.Params.Keys) {
            $params[$k] = $r.Params[$k]
        }
        $params['caller'] = $caller
        $batches.Add([pscustomobject]@{ Session = $r.Session; Requests = @(@{ method = 'session.reclaim'; params = $params }) })
    }
    if ($batches.Count -eq 0) {
        return
    }
    Invoke-UserSessionRemote -Batch $batches.ToArray() -TimeoutSeconds $HelperSeconds -ThrottleLimit $ThrottleLimit |
        Receive-UserSessionRemoteResult -Cmdlet $Cmdlet |
        ForEach-Object {
            & $writeFailures $_.Result "$($_.ComputerName): "
            [pscustomobject]@{ Session = $_.Session; Result = $_.Result }
        }
}
