function New-UserSessionArgumentError {
    <#
    .SYNOPSIS
    Builds the ErrorRecord of input the module refuses before asking the helper.
    .DESCRIPTION
    InvalidArgument with an ArgumentException: a piped object that names no
    session (UserSession.InvalidInput), a command given no target
    (UserSession.NoTarget), a target parameter that is blank or given twice
    (UserSession.InvalidArgument), a state that does not exist
    (UserSession.InvalidState), a watch time that is not one
    (UserSession.InvalidDuration).
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Builds an object; changes no state.')]
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory = $true)]
        [string]$Message,

        [Parameter(Mandatory = $true)]
        [ValidateSet('InvalidInput', 'NoTarget', 'InvalidState', 'InvalidDuration', 'InvalidArgument')]
        [string]$Reason,

        [AllowNull()]
        [object]$TargetObject
    )

    $text = Format-UserSessionSentence -Text $Message
    [System.Management.Automation.ErrorRecord]::new([System.ArgumentException]::new($text), "UserSession.$Reason",
        [System.Management.Automation.ErrorCategory]::InvalidArgument, $TargetObject)
}
