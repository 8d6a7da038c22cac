function Send-UserSessionRequest {
    <#
    .SYNOPSIS
    Writes one JSON-RPC request to the helper and returns its id.
    .DESCRIPTION
    The request is one line of JSON (ASCII only; see ConvertTo-UserSessionJson)
    written as bytes to the base stream of the helper's standard input. The
    answer is read with Receive-UserSessionResponse, matched by the id this
    function returns, so several requests can be in flight at once.
    #>
    [CmdletBinding()]
    [OutputType([long])]
    param(
        [Parameter(Mandatory = $true)]
        [string]$Method,

        [System.Collections.IDictionary]$Params,

        # Used by Initialize-UserSessionHelper, which has just started the helper.
        [switch]$NoStart
    )

    if (-not $NoStart) {
        Initialize-UserSessionHelper
    }
    $state = $script:Helper
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
    try {
        $state.Stdin.Write($bytes, 0, $bytes.Length)
        $state.Stdin.Flush()
    } catch {
        throw (Get-UserSessionHelperExitError -Cause $_.Exception)
    }
    Write-Debug -Message "usersession <- $line"
    return $id
}
