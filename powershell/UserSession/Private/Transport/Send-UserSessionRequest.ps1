function Send-UserSessionRequest {
    <#
    .SYNOPSIS
    Writes one JSON-RPC request to the helper and returns its id.
    .DESCRIPTION
    The request is one line of JSON (ASCII only; see ConvertTo-UserSessionJson)
    written as bytes to the base stream of the helper's standard input. Its
    id is recorded as pending with the time its answer is due: the
    helper's own bound for the call plus a margin, so the module never gives
    up on an answer the helper is still allowed to give. The answer is read
    with Receive-UserSessionResponse, matched by id, so several requests can
    be in flight at once.

    It never starts a helper: Initialize-UserSessionHelper does that at the
    start of a command. A helper that has exited is a HelperExited error
    here, so that no request is sent to a new helper in the middle of a
    command as if nothing had happened.
    #>
    [CmdletBinding()]
    [OutputType([long])]
    param(
        [Parameter(Mandatory = $true)]
        [string]$Method,

        [System.Collections.IDictionary]$Params,

        # Seconds the helper may take to answer (its own timeout for the call).
        [double]$HelperSeconds = $script:HelperDefaultSeconds,

        # What the request is for, shown when it times out.
        [string]$Target = '',

        # What the request does when it changes something ('sign out',
        # 'disconnect'): when no answer comes, the error then says that
        # whether it was done is unknown (Receive-UserSessionResponse).
        [string]$Action = '',

        # How long the module waits at most, instead of the helper's bound
        # plus the margin: the argument completers must never hang the
        # console.
        [double]$WaitSeconds = 0,

        # For a session.list whose sessions the caller emits as they are:
        # @{ Remote = [bool]; Resources = [bool] }, the kind of
        # UserSession.Session to build. Its answer then has its sessions
        # built as it is parsed (see ConvertFrom-UserSessionJson).
        [hashtable]$SessionShape
    )

    $state = $script:Helper
    if (($null -eq $state.Process) -or ($null -ne $state.Dead) -or ($null -eq $state.Stdin)) {
        throw (Get-UserSessionHelperExitError)
    }
    $state.NextId = $state.NextId + 1
    $id = [long]$state.NextId

    $request = [ordered]@{
        jsonrpc = '2.0'
        id      = $id
        method  = $Method
    }
    if ($null -ne $Params) {
        $request['params'] = $Params
    }
    $line = (ConvertTo-UserSessionJson -InputObject $request) + "`n"
    $bytes = $script:Utf8NoBom.GetBytes($line)
    $wait = $HelperSeconds + $script:TimeoutMarginSeconds
    if ($WaitSeconds -gt 0) {
        $wait = $WaitSeconds
    }
    $state.Pending[$id] = [pscustomobject]@{
        Method       = $Method
        Target       = $Target
        Action       = $Action
        Seconds      = $wait
        Due          = [DateTime]::UtcNow.AddSeconds($wait)
        Abandoned    = $false
        SessionShape = $SessionShape
    }
    try {
        $state.Stdin.Write($bytes, 0, $bytes.Length)
        $state.Stdin.Flush()
    } catch {
        $state.Pending.Remove($id)
        $state.Dead = $_.Exception
        throw (Get-UserSessionHelperExitError -Cause $_.Exception)
    }
    if ($DebugPreference -ne 'SilentlyContinue') {
        Write-Debug -Message "usersession <- $line"
    }
    return $id
}
