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
    helper, on every computer.

    With several computers the queries run in parallel and Write-Progress
    reports how many have answered. A computer that cannot be queried (access
    denied, unreachable, timed out) produces a non-terminating error for that
    computer; the others are still listed.

    .PARAMETER ComputerName
    The computers to query. Without it, the local computer. Accepts names from
    the pipeline, and the ComputerName, PSComputerName or DNSHostName property
    of piped objects.

    .PARAMETER Id
    Only the sessions with these ids.

    .PARAMETER UserName
    Only the sessions of these users. Wildcards (* and ?) are allowed; the
    comparison ignores case.

    .PARAMETER State
    Only the sessions in these states (Active, Disconnected, ...).

    .PARAMETER TimeoutSeconds
    How long the helper waits for each remote computer before it reports that
    computer as timed out.

    .EXAMPLE
    Get-UserSession

    Lists the sessions of the local computer, like quser.

    .EXAMPLE
    Get-UserSession -ComputerName SRV01, SRV02 -State Disconnected

    Lists the disconnected sessions of two servers.

    .EXAMPLE
    Get-UserSession -UserName 'adm*' | Where-Object { $_.IdleTime -gt '01:00:00' }

    Lists the sessions of users whose names start with adm that have been
    idle for more than an hour.

    .EXAMPLE
    Get-Content -Path .\servers.txt | Get-UserSession -TimeoutSeconds 10 -ErrorVariable failed

    Sweeps the servers listed in a file; the computers that could not be
    queried are in $failed.

    .INPUTS
    System.String. Computer names.

    .OUTPUTS
    UserSession.Session

    .LINK
    about_UserSession

    .LINK
    Disconnect-UserSession
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Session')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('CN', 'PSComputerName', 'DNSHostName')]
        [ValidateNotNullOrEmpty()]
        [string[]]$ComputerName,

        [Alias('SessionId')]
        [ValidateRange(0, [int]::MaxValue)]
        [int[]]$Id,

        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]]$UserName,

        [ValidateSet('Active', 'Connected', 'ConnectQuery', 'Shadow', 'Disconnected', 'Idle', 'Listen', 'Reset', 'Down', 'Init')]
        [string[]]$State,

        [ValidateRange(1, 3600)]
        [int]$TimeoutSeconds
    )

    begin {
        $computers = New-Object -TypeName System.Collections.Generic.List[string]
        $seen = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList ([System.StringComparer]::OrdinalIgnoreCase)
    }

    process {
        foreach ($name in $ComputerName) {
            if ($seen.Add($name)) {
                $computers.Add($name)
            }
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
        if ($PSBoundParameters.ContainsKey('State')) {
            $validStates = @('Active', 'Connected', 'ConnectQuery', 'Shadow', 'Disconnected', 'Idle', 'Listen', 'Reset', 'Down', 'Init')
            $canonical = foreach ($s in $State) {
                foreach ($valid in $validStates) {
                    if ($valid -eq $s) {
                        $valid
                    }
                }
            }
            $commonParams['states'] = [string[]]@($canonical)
        }
        $rpcTimeout = $script:DefaultTimeoutSeconds
        if ($PSBoundParameters.ContainsKey('TimeoutSeconds')) {
            $commonParams['timeoutSeconds'] = $TimeoutSeconds
            $rpcTimeout = $TimeoutSeconds + $script:TimeoutMarginSeconds
        }

        $remote = $computers.Count -gt 0
        $targets = New-Object -TypeName System.Collections.Generic.List[object]
        if ($remote) {
            foreach ($c in $computers) {
                $targets.Add($c)
            }
        } else {
            $targets.Add($null)
        }
        $total = $targets.Count
        $showProgress = $total -gt 1
        $activity = 'Querying user sessions'
        $window = 32

        $handle = {
            param($Response, $Computer)
            if ($null -ne $Response.error) {
                $prefix = ''
                if ($Computer) {
                    $prefix = "${Computer}: "
                }
                $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $Response.error -TargetObject $Computer -Prefix $prefix))
                return
            }
            foreach ($session in $Response.result.sessions) {
                ConvertFrom-UserSessionWireSession -Wire $session -Remote:$remote
            }
            foreach ($failure in $Response.result.failures) {
                $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $failure -TargetObject $failure.computerName -Prefix "$($failure.computerName): "))
            }
        }

        try {
            Initialize-UserSessionHelper
            $pending = @{}
            $next = 0
            $done = 0
            while ($done -lt $total) {
                while (($pending.Count -lt $window) -and ($next -lt $total)) {
                    $params = $commonParams.Clone()
                    $computer = $targets[$next]
                    if ($null -ne $computer) {
                        $params['computerNames'] = [string[]]@($computer)
                    }
                    $requestId = Send-UserSessionRequest -Method 'session.list' -Params $params
                    $pending[$requestId] = $computer
                    $next++
                }
                $response = Receive-UserSessionResponse -Id ([long[]]@($pending.Keys)) -TimeoutSeconds $rpcTimeout
                $responseId = [long]$response.id
                $computer = $pending[$responseId]
                $pending.Remove($responseId)
                $done++
                if ($showProgress) {
                    Write-Progress -Activity $activity -Status "$done of $total computers answered (last: $computer)" -PercentComplete ([int](100 * $done / $total))
                }
                & $handle $response $computer
            }
        } catch [System.Management.Automation.PipelineStoppedException] {
            throw
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        } finally {
            if ($showProgress) {
                Write-Progress -Activity $activity -Completed
            }
        }
    }
}
