function Watch-UserSession {
    <#
    .SYNOPSIS
    Writes session changes (logons, sign-outs, disconnects, locks) as they happen.

    .DESCRIPTION
    Watch-UserSession asks the helper to watch the computers and writes one
    UserSession.Event object per change: logon, logoff, connect,
    disconnect, lock, unlock, stateChange, and unreachable when a computer
    stops answering (the helper keeps retrying it, and reports what changed
    meanwhile once it answers). It runs until Ctrl+C, until -DurationSeconds
    pass, or until -Count events were written, and it works in a
    pipeline: each event goes on as soon as it is seen.

    The first listing of each computer is the starting point: sessions that
    exist already produce no event. The watch is set up once each computer
    was listed (or failed to be, within 10 seconds), so a change made after
    that is written. On Windows the helper waits on the WTS
    event of each computer; on Linux on the utmp file; elsewhere it lists
    every few seconds.

    .PARAMETER ComputerName
    The computers to watch. Without it, the local computer.

    .PARAMETER EventType
    Only these events: Logon, Logoff, Connect, Disconnect, Lock, Unlock,
    StateChange. Unreachable is always written. The older name -Event is
    an alias.

    .PARAMETER DurationSeconds
    Stop after this many seconds (5 is five seconds; 0.5 half a second).
    This is the time the whole watch runs, not the wait for one computer,
    which -TimeoutSeconds means on the other commands.

    .PARAMETER Timeout
    The older form of -DurationSeconds: a [TimeSpan] such as '00:10:00',
    or a number of seconds. Give one of the two.

    .PARAMETER Count
    Stop after this many events.

    .EXAMPLE
    Watch-UserSession -ComputerName RDS01, RDS02

    Writes every change of two servers until Ctrl+C.

    .EXAMPLE
    Watch-UserSession -EventType Disconnect | ForEach-Object { Send-MailMessage -To 'helpdesk@contoso.com' -Subject "$($_.UserName) disconnected on $($_.ComputerName)" }

    Reacts to each disconnect as it happens.

    .EXAMPLE
    Watch-UserSession -EventType Logon -Count 1 -DurationSeconds 600

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
        [ValidateScript({ Test-UserSessionComputerNameArgument -Value $_ })]
        [string[]]$ComputerName,

        # Not named Event: a parameter of that name hides the automatic
        # variable $Event in the function (PSScriptAnalyzer's
        # PSAvoidAssignmentToAutomaticVariable); the alias is not a variable.
        [ValidateNotNullOrEmpty()]
        [ValidateSet('Logon', 'Logoff', 'Connect', 'Disconnect', 'Lock', 'Unlock', 'StateChange', 'Unreachable')]
        [Alias('Event')]
        [string[]]$EventType,

        [ValidateRange(0.001, 2147483.0)]
        [double]$DurationSeconds,

        # [object], not [TimeSpan]: PowerShell converts a number to a
        # [TimeSpan] of that many ticks, so -Timeout 5 ended at once.
        [ValidateNotNull()]
        [object]$Timeout,

        [ValidateRange(1, [int]::MaxValue)]
        [int]$Count
    )

    begin {
        Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
        Assert-UserSessionBoundParameter -Cmdlet $PSCmdlet
        $duration = $null
        if ($PSBoundParameters.ContainsKey('DurationSeconds')) {
            $duration = [TimeSpan]::FromSeconds($DurationSeconds)
        }
        if ($PSBoundParameters.ContainsKey('Timeout')) {
            if ($null -ne $duration) {
                $PSCmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message 'Give -DurationSeconds or -Timeout, not both: each sets how long the watch runs.' -Reason 'InvalidDuration' -TargetObject $Timeout))
            }
            $value = $Timeout
            if ($value -is [System.Management.Automation.PSObject]) {
                $value = $value.BaseObject
            }
            $parsed = [TimeSpan]::Zero
            if ($value -is [TimeSpan]) {
                $duration = $value
            } elseif (($value -is [string]) -and [TimeSpan]::TryParse($value, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$parsed)) {
                $duration = $parsed
            } elseif (($value -is [ValueType]) -and ($null -ne ($value -as [double]))) {
                $duration = [TimeSpan]::FromSeconds([double]$value)
            }
            if (($null -eq $duration) -or ($duration -le [TimeSpan]::Zero)) {
                $PSCmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message ("-Timeout takes a positive [TimeSpan] such as '00:10:00' or a number of seconds, not '{0}'. -DurationSeconds takes seconds." -f $Timeout) -Reason 'InvalidDuration' -TargetObject $Timeout))
            }
        }
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
            if ($PSBoundParameters.ContainsKey('EventType')) {
                $wire = foreach ($name in $EventType) {
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
            if ($null -ne $duration) {
                $until = [DateTime]::UtcNow.Add($duration)
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
