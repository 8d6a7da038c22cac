function Invoke-UserSessionRpc {
    <#
    .SYNOPSIS
    Sends one request to the helper and returns its response.
    .DESCRIPTION
    Returns the whole response object: callers look at .error (a JSON-RPC
    error, turned into a non-terminating ErrorRecord by
    New-UserSessionErrorRecord) or .result. Failures of the helper itself are
    terminating errors thrown from here.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [string]$Method,

        [System.Collections.IDictionary]$Params,

        [int]$TimeoutSeconds = $script:DefaultTimeoutSeconds
    )

    $id = Send-UserSessionRequest -Method $Method -Params $Params
    Receive-UserSessionResponse -Id $id -TimeoutSeconds $TimeoutSeconds
}
