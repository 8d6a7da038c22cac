function Receive-UserSessionResponse {
    <#
    .SYNOPSIS
    Returns the helper's response to one of the given request ids.
    .DESCRIPTION
    Reads lines from the helper's standard output with ReadLineAsync and waits
    on the task in short slices (so Ctrl+C is honoured) until a response to
    one of the ids in -Id arrives. Responses to other pending ids are kept
    for the calls that wait for them; responses to abandoned or unknown ids
    are dropped, so nothing piles up. session.event notifications go to
    the queue of their watch (Receive-UserSessionEvent).

    Every response has the members id, result and error. Failures of the
    transport come back as responses too, with error.transport set and no
    code, so that one failing target is a non-terminating error for that
    target only (New-UserSessionErrorRecord):

      HelperTimeout  no answer by the time it was due (the helper's own
                     bound plus a margin); a late answer is dropped.
      HelperExited   the helper exited (every request still in flight on it
                     fails at once, none waits for its timeout).

    For a request sent with an -Action (Send-UserSessionRequest), both say
    that whether the action was done is unknown.

    With -Poll it returns $null instead of waiting when no wanted response is
    there yet.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [long[]]$Id,

        [switch]$Poll
    )

    $state = $script:Helper
    while ($true) {
        foreach ($wanted in $Id) {
            if ($state.Responses.ContainsKey($wanted)) {
                $response = $state.Responses[$wanted]
                $state.Responses.Remove($wanted)
                $state.Pending.Remove($wanted)
                return $response
            }
        }
        $now = [DateTime]::UtcNow
        $due = $null
        foreach ($wanted in $Id) {
            $pending = $state.Pending[$wanted]
            if ($null -eq $pending) {
                continue
            }
            if ($null -ne $state.Dead) {
                $state.Pending.Remove($wanted)
                $message = (Get-UserSessionHelperExitError).Exception.Message
                if ($pending.Action) {
                    $message = "The UserSession helper exited before it answered, so whether {0} was done is unknown; check with Get-UserSession. {1}" -f $pending.Action, $message
                }
                return (New-UserSessionTransportResponse -Id $wanted -Reason 'HelperExited' -Message $message)
            }
            if ($pending.Due -le $now) {
                $pending.Abandoned = $true
                $message = "The UserSession helper did not answer {0} within {1} seconds." -f $pending.Target, [int]$pending.Seconds
                if ($pending.Action) {
                    $message += ' No answer came in time, so whether it was done is unknown; check with Get-UserSession.'
                }
                return (New-UserSessionTransportResponse -Id $wanted -Reason 'HelperTimeout' -Message $message)
            }
            if (($null -eq $due) -or ($pending.Due -lt $due)) {
                $due = $pending.Due
            }
        }
        if ($null -eq $due) {
            # None of the ids is pending: a caller error, answered rather than waited on.
            if ($Id.Count -gt 0) {
                return (New-UserSessionTransportResponse -Id $Id[0] -Reason 'HelperProtocolError' -Message "No request $($Id[0]) is waiting for an answer.")
            }
            return $null
        }
        if ($Poll) {
            if (-not (Read-UserSessionLine -Milliseconds 0)) {
                return $null
            }
            continue
        }
        $slice = [Math]::Min(250, [Math]::Max(1, ($due - $now).TotalMilliseconds))
        $null = Read-UserSessionLine -Milliseconds ([int]$slice)
    }
}
