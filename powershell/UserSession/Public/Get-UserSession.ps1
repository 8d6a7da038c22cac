function Get-UserSession {
    <#
    .SYNOPSIS
    Lists the logon sessions of the local computer or of remote computers.

    .DESCRIPTION
    Get-UserSession returns one UserSession.Session object per session, like
    `quser` or `query session`, but typed: IdleTime is a [TimeSpan], LogonTime,
    ConnectTime, DisconnectTime and LastInputTime are local [datetime] values,
    and anything the system does not know is $null rather than 0 or a 1601
    date. Filters (-Id, -UserName with wildcards, -State) are applied by the
    helper, on every computer. The default view reads like quser, with the
    caller's own session marked '>'.

    With several computers the queries run in parallel, each computer is
    asked once however it is named (the local machine as '.', 'localhost' or
    by its names; one server by two names), and Write-Progress reports how
    many have answered. A computer that cannot be queried (access denied,
    unreachable, timed out) is a non-terminating error for that computer;
    the others are still listed.

    .PARAMETER ComputerName
    The computers to query. Without it, the local computer. Takes names
    from the pipeline, and the ComputerName, CN, Server, ServerName,
    PSComputerName, DNSHostName or HostServer property of piped objects
    (Get-ADComputer objects, for one).

    .PARAMETER Id
    Only the sessions with these ids: whole numbers. A $null, empty or
    blank id is an error, never session 0.

    .PARAMETER UserName
    Only the sessions of these users (user or DOMAIN\user). Wildcards (* and
    ?) are allowed; the comparison ignores case.

    .PARAMETER State
    Only the sessions in these states: Active, Connected, ConnectQuery,
    Shadow, Disconnected, Idle, Listen, Reset, Down, Init, or quser's
    abbreviations Disc, Conn and ConnQ.

    .PARAMETER TimeoutSeconds
    How long the helper waits for each computer before it reports that
    computer as timed out. Default 10.

    .PARAMETER PSSession
    Query the computers of these PowerShell remoting sessions (New-PSSession,
    WinRM or SSH). Only the helper runs on each target: the objects are built
    here, carry the PSSession's ComputerName and the PSSession itself, and
    acting commands send them back through it. A target without the module
    gets the helper copied to a versioned folder only administrators can
    write, checked by hash before every start (see about_UserSession).

    .PARAMETER ThrottleLimit
    How many computers are asked at once. Default 32.

    .PARAMETER IncludeResources
    Add each session's process count, working set and processor time, summed
    over its processes (the columns of Task Manager's Users tab); the table
    then shows MEMORY and CPU.

    .EXAMPLE
    Get-UserSession

    Lists the sessions of the local computer, like quser.

    .EXAMPLE
    Get-UserSession -ComputerName SRV01, SRV02 -State Disc

    Lists the disconnected sessions of two servers.

    .EXAMPLE
    Get-UserSession -UserName 'adm*' | Where-Object { $_.IdleTime -gt '01:00:00' }

    Lists the sessions of users whose names start with adm that have been
    idle for more than an hour.

    .EXAMPLE
    Get-ADComputer -Filter 'Name -like "RDS*"' | Get-UserSession -TimeoutSeconds 5 -ErrorVariable failed

    Lists the sessions of every RDS server in Active Directory; the computers
    that could not be queried are in $failed.

    .EXAMPLE
    $s = New-PSSession -HostName (Get-Content hosts.txt) -ConnectingTimeout 5000
    Get-UserSession -PSSession $s -State Disc -TimeoutSeconds 5

    Lists the disconnected sessions of many computers through PowerShell
    remoting (here SSH; -ComputerName for WinRM); each computer that fails is
    one error naming it.

    .EXAMPLE
    Get-UserSession -IncludeResources | Sort-Object -Property WorkingSetBytes -Descending | Select-Object -First 5

    The five sessions that hold the most memory: what signing out idle users
    would reclaim.

    .INPUTS
    System.String. Computer names, or objects with a computer name property.

    .OUTPUTS
    UserSession.Session

    .LINK
    about_UserSession

    .LINK
    Disconnect-UserSession
    #>
    [CmdletBinding(DefaultParameterSetName = 'ComputerName')]
    [OutputType('UserSession.Session')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, ParameterSetName = 'ComputerName')]
        [Alias('CN', 'Server', 'ServerName', 'PSComputerName', 'DNSHostName', 'HostServer')]
        [ValidateNotNullOrEmpty()]
        [ValidateScript({ Test-UserSessionComputerNameArgument -Value $_ })]
        [string[]]$ComputerName,

        [Alias('SessionId')]
        [ValidateNotNullOrEmpty()]
        [ValidateScript({ Test-UserSessionIdArgument -Value $_ })]
        [object[]]$Id,

        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]]$UserName,

        [ValidateNotNullOrEmpty()]
        [string[]]$State,

        [ValidateRange(1, 3600)]
        [int]$TimeoutSeconds,

        [switch]$IncludeResources,

        [Parameter(Mandatory = $true, ParameterSetName = 'PSSession')]
        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.Runspaces.PSSession[]]$PSSession,

        [ValidateRange(1, 1024)]
        [int]$ThrottleLimit = 32
    )

    begin {
        Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
        if ($PSBoundParameters.ContainsKey('Id')) {
            # Validated by Test-UserSessionIdArgument: whole numbers only.
            $Id = [int[]]$Id
        }
        Assert-UserSessionBoundParameter -Cmdlet $PSCmdlet
        $computers = [System.Collections.Generic.List[string]]::new()
        $states = $null
        if ($PSBoundParameters.ContainsKey('State')) {
            try {
                $states = [string[]]@(ConvertTo-UserSessionState -State $State)
            } catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
        }
    }

    process {
        foreach ($name in $ComputerName) {
            $computers.Add($name)
            $null = $script:KnownComputers.Add($name)
        }
    }

    end {
        $commonParams = @{}
        if ($PSBoundParameters.ContainsKey('Id')) {
            $commonParams['ids'] = [int[]]$Id
        }
        if ($PSBoundParameters.ContainsKey('UserName')) {
            $commonParams['userNames'] = [string[]]$UserName
        }
        if ($null -ne $states) {
            $commonParams['states'] = $states
        }
        $helperSeconds = $script:HelperDefaultSeconds
        if ($PSBoundParameters.ContainsKey('TimeoutSeconds')) {
            $commonParams['timeoutSeconds'] = $TimeoutSeconds
            $helperSeconds = $TimeoutSeconds
        }
        if ($IncludeResources) {
            $commonParams['includeResources'] = $true
            # One listing and one process list per host, each with its timeout.
            $helperSeconds = 2 * $helperSeconds
        }

        if ($PSCmdlet.ParameterSetName -eq 'PSSession') {
            try {
                Get-UserSessionFromPSSession -Cmdlet $PSCmdlet -PSSession $PSSession -Params $commonParams -HelperSeconds $helperSeconds -ThrottleLimit $ThrottleLimit -Resources:$IncludeResources
            } catch [System.Management.Automation.PipelineStoppedException] {
                throw
            } catch [System.Management.Automation.ActionPreferenceStopException] {
                throw
            } catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
            return
        }
        $pending = @{}
        $activity = 'Querying user sessions'
        $showProgress = $false
        try {
            Initialize-UserSessionHelper
            # Each host once, whatever it is called: the helper groups the
            # names as it would ask them.
            $targets = [System.Collections.Generic.List[object]]::new()
            if ($computers.Count -eq 0) {
                $targets.Add($null)
            } elseif ($computers.Count -eq 1) {
                $targets.Add((Resolve-UserSessionComputerName -ComputerName $computers[0]))
            } else {
                $resolved = Invoke-UserSessionRpc -Method 'session.resolve' -Params @{ computerNames = [string[]]$computers.ToArray() } -Target 'the computer names'
                if ($null -ne $resolved.error) {
                    $PSCmdlet.ThrowTerminatingError((New-UserSessionErrorRecord -RpcError $resolved.error -TargetObject $computers))
                }
                foreach ($resolvedHost in $resolved.result.hosts) {
                    if ($resolvedHost.local) {
                        $targets.Add($null)
                    } else {
                        $targets.Add([string]$resolvedHost.computerName)
                    }
                }
            }
            $remote = $computers.Count -gt 0
            $total = $targets.Count
            $showProgress = $total -gt 1
            $window = 32
            $next = 0
            $done = 0
            while ($done -lt $total) {
                while (($pending.Count -lt $window) -and ($next -lt $total)) {
                    $params = $commonParams.Clone()
                    $computer = $targets[$next]
                    $label = 'this computer'
                    if ($null -ne $computer) {
                        $params['computerNames'] = [string[]]@($computer)
                        $label = $computer
                    }
                    $requestId = Send-UserSessionRequest -Method 'session.list' -Params $params -HelperSeconds $helperSeconds -Target "the listing of $label"
                    $pending[$requestId] = $label
                    $next++
                }
                $response = Receive-UserSessionResponse -Id ([long[]]@($pending.Keys))
                $label = $pending[[long]$response.id]
                $pending.Remove([long]$response.id)
                $done++
                if ($showProgress) {
                    Write-Progress -Activity $activity -Status "$done of $total computers answered (last: $label)" -PercentComplete ([int](100 * $done / $total))
                }
                if ($null -ne $response.error) {
                    $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $label -Prefix "${label}: "))
                    continue
                }
                # The whole listing in one call: see ConvertFrom-UserSessionWireSession.
                ConvertFrom-UserSessionWireSession -Wire @($response.result.sessions) -Remote:$remote -Resources:$IncludeResources
                foreach ($failure in $response.result.failures) {
                    $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $failure -TargetObject $failure.computerName -Prefix "$($failure.computerName): "))
                }
            }
        } catch {
            Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
        } finally {
            Clear-UserSessionRequest -Id ([long[]]@($pending.Keys))
            if ($showProgress) {
                Write-Progress -Activity $activity -Completed
            }
        }
    }
}
