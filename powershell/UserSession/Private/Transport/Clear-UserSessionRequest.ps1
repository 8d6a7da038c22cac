function Clear-UserSessionRequest {
    <#
    .SYNOPSIS
    Abandons requests whose answers nobody will read.
    .DESCRIPTION
    Called from the finally blocks of the commands, for the requests still
    in flight when a command ends early (Ctrl+C, Select-Object -First,
    an error): an answer already kept is dropped, a later one is dropped on
    arrival. Abandoned requests long past their due time are forgotten, so
    the tables stay bounded however long a script runs.
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Private bookkeeping of the module''s own requests.')]
    [CmdletBinding()]
    param(
        [AllowEmptyCollection()]
        [long[]]$Id = @()
    )

    $state = $script:Helper
    foreach ($requestId in $Id) {
        if ($state.Responses.ContainsKey($requestId)) {
            $state.Responses.Remove($requestId)
            $state.Pending.Remove($requestId)
        } elseif ($state.Pending.ContainsKey($requestId)) {
            $state.Pending[$requestId].Abandoned = $true
        }
    }
    $cutoff = [DateTime]::UtcNow.AddSeconds(-60)
    foreach ($key in @($state.Pending.Keys)) {
        $pending = $state.Pending[$key]
        if ($pending.Abandoned -and ($pending.Due -lt $cutoff)) {
            $state.Pending.Remove($key)
        }
    }
}
