function New-UserSessionActionResult {
    <#
    .SYNOPSIS
    Builds the UserSession.ActionResult that Disconnect-UserSession -PassThru writes.
    .DESCRIPTION
    Action is what was done (logoff, disconnect), or none when the user's
    answer to -Ask skipped the session. Answer is that answer (yes, no,
    timeout, or notShown when the session's state says its user cannot see
    the question: disconnected, locked, or lock state unknown), $null
    without -Ask.
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Builds an object; changes no state.')]
    [CmdletBinding()]
    [OutputType('UserSession.ActionResult')]
    param(
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName,

        [int]$Id,

        [string]$Action,

        [bool]$Completed,

        [AllowNull()]
        [object]$Answer
    )

    [pscustomobject]@{
        PSTypeName   = 'UserSession.ActionResult'
        ComputerName = $ComputerName
        Id           = $Id
        Action       = $Action
        Completed    = $Completed
        Answer       = $Answer
    }
}
