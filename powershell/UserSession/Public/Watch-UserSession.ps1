function Watch-UserSession {
    <#
    .SYNOPSIS
    Writes session changes (logons, sign-outs, disconnects, locks) as they happen.

    .DESCRIPTION
    Watch-UserSession asks the helper to watch the computers and writes one
    UserSession.Event object per change: logon, logoff, connect,
    disconnect, lock, unlock, stateChange, and unreachable when a computer
    stops answering (the helper keeps retrying it, and reports what changed
    meanwhile once it answers). It runs until Ctrl+C, until -Timeout
    passes, or until -Count events were written, and it works in a
    pipeline: each event goes on as soon as it is seen.

    The first listing of each computer is the starting point: sessions that
    exist already produce no event. The watch is set up once each computer
    was listed (or failed to be, within 10 seconds), so a change made after
    that is written. On Windows the helper waits on the WTS
    event of each computer; on Linux on the utmp file; elsewhere it lists
    every few seconds.

    .PARAMETER ComputerName
    The computers to watch. Without it, the local computer.

    .PARAMETER Event
    Only these events: Logon, Logoff, Connect, Disconnect, Lock, Unlock,
    StateChange. Unreachable is always written.

    .PARAMETER Timeout
    Stop after this long (a [TimeSpan], or seconds).

    .PARAMETER Count
    Stop after this many events.

    .EXAMPLE
    Watch-UserSession -ComputerName RDS01, RDS02

    Writes every change of two servers until Ctrl+C.

    .EXAMPLE
    Watch-UserSession -Event Disconnect | ForEach-Object { Send-MailMessage -To 'helpdesk@contoso.com' -Subject "$($_.UserName) disconnected on $($_.ComputerName)" }

    Reacts to each disconnect as it happens.

    .EXAMPLE
    Watch-UserSession -Event Logon -Count 1 -Timeout '00:10:00'

    Waits up to ten minutes for the next logon and writes it.

    .INPUTS
    System.String. Computer names.

    .OUTPUTS
    UserSession.Event

    .LINK
    Get-UserSession

    .LINK
    about_UserSession
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Event')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('CN', 'Server', 'ServerName', 'PSComputerName', 'DNSHostName', 'HostServer')]
        [ValidateNotNullOrEmpty()]
        [string[]]$ComputerName,

        [ValidateNotNullOrEmpty()]
        [ValidateSet('Logon', 'Logoff', 'Connect', 'Disconnect', 'Lock', 'Unlock', 'StateChange', 'Unreachable')]
        [string[]]$Event,

        [TimeSpan]$Timeout,

        [ValidateRange(1, [int]::MaxValue)]
        [int]$Count
    )

    begin {
        Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
        Assert-UserSessionBoundParameter -Cmdlet $PSCmdlet
        $computers = [System.Collections.Generic.List[string]]::new()
    }

    process {
        foreach ($name in $ComputerName) {
            $computers.Add($name)
        }
    }

    end {
        $watchId = $null
        $state = $script:Helper
        try {
            Initialize-UserSessionHelper
            $params = @{}
            if ($computers.Count -gt 0) {
                $params['computerNames'] = [string[]]$computers.ToArray()
            }
            if ($PSBoundParameters.ContainsKey('Event')) {
                $wire = foreach ($name in $Event) {
                    # The wire's names are camelCase: logon, stateChange.
                    $name.Substring(0, 1).ToLowerInvariant() + $name.Substring(1)
                }
                $params['events'] = [string[]]@($wire)
            }
            $response = Invoke-UserSessionRpc -Method 'session.watch' -Params $params -Target 'the watch'
            if ($null -ne $response.error) {
                $PSCmdlet.ThrowTerminatingError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $computers))
            }
            $watchId = [string]$response.result.watchId
            if (-not $state.Events.ContainsKey($watchId)) {
                $state.Events[$watchId] = [System.Collections.Generic.Queue[object]]::new()
            }
            Write-Verbose -Message "Watching $($computers.Count) computer(s) as $watchId."
            $until = $null
            if ($PSBoundParameters.ContainsKey('Timeout')) {
                $until = [DateTime]::UtcNow.Add($Timeout)
            }
            $written = 0
            while ($true) {
                $slice = 500
                if ($null -ne $until) {
                    $left = ($until - [DateTime]::UtcNow).TotalMilliseconds
                    if ($left -le 0) {
                        break
                    }
                    $slice = [int][Math]::Min($slice, $left)
                }
                $wireEvent = Receive-UserSessionEvent -WatchId $watchId -Milliseconds $slice
                if ($null -eq $wireEvent) {
                    continue
                }
                ConvertFrom-UserSessionWireEvent -Wire $wireEvent
                $written++
                if ($PSBoundParameters.ContainsKey('Count') -and ($written -ge $Count)) {
                    break
                }
            }
        } catch {
            Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
        } finally {
            if ($null -ne $watchId) {
                $state.Events.Remove($watchId)
                if (($null -eq $state.Dead) -and ($null -ne $state.Process)) {
                    # Stop the watch; its answer is not waited for (Ctrl+C
                    # must end the command at once) and is dropped.
                    try {
                        $stopId = Send-UserSessionRequest -Method 'session.unwatch' -Params @{ watchId = $watchId } -Target 'the end of the watch'
                        Clear-UserSessionRequest -Id $stopId
                    } catch {
                        Write-Verbose -Message "Stopping the watch failed: $($_.Exception.Message)"
                    }
                }
            }
        }
    }
}
