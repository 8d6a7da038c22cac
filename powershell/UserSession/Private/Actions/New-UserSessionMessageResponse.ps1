function New-UserSessionMessageResponse {
    <#
    .SYNOPSIS
    Builds the UserSession.MessageResponse object of one answered session.message.
    .DESCRIPTION
    The one shape of Send-UserSessionMessage's output, for the local path
    and the PSSession path alike: the computer, the session id and the
    user's response (ok, cancel, yes, no, timeout, async) from the result
    of session.message. ComputerName is the name the caller knows the
    computer by: the helper's for the local path, the PSSession's for the
    remote one.
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Builds an object; changes no state.')]
    [CmdletBinding()]
    [OutputType('UserSession.MessageResponse')]
    param(
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName,

        [Parameter(Mandatory = $true)]
        [object]$Result
    )

    [pscustomobject]@{
        PSTypeName   = 'UserSession.MessageResponse'
        ComputerName = $ComputerName
        Id           = [int]$Result.id
        Response     = [string]$Result.response
    }
}
