function Watch-UserSessionFromPSSession {
    <#
    .SYNOPSIS
    Watches the targets of PSSessions (Watch-UserSession -PSSession).
    .DESCRIPTION
    Starts one session.watch on the helper of each target (the remote
    script in Stream mode, Start-UserSessionRemoteScript), all at once, and
    writes each session.event as it arrives, built here as the local watch
    builds it (ConvertFrom-UserSessionWireEvent), named by the PSSession's
    ComputerName (the target's own name is TargetComputerName) and carrying
    the PSSession; the event's Session goes back through it when piped.

    A target that fails (its watch is refused, it does not answer within
    -SetupSeconds, its PSSession breaks, its helper exits) is one error
    naming it; the others go on. It returns after -Until, after -Count
    events, or when no target is left. However it ends (Ctrl+C and a
    downstream Select-Object -First included) every remote pipeline is
    stopped and waited for, up to -StopSeconds: the remote script then
    closes its helper's input, which ends the watch and the helper, and
    kills a helper that does not exit.
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Event')]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Runspaces.PSSession[]]$PSSession,

        # The params of session.watch.
        [Parameter(Mandatory = $true)]
        [hashtable]$Params,

        # The end of the watch (UTC); $null for none.
        [AllowNull()]
        [object]$Until,

        # Stop after this many events; 0 for no limit.
        [int]$Count = 0,

        # How long a target may take to start its watch.
        [double]$SetupSeconds = $script:HelperDefaultSeconds + 5,

        # How long a copy of the helper to a target may take.
        [double]$CopySeconds = 300,

        [double]$StopSeconds = 10
    )

    $calls = [System.Collections.Generic.List[object]]::new()
    $stopping = [System.Collections.Generic.List[object]]::new()
    $fail = {
        param($Name, $Code, $Message)
        $rpcError = [pscustomobject]@{ code = $Code; message = $Message; data = [pscustomobject]@{ computerName = $Name } }
        $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $rpcError -TargetObject $Name -Prefix "${Name}: "))
    }
    $start = {
        param($Session, $Payload)
        # The remote script's own end, in case the stop never reaches it.
        $remoteSeconds = 0
        if ($null -ne $Until) {
            $remoteSeconds = [Math]::Min(2000000, ([datetime]$Until - [DateTime]::UtcNow).TotalSeconds + 30)
        }
        $seconds = $SetupSeconds
        if ($null -ne $Payload) {
            $seconds += $CopySeconds
        }
        $item = [pscustomobject]@{ Session = $Session; Requests = @(@{ method = 'session.watch'; params = $Params }) }
        $call = Start-UserSessionRemoteScript -Item $item -Payload $Payload -Seconds $seconds -HelperSeconds $remoteSeconds -Stream
        $call | Add-Member -NotePropertyMembers @{ Name = $Session.ComputerName; Ready = $false; Ended = $false }
        $calls.Add($call)
    }
    $retire = {
        param($Call)
        $null = $calls.Remove($Call)
        if (-not $Call.Handle.IsCompleted) {
            $stopping.Add([pscustomobject]@{ Call = $Call; Stop = $Call.Shell.BeginStop($null, $null) })
        } else {
            $Call.Shell.Dispose()
        }
    }

    foreach ($session in (Select-UserSessionPSSession -PSSession $PSSession)) {
        if ([string]$session.Runspace.RunspaceStateInfo.State -ne 'Opened') {
            & $fail $session.ComputerName -32005 ("the PSSession is {0}" -f $session.State)
            continue
        }
        try {
            & $start $session $null
        } catch {
            & $fail $session.ComputerName -32005 $_.Exception.Message
        }
    }

    $written = 0
    try {
        while ($calls.Count -gt 0) {
            if (($null -ne $Until) -and ([DateTime]::UtcNow -ge [datetime]$Until)) {
                return
            }
            $handles = [System.Threading.WaitHandle[]]@($calls | ForEach-Object { $_.Handle.AsyncWaitHandle })
            $null = [System.Threading.WaitHandle]::WaitAny($handles, 100)
            foreach ($call in @($calls)) {
                $name = $call.Name
                $completed = $call.Handle.IsCompleted
                foreach ($item in $call.Output.ReadAll()) {
                    if ($item -isnot [string]) {
                        switch ([string]$item.Status) {
                            'Ok' { Write-Verbose -Message ("{0}: helper {1}" -f $name, $item.Path) }
                            'Missing' {
                                if (-not $call.Copied) {
                                    $helper = (Get-UserSessionRemoteHelper)[[string]$item.Rid]
                                    Write-Verbose -Message ("Copying the UserSession helper {0} to {1} on {2}." -f $script:ModuleVersion, $item.Path, $name)
                                    $call.Ended = $true
                                    & $start $call.Item.Session ([System.IO.File]::ReadAllBytes($helper.Path))
                                    continue
                                }
                                & $fail $name -32004 ([string]$item.Message)
                                $call.Ended = $true
                            }
                            'Exited' {
                                & $fail $name -32005 ("the helper exited (code {0}) during the watch: {1}" -f $item.ExitCode, ([string]$item.Stderr).Trim())
                                $call.Ended = $true
                            }
                            'Ended' { $call.Ended = $true }
                            default {
                                & $fail $name -32004 ([string]$item.Message)
                                $call.Ended = $true
                            }
                        }
                        continue
                    }
                    $message = ConvertFrom-UserSessionJson -Json $item
                    if ([string](Get-UserSessionMember -InputObject $message -Name 'method') -eq 'session.event') {
                        $wireEvent = ConvertFrom-UserSessionWireEvent -Wire $message.params -Remote
                        $wireEvent | Add-Member -NotePropertyName 'TargetComputerName' -NotePropertyValue $wireEvent.ComputerName
                        $wireEvent.ComputerName = $name
                        $wireEvent | Add-Member -NotePropertyName 'PSSession' -NotePropertyValue $call.Item.Session
                        if ($null -ne $wireEvent.Session) {
                            $wireEvent.Session = ConvertTo-UserSessionRemoteSession -Session $wireEvent.Session -PSSession $call.Item.Session
                        }
                        $wireEvent
                        $written++
                        if (($Count -gt 0) -and ($written -ge $Count)) {
                            return
                        }
                        continue
                    }
                    $rpcError = Get-UserSessionMember -InputObject $message -Name 'error'
                    if ($null -ne $rpcError) {
                        $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $rpcError -TargetObject $name -Prefix "${name}: "))
                        $call.Ended = $true
                        continue
                    }
                    $call.Ready = $true
                    Write-Verbose -Message ("{0}: watching as {1}." -f $name, $message.result.watchId)
                }
                if ($call.Ended) {
                    & $retire $call
                    continue
                }
                if ($completed) {
                    # The remote pipeline ended without saying why: its
                    # PSSession broke (the host, its connection or its
                    # PowerShell died).
                    $info = $call.Shell.InvocationStateInfo
                    $why = 'the remote watch ended'
                    if ($null -ne $info.Reason) {
                        $why = $info.Reason.Message
                    }
                    & $fail $name -32005 ("the watch ended: {0}" -f $why)
                    & $retire $call
                    continue
                }
                if ((-not $call.Ready) -and ($call.Due -le [DateTime]::UtcNow)) {
                    & $fail $name -32006 ("did not start the watch within {0} seconds" -f [int]$call.Seconds)
                    & $retire $call
                }
            }
        }
    } finally {
        foreach ($call in @($calls)) {
            & $retire $call
        }
        # Wait for the remote scripts to end their helpers, within a bound:
        # a host that no longer answers must not hold the caller.
        $until = [DateTime]::UtcNow.AddSeconds($StopSeconds)
        foreach ($s in $stopping) {
            $left = [int][Math]::Max(0, ($until - [DateTime]::UtcNow).TotalMilliseconds)
            if ($s.Stop.AsyncWaitHandle.WaitOne($left)) {
                try {
                    $s.Call.Shell.EndStop($s.Stop)
                } catch {
                    Write-Verbose -Message ("{0}: stopping the watch: {1}" -f $s.Call.Name, $_.Exception.Message)
                }
                $s.Call.Shell.Dispose()
            } else {
                Write-Verbose -Message ("{0}: the watch did not stop within {1} seconds." -f $s.Call.Name, $StopSeconds)
            }
        }
    }
}
