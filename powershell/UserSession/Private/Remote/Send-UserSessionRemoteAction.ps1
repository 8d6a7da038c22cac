function Send-UserSessionRemoteAction {
    <#
    .SYNOPSIS
    Sends actions on sessions back through the PSSessions they were listed on.
    .DESCRIPTION
    One batch per PSSession (Invoke-UserSessionRemote) with one request per
    target: the common params, the target's id, with -Expect who the caller saw in it
    (Get-UserSessionExpectation, so a later logon with the same id is
    refused on the target) and who asks (Get-UserSessionCaller, so the
    target protects the caller's own session and its audit record names
    the caller). Returns, per PSSession as it answers, ComputerName, Batch,
    Targets, Responses (in target order) and Error (the PSSession's failure, one for all its
    targets, or $null).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [object[]]$Target,

        [Parameter(Mandatory = $true)]
        [ValidateSet('session.logoff', 'session.disconnect', 'session.message')]
        [string]$Method,

        [Parameter(Mandatory = $true)]
        [hashtable]$Params,

        [Parameter(Mandatory = $true)]
        [double]$TimeoutSeconds,

        [int]$ThrottleLimit = 32,

        # Send whom the caller saw in each session (logoff, disconnect).
        [switch]$Expect
    )

    $caller = Get-UserSessionCaller
    $groups = [ordered]@{}
    foreach ($t in $Target) {
        $key = $t.PSSession.InstanceId
        if (-not $groups.Contains($key)) {
            $groups[$key] = [pscustomobject]@{ Session = $t.PSSession; Targets = [System.Collections.Generic.List[object]]::new(); Requests = [System.Collections.Generic.List[object]]::new() }
        }
        $params = $Params.Clone()
        $params['id'] = [long]$t.Id
        if ($Expect) {
            $expected = Get-UserSessionExpectation -Session $t.Session -Method $Method
            foreach ($name in $expected.Keys) {
                $params[$name] = $expected[$name]
            }
        }
        $params['caller'] = $caller
        $groups[$key].Targets.Add($t)
        $groups[$key].Requests.Add(@{ method = $Method; params = $params })
    }
    $batches = @($groups.Values | ForEach-Object { [pscustomobject]@{ Session = $_.Session; Targets = $_.Targets.ToArray(); Requests = $_.Requests.ToArray() } })
    foreach ($answer in (Invoke-UserSessionRemote -Batch $batches -TimeoutSeconds $TimeoutSeconds -ThrottleLimit $ThrottleLimit)) {
        [pscustomobject]@{ ComputerName = $answer.ComputerName; Batch = $answer.Batch; Targets = $answer.Batch.Targets; Responses = $answer.Responses; Error = $answer.Error }
    }
}
