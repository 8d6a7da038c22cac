function Invoke-UserSessionRpc {
    <#
    .SYNOPSIS
    Sends one request to the helper and returns its response.
    .DESCRIPTION
    Returns the whole response object: callers look at .error (a JSON-RPC
    error or a transport failure, turned into a non-terminating ErrorRecord
    by New-UserSessionErrorRecord) or .result. An answer that is not read
    (Ctrl+C) is abandoned, so it is dropped when it comes.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [string]$Method,

        [System.Collections.IDictionary]$Params,

        # The helper's own bound for the call, in seconds.
        [double]$HelperSeconds = $script:HelperDefaultSeconds,

        [string]$Target = '',

        # How long to wait at most instead of the helper's bound plus the
        # margin (see Send-UserSessionRequest).
        [double]$WaitSeconds = 0
    )

    $id = Send-UserSessionRequest -Method $Method -Params $Params -HelperSeconds $HelperSeconds -Target $Target -WaitSeconds $WaitSeconds
    $done = $false
    try {
        $response = Receive-UserSessionResponse -Id $id
        $done = $true
        return $response
    } finally {
        if (-not $done) {
            Clear-UserSessionRequest -Id $id
        }
    }
}
