function Stop-UserSessionHelper {
    <#
    .SYNOPSIS
    Ends the helper process, if one is running, and forgets its requests.
    .DESCRIPTION
    Closes the helper's standard input, which makes it finish the requests it
    has and exit, waits a moment, and kills it if it is still there. Used by
    the module's OnRemove handler and when the helper has to be restarted.
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Private; ends the module''s own helper process.')]
    [CmdletBinding()]
    param()

    $state = $script:Helper
    $process = $state.Process
    if ($null -ne $process) {
        try {
            if (-not $process.HasExited) {
                try {
                    # Closing the writer (not only its base stream) lets the
                    # later Dispose find nothing left to flush.
                    $process.StandardInput.Close()
                } catch {
                    Write-Verbose -Message "Closing the helper's input failed: $($_.Exception.Message)"
                }
                if (-not $process.WaitForExit(2000)) {
                    $process.Kill()
                    $null = $process.WaitForExit(2000)
                }
            }
        } catch {
            Write-Verbose -Message "Stopping the helper failed: $($_.Exception.Message)"
        }
        try {
            $process.Dispose()
        } catch {
            Write-Verbose -Message "Disposing of the helper process failed: $($_.Exception.Message)"
        }
    }
    $state.Process = $null
    $state.Stdin = $null
    $state.Stdout = $null
    $state.PendingRead = $null
    $state.StderrTask = $null
    $state.Pending = @{}
    $state.Responses = @{}
    $state.Events = @{}
    $state.Info = $null
    $state.LocalNames = $null
    $state.Dead = $null
    $state.DeadMessage = $null
}
