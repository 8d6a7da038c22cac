function New-UserSessionTransportResponse {
    <#
    .SYNOPSIS
    Builds the response that stands for a request the transport failed.
    .DESCRIPTION
    Shaped like a response from the helper (id, result, error) with
    error.transport naming what failed, so that callers handle it like any
    per-target error (see New-UserSessionErrorRecord).
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Builds an object; changes no state.')]
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [long]$Id,

        [Parameter(Mandatory = $true)]
        [ValidateSet('HelperTimeout', 'HelperExited', 'HelperProtocolError')]
        [string]$Reason,

        [Parameter(Mandatory = $true)]
        [string]$Message
    )

    [pscustomobject]@{
        id     = $Id
        result = $null
        error  = [pscustomobject]@{
            code      = $null
            message   = $Message
            transport = $Reason
        }
    }
}
