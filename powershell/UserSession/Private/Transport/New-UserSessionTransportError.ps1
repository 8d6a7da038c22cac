function New-UserSessionTransportError {
    <#
    .SYNOPSIS
    Builds the ErrorRecord for a failure of the helper process itself.
    .DESCRIPTION
    A helper that is missing, cannot start, exits or has another version
    than the module. These are terminating errors: nothing the module does
    can work without the helper. ErrorIds are stable:
    UserSession.HelperNotFound, UserSession.HelperNotSupported,
    UserSession.HelperStartFailed, UserSession.HelperExited,
    UserSession.HelperVersionMismatch and UserSession.HelperProtocolError.
    A helper that answers too late fails only the request it was late
    with (New-UserSessionTransportResponse, UserSession.HelperTimeout).
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Builds an object; changes no state.')]
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory = $true)]
        [ValidateSet('HelperNotFound', 'HelperNotSupported', 'HelperStartFailed', 'HelperExited', 'HelperVersionMismatch', 'HelperProtocolError')]
        [string]$Reason,

        [Parameter(Mandatory = $true)]
        [string]$Message,

        [string]$Path,

        [System.Exception]$InnerException
    )

    # A message may end with what the system or the helper wrote.
    $text = Format-UserSessionSentence -Text $Message
    switch ($Reason) {
        'HelperNotFound' {
            $category = [System.Management.Automation.ErrorCategory]::ObjectNotFound
            $exception = [System.IO.FileNotFoundException]::new($text, $Path)
        }
        'HelperNotSupported' {
            $category = [System.Management.Automation.ErrorCategory]::NotImplemented
            $exception = [System.PlatformNotSupportedException]::new($text)
        }
        'HelperVersionMismatch' {
            $category = [System.Management.Automation.ErrorCategory]::InvalidResult
            $exception = [System.InvalidOperationException]::new($text)
        }
        'HelperProtocolError' {
            $category = [System.Management.Automation.ErrorCategory]::ProtocolError
            $exception = [System.InvalidOperationException]::new($text)
        }
        default {
            $category = [System.Management.Automation.ErrorCategory]::ResourceUnavailable
            if ($null -ne $InnerException) {
                $exception = [System.InvalidOperationException]::new($text, $InnerException)
            } else {
                $exception = [System.InvalidOperationException]::new($text)
            }
        }
    }
    [System.Management.Automation.ErrorRecord]::new($exception, "UserSession.$Reason", $category, $Path)
}
