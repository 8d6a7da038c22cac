function Get-UserSessionExpectation {
    <#
    .SYNOPSIS
    Returns the expectedUserName and expectedLogonTime params of an action.
    .DESCRIPTION
    Who the caller saw in the session, so that the helper refuses the
    action if the session is no longer this logon (its id went to a later
    one). Empty when the session object is not known.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [AllowNull()]
        [object]$Session,

        # The action the params are for.
        [ValidateSet('session.logoff', 'session.disconnect')]
        [string]$Method = 'session.logoff'
    )

    $params = @{}
    if ($null -eq $Session) {
        return $params
    }
    if ($Session.AccountName) {
        $params['expectedUserName'] = [string]$Session.AccountName
    } elseif ($Session.UserName) {
        $params['expectedUserName'] = [string]$Session.UserName
    }
    if ($null -ne $Session.LogonTime) {
        $params['expectedLogonTime'] = ([datetime]$Session.LogonTime).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffffffZ', [System.Globalization.CultureInfo]::InvariantCulture)
    }
    return $params
}
