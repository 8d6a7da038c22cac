function Invoke-UserSessionRemote {
    <#
    .SYNOPSIS
    Sends JSON-RPC requests to the helper on each target of -PSSession.
    .DESCRIPTION
    Each batch names one PSSession and its requests (method and params). At
    most -ThrottleLimit targets are asked at once, each through the script
    of Get-UserSessionRemoteScript, run in the PSSession's own runspace: the
    helper on the target answers the requests as the local helper would,
    and the objects are built here by the module's own code.

    Returns one object per batch as its target answers or fails: Batch,
    ComputerName, Responses (the helper's responses, in request order),
    Output (what the remote script returned: for a command line, its Lines,
    Stderr and ExitCode) and Error ($null, or an error object like the helper's: code -32005 when the
    PSSession is not open or broke, -32006 when the target did not answer
    within -TimeoutSeconds, -32004 when it has no helper and cannot take
    one). A target that fails is one such object; the others still answer.

    A target without the helper gets it once (zero-install, see
    Get-UserSessionRemoteScript), with its own bound for the copy.
    #>
    [CmdletBinding()]
    param(
        # Objects with Session (a PSSession) and Requests (hashtables with
        # method and params), or Arguments (a command line the helper runs
        # once, see Start-UserSessionRemoteScript); one batch per PSSession.
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [object[]]$Batch,

        # How long one target may take, the helper's own bound included.
        [Parameter(Mandatory = $true)]
        [double]$TimeoutSeconds,

        [int]$ThrottleLimit = 32,

        # How long a copy of the helper to a target may take.
        [double]$CopySeconds = 300
    )

    $helpers = Get-UserSessionRemoteHelper
    $failure = {
        param($Item, $Code, $Message)
        [pscustomobject]@{ Batch = $Item; ComputerName = $Item.Session.ComputerName; Responses = @(); Output = $null; Error = [pscustomobject]@{ code = $Code; message = $Message; data = [pscustomobject]@{ computerName = $Item.Session.ComputerName } } }
    }
    # Starts the remote script for one batch; $Payload is the helper to copy.
    $start = {
        param($Item, $Payload, $Seconds)
        Start-UserSessionRemoteScript -Item $Item -Payload $Payload -Seconds $Seconds -HelperSeconds $TimeoutSeconds
    }
    # The transport's own margin beyond the helper's bound.
    $seconds = $TimeoutSeconds + 5

    $queue = [System.Collections.Generic.Queue[object]]::new()
    foreach ($item in $Batch) {
        $queue.Enqueue($item)
    }
    $running = [System.Collections.Generic.List[object]]::new()
    try {
        while (($queue.Count -gt 0) -or ($running.Count -gt 0)) {
            while (($running.Count -lt $ThrottleLimit) -and ($queue.Count -gt 0)) {
                $item = $queue.Dequeue()
                $state = [string]$item.Session.Runspace.RunspaceStateInfo.State
                if ($state -ne 'Opened') {
                    & $failure $item -32005 ("the PSSession is {0}" -f $item.Session.State)
                    continue
                }
                try {
                    $running.Add((& $start $item $null $seconds))
                } catch {
                    # It broke since the check above.
                    & $failure $item -32005 $_.Exception.Message
                }
            }
            if ($running.Count -eq 0) {
                continue
            }
            $handles = [System.Threading.WaitHandle[]]@($running | ForEach-Object { $_.Handle.AsyncWaitHandle })
            $null = [System.Threading.WaitHandle]::WaitAny($handles, 100)
            $now = [DateTime]::UtcNow
            foreach ($call in @($running)) {
                $name = $call.Item.Session.ComputerName
                if (-not $call.Handle.IsCompleted) {
                    if ($call.Due -le $now) {
                        $null = $running.Remove($call)
                        # Stop without waiting: a target that does not
                        # answer must not hold up the others.
                        $null = $call.Shell.BeginStop($null, $null)
                        & $failure $call.Item -32006 ("did not answer within {0} seconds" -f [int]$call.Seconds)
                    }
                    continue
                }
                $null = $running.Remove($call)
                # A broken PSSession fails the invocation; its reason is read
                # here rather than thrown by EndInvoke, which would also land
                # in the caller's -ErrorVariable.
                $info = $call.Shell.InvocationStateInfo
                if ($info.State -ne 'Completed') {
                    $call.Shell.Dispose()
                    $why = [string]$info.State
                    if ($null -ne $info.Reason) {
                        $why = $info.Reason.Message
                    }
                    & $failure $call.Item -32005 $why
                    continue
                }
                $output = @($call.Shell.EndInvoke($call.Handle))
                $call.Shell.Dispose()
                if ($output.Count -ne 1) {
                    & $failure $call.Item -32005 ("the remote script returned {0} objects instead of one" -f $output.Count)
                    continue
                }
                $answer = $output[0]
                if (([string]$answer.Status -eq 'Missing') -and (-not $call.Copied)) {
                    $helper = $helpers[[string]$answer.Rid]
                    Write-Verbose -Message ("Copying the UserSession helper {0} to {1} on {2}." -f $script:ModuleVersion, $answer.Path, $name)
                    try {
                        $running.Add((& $start $call.Item ([System.IO.File]::ReadAllBytes($helper.Path)) $CopySeconds))
                    } catch {
                        & $failure $call.Item -32005 $_.Exception.Message
                    }
                    continue
                }
                if ([string]$answer.Status -ne 'Ok') {
                    & $failure $call.Item -32004 ([string]$answer.Message)
                    continue
                }
                Write-Verbose -Message ("{0}: helper {1}" -f $name, $answer.Path)
                if ($null -ne $call.Item.PSObject.Properties['Arguments']) {
                    [pscustomobject]@{ Batch = $call.Item; ComputerName = $name; Responses = @(); Output = $answer; Error = $null }
                    continue
                }
                $byId = @{}
                foreach ($line in @($answer.Lines)) {
                    $response = ConvertFrom-UserSessionJson -Json ([string]$line)
                    # Every response with id, result and error, as the local
                    # transport gives them.
                    $byId[[long]$response.id] = [pscustomobject]@{
                        id     = $response.id
                        result = Get-UserSessionMember -InputObject $response -Name 'result'
                        error  = Get-UserSessionMember -InputObject $response -Name 'error'
                    }
                }
                $responses = [System.Collections.Generic.List[object]]::new()
                for ($i = 1; $i -le @($call.Item.Requests).Count; $i++) {
                    if ($byId.ContainsKey([long]$i)) {
                        $responses.Add($byId[[long]$i])
                    } else {
                        $responses.Add((New-UserSessionTransportResponse -Id $i -Reason 'HelperExited' -Message ("the helper exited (code {0}) before it answered: {1}" -f $answer.ExitCode, ([string]$answer.Stderr).Trim())))
                    }
                }
                [pscustomobject]@{ Batch = $call.Item; ComputerName = $name; Responses = $responses.ToArray(); Output = $answer; Error = $null }
            }
        }
    } finally {
        foreach ($call in $running) {
            $null = $call.Shell.BeginStop($null, $null)
        }
    }
}
