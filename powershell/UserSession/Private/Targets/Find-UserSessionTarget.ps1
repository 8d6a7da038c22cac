function Find-UserSessionTarget {
    <#
    .SYNOPSIS
    Looks up sessions named by -Id and -ComputerName before acting on them.
    .DESCRIPTION
    One session.list for the ids on the computer, so that the confirmation
    prompt and -WhatIf can name who would be hit ("CONTOSO\bob (session 3,
    RDP-Tcp#7, idle 6 h) on RDS01") and the action can carry whom it
    expects. Returns one object per id: Target (Id, ComputerName, Session)
    when the session exists, else Error (an ErrorRecord for the caller to
    write: the session does not exist, or the computer did not answer).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [int[]]$Id,

        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName,

        [double]$HelperSeconds = $script:HelperDefaultSeconds,

        # The action the lookup is for (logoff, disconnect), which a failure
        # of the lookup names instead of the listing it used.
        [string]$Operation = 'list'
    )

    $computer = Resolve-UserSessionComputerName -ComputerName $ComputerName
    $where = 'this computer'
    $params = @{ ids = [int[]]@($Id | Sort-Object -Unique) }
    if ($null -ne $computer) {
        $params['computerNames'] = [string[]]@($computer)
        $where = $computer
    }
    if ($HelperSeconds -ne $script:HelperDefaultSeconds) {
        $params['timeoutSeconds'] = $HelperSeconds
    }
    $response = Invoke-UserSessionRpc -Method 'session.list' -Params $params -HelperSeconds $HelperSeconds -Target "the lookup of the sessions on $where"
    $failure = $null
    if ($null -ne $response.error) {
        $failure = $response.error
    } elseif (@($response.result.failures).Count -gt 0) {
        $failure = @($response.result.failures)[0]
    }
    if (($null -ne $failure) -and ([string]$failure.message).StartsWith('list: ')) {
        # "logoff: host unreachable (RDS01)", not "list: ...": it failed a logoff.
        $failure = [pscustomobject]@{
            code    = Get-UserSessionMember -InputObject $failure -Name 'code'
            message = $Operation + ': ' + ([string]$failure.message).Substring(6)
            data    = Get-UserSessionMember -InputObject $failure -Name 'data'
        }
    }
    $found = @{}
    if ($null -eq $failure) {
        foreach ($wire in $response.result.sessions) {
            $found[[int]$wire.id] = ConvertFrom-UserSessionWireSession -Wire $wire -Remote:($null -ne $computer)
        }
    }
    $seen = @{}
    foreach ($sessionId in $Id) {
        if ($seen.ContainsKey($sessionId)) {
            continue
        }
        $seen[$sessionId] = $true
        $target = [pscustomobject]@{ Id = $sessionId; ComputerName = $computer; Session = $null }
        if ($null -ne $failure) {
            [pscustomobject]@{ Target = $target; Error = (New-UserSessionErrorRecord -RpcError $failure -TargetObject $target -Prefix "session $sessionId on ${where}: ") }
            continue
        }
        if (-not $found.ContainsKey($sessionId)) {
            $notFound = [pscustomobject]@{ code = -32002; message = "no such session (session $sessionId on $where)" }
            [pscustomobject]@{ Target = $target; Error = (New-UserSessionErrorRecord -RpcError $notFound -TargetObject $target) }
            continue
        }
        $target.Session = $found[$sessionId]
        [pscustomobject]@{ Target = $target; Error = $null }
    }
}
