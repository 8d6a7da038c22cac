function Get-UserSessionProcess {
    <#
    .SYNOPSIS
    Lists the processes running in user sessions.

    .DESCRIPTION
    Get-UserSessionProcess returns one UserSession.Process object per process,
    with the session it runs in, its user and owner SID, working set, CPU
    time, thread and handle counts, like the Users tab of Task Manager.
    Counters the system does not report are $null. Sessions are named by
    -Id and -ComputerName or piped from Get-UserSession; computer names may
    be piped too. What runs in a session is what a sign-out would close:
    look before you sign out.

    .PARAMETER InputObject
    Sessions (UserSession's objects, or objects with SessionId and a
    computer name), or computer names, from the pipeline.

    .PARAMETER Id
    Only the processes of these sessions. Without it, the processes of
    every session. A $null, empty or blank id is an error, never session 0.

    .PARAMETER PSSession
    The processes of the computers of these PowerShell remoting sessions
    (see Get-UserSession -PSSession). Sessions piped from
    Get-UserSession -PSSession go back through their own PSSession without
    it.

    .PARAMETER ThrottleLimit
    How many computers are asked at once, with -ComputerName (one request
    each) or -PSSession. Default 32; from 1 to 1024.

    .PARAMETER ComputerName
    The computers to query. Without it, the local computer.

    .PARAMETER Name
    Only the processes whose name matches. Wildcards are allowed.

    .PARAMETER TimeoutSeconds
    How long the helper waits for the computer. Default 10.

    .EXAMPLE
    Get-UserSessionProcess

    Lists the processes of every session of the local computer.

    .EXAMPLE
    Get-UserSession -UserName bob | Get-UserSessionProcess

    Lists bob's processes: what signing him out would close.

    .EXAMPLE
    Get-UserSessionProcess -ComputerName SRV01 -Name 'excel*' | Sort-Object -Property WorkingSetBytes -Descending

    Lists the Excel processes of SRV01, largest first.

    .EXAMPLE
    Get-UserSessionProcess -Name 'hung.exe' | Sort-Object -Property SessionId -Unique | Disconnect-UserSession -Logoff -Force

    Signs out the sessions that run hung.exe (a process names its session,
    never its process id).

    .INPUTS
    UserSession.Session, objects with SessionId and a computer name, or
    computer names.

    .OUTPUTS
    UserSession.Process

    .LINK
    Get-UserSession

    .LINK
    about_UserSession
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Process')]
    param(
        [Parameter(ValueFromPipeline = $true)]
        [object]$InputObject,

        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty()]
        [ValidateScript({ Test-UserSessionIdArgument -Value $_ })]
        [object[]]$Id,

        [Alias('CN')]
        [ValidateNotNullOrEmpty()]
        [ValidateScript({ Test-UserSessionComputerNameArgument -Value $_ })]
        [object[]]$ComputerName,

        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.Runspaces.PSSession[]]$PSSession,

        [ValidateRange(1, 1024)]
        [int]$ThrottleLimit = 32,

        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]]$Name,

        [ValidateRange(1, 3600)]
        [int]$TimeoutSeconds = 10
    )

    begin {
        Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
        if ($PSBoundParameters.ContainsKey('Id')) {
            # Validated by Test-UserSessionIdArgument: whole numbers only.
            $Id = [int[]]$Id
        }
        Assert-UserSessionBoundParameter -Cmdlet $PSCmdlet
        try {
            Initialize-UserSessionHelper
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        # After the helper is up: the local names come from its server.info.
        # Reading the processes of several computers asks each of them.
        $computers = @($ComputerName)
        if ($computers.Count -eq 0) {
            $computers = @($null)
        }
        $resolvedComputers = @(foreach ($computer in $computers) { Resolve-UserSessionComputerName -ComputerName $computer })
        $patterns = @()
        foreach ($pattern in $Name) {
            $patterns += [System.Management.Automation.WildcardPattern]::new($pattern, ([System.Management.Automation.WildcardOptions]::IgnoreCase))
        }
        # Computer ("" for the local one) -> the session ids asked, or $null
        # for every session; hosts in the order first named.
        $order = [System.Collections.Generic.List[string]]::new()
        $wanted = @{}
        $add = {
            param($Computer, $Ids)
            $key = [string]$Computer
            if (-not $wanted.ContainsKey($key)) {
                $order.Add($key)
                $wanted[$key] = [System.Collections.Generic.List[int]]::new()
            }
            if ($null -eq $Ids) {
                $wanted[$key] = $null
            } elseif ($null -ne $wanted[$key]) {
                foreach ($i in $Ids) {
                    if (-not $wanted[$key].Contains($i)) {
                        $wanted[$key].Add($i)
                    }
                }
            }
        }
        $sawInput = $false
        # PSSession instance id -> Session and the ids wanted there.
        $remoteWanted = [ordered]@{}
        $addRemote = {
            param($Session, $Ids)
            $key = $Session.InstanceId
            if (-not $remoteWanted.Contains($key)) {
                $remoteWanted[$key] = [pscustomobject]@{ Session = $Session; Ids = [System.Collections.Generic.List[int]]::new() }
            }
            if ($null -eq $Ids) {
                $remoteWanted[$key].Ids = $null
            } elseif ($null -ne $remoteWanted[$key].Ids) {
                foreach ($i in $Ids) {
                    if (-not $remoteWanted[$key].Ids.Contains($i)) {
                        $remoteWanted[$key].Ids.Add($i)
                    }
                }
            }
        }
    }

    process {
        try {
            if ($PSBoundParameters.ContainsKey('InputObject')) {
                $sawInput = $true
                $viaSession = Resolve-UserSessionRemoteInput -InputObject $InputObject -ComputerNameGiven:($PSBoundParameters.ContainsKey('ComputerName') -or $PSBoundParameters.ContainsKey('PSSession'))
                if ($null -ne $viaSession) {
                    if ($null -ne $viaSession.Error) {
                        $PSCmdlet.WriteError($viaSession.Error)
                        return
                    }
                    & $addRemote $viaSession.Target.PSSession @($viaSession.Target.Id)
                    return
                }
                if ($InputObject -is [string]) {
                    # A blank name is an error, never this computer.
                    if ($InputObject.Trim().Length -eq 0) {
                        $PSCmdlet.WriteError((New-UserSessionArgumentError -Message "A blank computer name was piped: it names no computer (this computer is named by leaving the input out)." -Reason 'InvalidInput' -TargetObject $InputObject))
                        return
                    }
                    & $add (Resolve-UserSessionComputerName -ComputerName $InputObject) $null
                    return
                }
                # A piped session keeps its own computer (one of those named,
                # if any are); a piped id is read on each computer named.
                $firstError = $null
                $matched = $false
                for ($i = 0; $i -lt $computers.Count; $i++) {
                    $target = Resolve-UserSessionInput -InputObject $InputObject -ComputerName $computers[$i] -ResolvedComputerName $resolvedComputers[$i]
                    if ($null -ne $target.Error) {
                        if ($null -eq $firstError) {
                            $firstError = $target.Error
                        }
                        continue
                    }
                    $matched = $true
                    & $add $target.ComputerName @($target.Id)
                }
                if (-not $matched) {
                    $PSCmdlet.WriteError($firstError)
                }
            }
        } catch {
            Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }

    end {
        # An empty pipeline (Get-UserSession that found nobody) lists
        # nothing: without this check it would list every process.
        if ((-not $sawInput) -and $MyInvocation.ExpectingInput) {
            return
        }
        if ((-not $sawInput) -and $PSBoundParameters.ContainsKey('PSSession')) {
            if ($PSBoundParameters.ContainsKey('ComputerName')) {
                $PSCmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message 'Give -ComputerName or -PSSession, not both.' -Reason 'InvalidInput' -TargetObject $PSSession))
            }
            foreach ($session in (Select-UserSessionPSSession -PSSession $PSSession)) {
                if ($PSBoundParameters.ContainsKey('Id')) {
                    & $addRemote $session ([int[]]$Id)
                } else {
                    & $addRemote $session $null
                }
            }
        }
        if ($remoteWanted.Count -gt 0) {
            try {
                Get-UserSessionProcessFromPSSession -Cmdlet $PSCmdlet -Wanted @($remoteWanted.Values) -Pattern $patterns -TimeoutSeconds $TimeoutSeconds -ThrottleLimit $ThrottleLimit
            } catch [System.Management.Automation.PipelineStoppedException] {
                throw
            } catch [System.Management.Automation.ActionPreferenceStopException] {
                throw
            } catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
            if ($order.Count -eq 0) {
                return
            }
        }
        if ((-not $sawInput) -and ($remoteWanted.Count -eq 0)) {
            foreach ($resolvedComputer in $resolvedComputers) {
                if ($PSBoundParameters.ContainsKey('Id')) {
                    & $add $resolvedComputer ([int[]]$Id)
                } else {
                    & $add $resolvedComputer $null
                }
            }
        }
        $pending = @{}
        try {
            # session.processes reads one host: at most -ThrottleLimit of
            # them are asked at once, the next as soon as one has answered.
            $next = 0
            while (($next -lt $order.Count) -or ($pending.Count -gt 0)) {
                while (($pending.Count -lt $ThrottleLimit) -and ($next -lt $order.Count)) {
                    $key = $order[$next]
                    $next++
                    $params = @{}
                    $label = 'this computer'
                    if ($key) {
                        $params['computerName'] = $key
                        $label = $key
                    }
                    if ($null -ne $wanted[$key]) {
                        $params['ids'] = [int[]]$wanted[$key].ToArray()
                    }
                    if ($TimeoutSeconds -ne $script:HelperDefaultSeconds) {
                        $params['timeoutSeconds'] = $TimeoutSeconds
                    }
                    $requestId = Send-UserSessionRequest -Method 'session.processes' -Params $params -HelperSeconds ($TimeoutSeconds + 2) -Target "the processes of $label"
                    $pending[$requestId] = $label
                }
                $response = Receive-UserSessionResponse -Id ([long[]]@($pending.Keys))
                $label = $pending[[long]$response.id]
                $pending.Remove([long]$response.id)
                if ($null -ne $response.error) {
                    $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $label -Prefix "${label}: "))
                    continue
                }
                foreach ($wire in $response.result.processes) {
                    if ($patterns.Count -gt 0) {
                        $matched = $false
                        foreach ($pattern in $patterns) {
                            if ($pattern.IsMatch([string]$wire.name)) {
                                $matched = $true
                            }
                        }
                        if (-not $matched) {
                            continue
                        }
                    }
                    ConvertFrom-UserSessionWireProcess -Wire $wire
                }
            }
        } catch {
            Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
        } finally {
            Clear-UserSessionRequest -Id ([long[]]@($pending.Keys))
        }
    }
}
