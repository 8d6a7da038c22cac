function Receive-UserSessionEvent {
    <#
    .SYNOPSIS
    Returns the next session.event of a watch, or $null after -Milliseconds.
    .DESCRIPTION
    Reads the helper's output in short slices (so Ctrl+C is honoured) and
    files what it reads, until an event of the watch is queued. A helper
    that has exited is a terminating HelperExited error.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [string]$WatchId,

        [Parameter(Mandatory = $true)]
        [int]$Milliseconds
    )

    $state = $script:Helper
    $until = [DateTime]::UtcNow.AddMilliseconds($Milliseconds)
    while ($true) {
        $queue = $state.Events[$WatchId]
        if (($null -ne $queue) -and ($queue.Count -gt 0)) {
            return $queue.Dequeue()
        }
        if ($null -ne $state.Dead) {
            throw (Get-UserSessionHelperExitError)
        }
        $left = ($until - [DateTime]::UtcNow).TotalMilliseconds
        if ($left -le 0) {
            return $null
        }
        $null = Read-UserSessionLine -Milliseconds ([int][Math]::Min(250, $left))
    }
}
