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

    With several computers the helper asks them in parallel (-ThrottleLimit
    at a time), each computer once however it is named (the local machine
    as '.', 'localhost' or by its names; one server by two names), and the
    sessions come when every computer has answered or timed out. A computer that cannot be queried (access denied,
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
    How many computers are asked at once, with -ComputerName or -PSSession:
    the others wait for a free place, and each gets its own -TimeoutSeconds
    from when it is asked. Default 32; from 1 to 1024.

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

    One object per session; about_UserSession (SESSION OBJECTS) lists its
    properties. UserName is the user name alone ('bob'). The USERNAME
    column of the tables is the AccountName property (DOMAIN\user, as quser
    writes it: 'CONTOSO\bob', with '>' before your own session), so filter
    with Where-Object UserName -eq 'bob' or Where-Object AccountName -eq
    'CONTOSO\bob'. With -IncludeResources the table shows PROCS (the
    ProcessCount property), MEMORY (WorkingSetBytes) and CPU (CpuTime).

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
            # One request for every computer: the helper asks each host
            # once however it is named, -ThrottleLimit of them at a time,
            # each with its own timeout, and answers with the sessions of
            # those that answered and one failure per host that did not.
            $params = $commonParams.Clone()
            $label = 'this computer'
            $requestSeconds = $helperSeconds
            if ($computers.Count -eq 1) {
                $computer = Resolve-UserSessionComputerName -ComputerName $computers[0]
                if ($null -ne $computer) {
                    $params['computerNames'] = [string[]]@($computer)
                    $label = $computer
                }
            } elseif ($computers.Count -gt 1) {
                $params['computerNames'] = [string[]]$computers.ToArray()
                $params['throttleLimit'] = $ThrottleLimit
                $label = '{0} computers' -f $computers.Count
                # The hosts wait for a free place in turns of one timeout
                # each, plus the helper's grace for a call past its timeout.
                $requestSeconds = [Math]::Ceiling($computers.Count / $ThrottleLimit) * ($helperSeconds + 2)
                $showProgress = $true
                Write-Progress -Activity $activity -Status "Asking $label, $ThrottleLimit at a time"
            }
            $remote = $computers.Count -gt 0
            $shape = @{ Remote = $remote; Resources = [bool]$IncludeResources }
            $requestId = Send-UserSessionRequest -Method 'session.list' -Params $params -HelperSeconds $requestSeconds -Target "the listing of $label" -SessionShape $shape
            $pending[$requestId] = $label
            $response = Receive-UserSessionResponse -Id $requestId
            $pending.Remove([long]$response.id)
            if ($null -ne $response.error) {
                # The request failed as a whole (the helper exited, or did
                # not answer in time): one error per computer, naming it.
                $named = @($label)
                if ($computers.Count -gt 1) {
                    $named = $computers
                }
                $written = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
                foreach ($name in $named) {
                    if ($written.Add($name)) {
                        $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $name -Prefix "${name}: "))
                    }
                }
            } else {
                $sessions = $response.result.sessions
                if ($sessions -is [System.Collections.Generic.List[psobject]]) {
                    # Built as the answer was parsed (ConvertFrom-UserSessionJson).
                    $PSCmdlet.WriteObject($sessions, $true)
                } else {
                    # An answer that builder could not read: the whole listing in one call.
                    ConvertFrom-UserSessionWireSession -Wire @($sessions) -Remote:$remote -Resources:$IncludeResources
                }
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
