function Send-UserSessionAction {
    <#
    .SYNOPSIS
    Sends the sign-out or disconnect of one target without waiting for its answer.
    .DESCRIPTION
    The request carries whom it expects (the user and logon time of the
    session the target was listed as), so that the helper refuses it when
    the id went to a later logon. Its id is kept in $Run.InFlight with the
    target until Receive-UserSessionActionResult reads the answer.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [hashtable]$Run,

        [Parameter(Mandatory = $true)]
        [object]$Target
    )

    $method = 'session.disconnect'
    if ($Run.Logoff) {
        $method = 'session.logoff'
    }
    $params = @{
        id   = $Target.Id
        wait = [bool]$Run.Wait
    }
    if ($Run.IncludeProtected) {
        $params['force'] = $true
    }
    if ($Run.Reason) {
        $params['reason'] = $Run.Reason
    }
    if ($Run.TimeoutSeconds -ne $script:HelperDefaultSeconds) {
        $params['timeoutSeconds'] = $Run.TimeoutSeconds
    }
    if ($null -ne $Target.ComputerName) {
        $params['computerName'] = $Target.ComputerName
    }
    $session = $Target.Session
    if ($null -ne $session) {
        if ($session.AccountName) {
            $params['expectedUserName'] = [string]$session.AccountName
        } elseif ($session.UserName) {
            $params['expectedUserName'] = [string]$session.UserName
        }
        if ($null -ne $session.LogonTime) {
            $params['expectedLogonTime'] = ([datetime]$session.LogonTime).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffffffZ', [System.Globalization.CultureInfo]::InvariantCulture)
        }
    }
    # The lookup and the action are bounded each.
    $operation = $Run.Operation.ToLowerInvariant()
    $requestId = Send-UserSessionRequest -Method $method -Params $params -HelperSeconds (2 * $Run.TimeoutSeconds + 2) -Target ("the {0} of {1}" -f $operation, $Target.Description) -Action $operation
    $Run.InFlight[$requestId] = $Target
}
