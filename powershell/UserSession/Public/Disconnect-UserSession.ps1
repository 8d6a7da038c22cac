function Disconnect-UserSession {
    <#
    .SYNOPSIS
    Disconnects a session, or signs it out with -Logoff.

    .DESCRIPTION
    Disconnect-UserSession disconnects sessions (the user's programs keep
    running and the user can reconnect) or, with -Logoff, signs them out
    (the programs are closed and unsaved work is lost). Sessions are named
    by -Id and -ComputerName, or piped from Get-UserSession or
    Get-UserSessionProcess.

    It asks for confirmation (ConfirmImpact High), naming whom each action
    hits ("Sign out CONTOSO\bob (session 3, RDP-Tcp#7, idle 6 h) on
    RDS01"), unless -Force or -Confirm:$false is given. -WhatIf shows the
    same and sends nothing to any session.

    The caller's own session, session 0 and listeners are protected: the
    helper refuses them unless -IncludeProtected is given. -Force does not
    lift that protection; it only skips the prompt, so that scripts run
    unattended without losing it. A session piped from an earlier listing
    is acted on only if it is still the same logon: when its user signed
    out and the id went to someone else, the action is refused.

    Objects piped from other tools are taken only when they name their
    session and its computer: UserSession's own objects, and objects with
    SessionId and ComputerName, HostServer (Get-RDUserSession),
    PSComputerName, DNSHostName, Server or ServerName. Processes of
    Get-Process and objects without a computer are refused, so a process
    id is never taken for a session id.

    The actions are sent at once and each result is written as it arrives.
    -Message warns the users first: the message is shown, the command
    waits -GraceSeconds (once for all sessions), then acts. -Ask asks each
    user a Yes/No question instead: the session is acted on when the user
    answers Yes or does not answer within -AskTimeoutSeconds, and skipped
    with a warning when the user answers No.

    A session that cannot be acted on (gone, access denied, refused for
    safety, a computer that does not answer) is a non-terminating error
    for that session; the others are still processed. When the helper
    exits while actions are in flight, each of them is an error saying its
    outcome is unknown.

    .PARAMETER InputObject
    Sessions to act on, from the pipeline (see the description for what is
    accepted).

    .PARAMETER Id
    The session ids.

    .PARAMETER PSSession
    With -Id: the sessions of the computer of this PowerShell remoting
    session (see Get-UserSession -PSSession). Sessions piped from
    Get-UserSession -PSSession go back through their own PSSession without
    it.

    .PARAMETER ThrottleLimit
    How many PSSessions are acted through at once. Default 32.

    .PARAMETER ComputerName
    The computer the sessions named by -Id are on. Without it, the local
    computer.

    .PARAMETER Logoff
    Sign the sessions out instead of disconnecting them.

    .PARAMETER Wait
    Return only when the operation has completed (or -TimeoutSeconds
    passed; Completed then says $false).

    .PARAMETER Force
    Do not ask for confirmation. It does not lift the protection of your
    own session, session 0 and listeners: that is -IncludeProtected.

    .PARAMETER IncludeProtected
    Act even on the protected sessions: your own session, session 0 and
    listeners.

    .PARAMETER Reason
    Why, for the audit trail the helper keeps of every sign-out and
    disconnect.

    .PARAMETER TimeoutSeconds
    How long the helper gives each computer for the lookup and the action
    each. Default 10.

    .PARAMETER PassThru
    Write a UserSession.ActionResult object for each session acted on.

    .PARAMETER Message
    Text shown to the users first. Without -Ask, the command then waits
    -GraceSeconds before it acts; with -Ask, it is the question asked.

    .PARAMETER GraceSeconds
    Seconds between the -Message warning and the action. Default 60.

    .PARAMETER Ask
    Ask each user a Yes/No question and act only on Yes or when nobody answers.

    .PARAMETER AskTimeoutSeconds
    How long the -Ask question waits for an answer. Default 60.

    .PARAMETER Title
    Title of the message box shown with -Message or -Ask.

    .EXAMPLE
    Disconnect-UserSession -Id 3

    Disconnects session 3 of the local computer, after confirmation.

    .EXAMPLE
    Get-UserSession | Where-Object { $_.State -eq 'Disconnected' -and $_.IdleTime -gt '02:00:00' } | Disconnect-UserSession -Logoff -Force -Reason 'disconnected for over 2 h'

    Signs out every session that has been disconnected for more than two
    hours, without asking; your own session and session 0 stay protected.

    .EXAMPLE
    Get-UserSession -ComputerName SRV01 -UserName bob | Disconnect-UserSession -Logoff -Message 'Maintenance: save your work, you will be signed out in 5 minutes.' -GraceSeconds 300 -Force

    Warns bob, waits five minutes, then signs him out.

    .EXAMPLE
    Get-UserSession -ComputerName SRV01 -State Active | Disconnect-UserSession -Logoff -Ask -AskTimeoutSeconds 120 -Force -PassThru

    Asks each active user whether they may be signed out; signs out those
    who answer Yes or do not answer within two minutes.

    .EXAMPLE
    Disconnect-UserSession -ComputerName SRV01 -Id 5 -Logoff -WhatIf

    Shows whom it would sign out; nothing is sent to the session.

    .INPUTS
    UserSession.Session, UserSession.Process, or any object with SessionId
    and a computer name property.

    .OUTPUTS
    UserSession.ActionResult, with -PassThru.

    .LINK
    Get-UserSession

    .LINK
    about_UserSession
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', DefaultParameterSetName = 'Now')]
    [OutputType('UserSession.ActionResult')]
    param(
        [Parameter(ValueFromPipeline = $true)]
        [object]$InputObject,

        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty()]
        [ValidateRange(0, [int]::MaxValue)]
        [int[]]$Id,

        [Parameter(Position = 1)]
        [Alias('CN')]
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName,

        [ValidateNotNull()]
        [System.Management.Automation.Runspaces.PSSession]$PSSession,

        [ValidateRange(1, 1024)]
        [int]$ThrottleLimit = 32,

        [switch]$Logoff,

        [switch]$Wait,

        [switch]$Force,

        [switch]$IncludeProtected,

        [ValidateNotNullOrEmpty()]
        [string]$Reason,

        [ValidateRange(1, 3600)]
        [int]$TimeoutSeconds = 10,

        [switch]$PassThru,

        [Parameter(Mandatory = $true, ParameterSetName = 'Notice')]
        [Parameter(ParameterSetName = 'Ask')]
        [ValidateNotNullOrEmpty()]
        [string]$Message,

        [Parameter(ParameterSetName = 'Notice')]
        [ValidateRange(0, 86400)]
        [int]$GraceSeconds = 60,

        [Parameter(Mandatory = $true, ParameterSetName = 'Ask')]
        [switch]$Ask,

        [Parameter(ParameterSetName = 'Ask')]
        [ValidateRange(1, 86400)]
        [int]$AskTimeoutSeconds = 60,

        [Parameter(ParameterSetName = 'Notice')]
        [Parameter(ParameterSetName = 'Ask')]
        [ValidateNotNullOrEmpty()]
        [string]$Title = 'Message from your administrator'
    )

    begin {
        Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
        # -Force skips the confirmation prompt unless -Confirm was given
        # explicitly; -WhatIf still wins. It lifts no protection.
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        if ($Logoff) {
            $method = 'session.logoff'
            $operation = 'Sign out'
            $consequence = 'Its programs are closed and unsaved work is lost.'
        } else {
            $method = 'session.disconnect'
            $operation = 'Disconnect'
            $consequence = 'Its programs keep running; the user can reconnect.'
        }
        $sawInput = $false
        $deferred = [System.Collections.Generic.List[object]]::new()
        # Targets listed through a PSSession: sent back through it at the end.
        $remoteTargets = [System.Collections.Generic.List[object]]::new()
        # Request id -> target of the actions in flight.
        $inFlight = @{}
        # Set once the helper exits under this command: nothing more is sent.
        $flags = @{ HelperExited = $false }

        try {
            Initialize-UserSessionHelper
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        # After the helper is up: the local names come from its server.info.
        $resolvedComputer = Resolve-UserSessionComputerName -ComputerName $ComputerName

        # Sends the action for one target without waiting for its answer.
        $send = {
            param($Target)
            $params = @{
                id   = $Target.Id
                wait = [bool]$Wait
            }
            if ($IncludeProtected) {
                $params['force'] = $true
            }
            if ($Reason) {
                $params['reason'] = $Reason
            }
            if ($TimeoutSeconds -ne $script:HelperDefaultSeconds) {
                $params['timeoutSeconds'] = $TimeoutSeconds
            }
            if ($null -ne $Target.ComputerName) {
                $params['computerName'] = $Target.ComputerName
            }
            # The helper refuses the action if the session is no longer
            # this logon (its id went to a later one).
            $expected = Get-UserSessionExpectation -Session $Target.Session -Method $method
            foreach ($key in $expected.Keys) {
                $params[$key] = $expected[$key]
            }
            # The lookup and the action are bounded each.
            $requestId = Send-UserSessionRequest -Method $method -Params $params -HelperSeconds (2 * $TimeoutSeconds + 2) -Target ("the {0} of {1}" -f $operation.ToLowerInvariant(), $Target.Description) -Action $operation.ToLowerInvariant()
            $inFlight[$requestId] = $Target
        }

        # Writes the outcome of one answered action.
        $report = {
            param($Response)
            $target = $inFlight[[long]$Response.id]
            $inFlight.Remove([long]$Response.id)
            if ($null -ne $Response.error) {
                # Sent with -Action: a timeout or an exit of the helper says
                # that whether it was done is unknown. After an exit nothing
                # more is sent.
                if ((Get-UserSessionMember -InputObject $Response.error -Name 'transport') -eq 'HelperExited') {
                    $flags.HelperExited = $true
                }
                $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $Response.error -TargetObject $target.Id -Prefix "$operation $($target.Description): "))
                return
            }
            Write-Verbose -Message "$operation $($target.Description): completed $($Response.result.completed)."
            if ($PassThru) {
                [pscustomobject]@{
                    PSTypeName   = 'UserSession.ActionResult'
                    ComputerName = [string]$Response.result.computerName
                    Id           = [int]$Response.result.id
                    Action       = [string]$Response.result.action
                    Completed    = [bool]$Response.result.completed
                }
            }
        }

        # Sends one session.message per target and returns the answers, each
        # with its target, as they arrive.
        $sendMessages = {
            param($Targets, $Text, $Buttons, $BoxSeconds, $WaitForAnswer)
            $asked = @{}
            try {
                foreach ($target in $Targets) {
                    $requestId = Send-UserSessionMessageRequest -Id $target.Id -ComputerName $target.ComputerName -Title $Title -Text $Text -Buttons $Buttons -Wait:$WaitForAnswer -TimeoutSeconds $BoxSeconds -Reason $Reason -Description $target.Description
                    $asked[$requestId] = $target
                }
                while ($asked.Count -gt 0) {
                    $response = Receive-UserSessionResponse -Id ([long[]]@($asked.Keys))
                    $target = $asked[[long]$response.id]
                    $asked.Remove([long]$response.id)
                    [pscustomobject]@{ Target = $target; Response = $response }
                }
            } finally {
                Clear-UserSessionRequest -Id ([long[]]@($asked.Keys))
            }
        }

        # Asks for confirmation of one target and sends or defers its action.
        $consider = {
            param($Target)
            $Target | Add-Member -MemberType NoteProperty -Name 'Description' -Value (Get-UserSessionDescription -Target $Target) -Force
            $verb = "$operation $($Target.Description)"
            if (-not $PSCmdlet.ShouldProcess($verb, "${verb}? $consequence", $operation)) {
                return
            }
            if ($null -ne $Target.PSObject.Properties['PSSession']) {
                if ($PSCmdlet.ParameterSetName -ne 'Now') {
                    throw (New-UserSessionArgumentError -Message "-Message and -Ask are not available for sessions listed through a PSSession; send the message with Send-UserSessionMessage first." -Reason 'InvalidInput' -TargetObject $Target.Id)
                }
                $remoteTargets.Add($Target)
                return
            }
            if ($flags.HelperExited) {
                throw (Get-UserSessionHelperExitError)
            }
            if ($PSCmdlet.ParameterSetName -eq 'Now') {
                & $send $Target
                # Results as they arrive, while the rest are still asked for.
                while ($inFlight.Count -gt 0) {
                    $ready = Receive-UserSessionResponse -Id ([long[]]@($inFlight.Keys)) -Poll
                    if ($null -eq $ready) {
                        break
                    }
                    & $report $ready
                }
            } else {
                $deferred.Add($Target)
            }
        }
    }

    process {
        try {
            if ($PSBoundParameters.ContainsKey('InputObject')) {
                $sawInput = $true
                if ($PSBoundParameters.ContainsKey('Id')) {
                    throw (New-UserSessionArgumentError -Message 'Give -Id or pipe sessions, not both.' -Reason 'InvalidInput' -TargetObject $InputObject)
                }
                $viaSession = Resolve-UserSessionRemoteInput -InputObject $InputObject -ComputerNameGiven:($PSBoundParameters.ContainsKey('ComputerName') -or $PSBoundParameters.ContainsKey('PSSession'))
                if ($null -ne $viaSession) {
                    if ($null -ne $viaSession.Error) {
                        $PSCmdlet.WriteError($viaSession.Error)
                        return
                    }
                    & $consider $viaSession.Target
                    return
                }
                if ($PSBoundParameters.ContainsKey('PSSession')) {
                    throw (New-UserSessionArgumentError -Message 'With -PSSession, name the sessions with -Id, or pipe sessions listed by Get-UserSession -PSSession without it.' -Reason 'InvalidInput' -TargetObject $InputObject)
                }
                $target = Resolve-UserSessionInput -InputObject $InputObject -ComputerName $ComputerName -ResolvedComputerName $resolvedComputer
                if ($null -ne $target.Error) {
                    $PSCmdlet.WriteError($target.Error)
                    return
                }
                & $consider $target
                return
            }
            if (-not $PSBoundParameters.ContainsKey('Id')) {
                return
            }
            $sawInput = $true
            if ($PSBoundParameters.ContainsKey('PSSession')) {
                foreach ($found in @(Find-UserSessionRemoteTarget -Cmdlet $PSCmdlet -Id $Id -PSSession $PSSession -ComputerNameGiven:$PSBoundParameters.ContainsKey('ComputerName') -HelperSeconds $TimeoutSeconds)) {
                    & $consider $found
                }
                return
            }
            foreach ($found in @(Find-UserSessionTarget -Id $Id -ComputerName $ComputerName -HelperSeconds $TimeoutSeconds -Operation $method.Substring(8))) {
                if ($null -ne $found.Error) {
                    $PSCmdlet.WriteError($found.Error)
                    continue
                }
                & $consider $found.Target
            }
        } catch [System.Management.Automation.PipelineStoppedException] {
            Clear-UserSessionRequest -Id ([long[]]@($inFlight.Keys))
            throw
        } catch [System.Management.Automation.ActionPreferenceStopException] {
            Clear-UserSessionRequest -Id ([long[]]@($inFlight.Keys))
            throw
        } catch {
            Clear-UserSessionRequest -Id ([long[]]@($inFlight.Keys))
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }

    end {
        try {
            if (-not $sawInput) {
                $PSCmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message 'Name the sessions with -Id (and -ComputerName), or pipe them from Get-UserSession.' -Reason 'NoTarget' -TargetObject $null))
            }
            while ($inFlight.Count -gt 0) {
                & $report (Receive-UserSessionResponse -Id ([long[]]@($inFlight.Keys)))
            }
            if ($remoteTargets.Count -gt 0) {
                $actionParams = @{ wait = [bool]$Wait }
                if ($IncludeProtected) {
                    $actionParams['force'] = $true
                }
                if ($Reason) {
                    $actionParams['reason'] = $Reason
                }
                if ($TimeoutSeconds -ne $script:HelperDefaultSeconds) {
                    $actionParams['timeoutSeconds'] = $TimeoutSeconds
                }
                Complete-UserSessionRemoteAction -Cmdlet $PSCmdlet -Target $remoteTargets.ToArray() -Method $method -Params $actionParams -Operation $operation -TimeoutSeconds (2 * $TimeoutSeconds + 2) -ThrottleLimit $ThrottleLimit -PassThru:$PassThru
            }
            if ($deferred.Count -eq 0) {
                return
            }
            if (-not $Ask) {
                # -Message: warn, wait, act.
                $ready = [System.Collections.Generic.List[object]]::new()
                foreach ($answer in @(& $sendMessages $deferred $Message 'ok' $GraceSeconds $false)) {
                    $rpcError = $answer.Response.error
                    if ($null -eq $rpcError) {
                        $ready.Add($answer.Target)
                    } elseif ((Get-UserSessionMember -InputObject $rpcError -Name 'code') -eq -32004) {
                        Write-Warning -Message "$($answer.Target.Description): the warning could not be shown ($($rpcError.message)); acting after the grace period anyway."
                        $ready.Add($answer.Target)
                    } else {
                        $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $rpcError -TargetObject $answer.Target.Id -Prefix "$($answer.Target.Description): "))
                    }
                }
                if (($ready.Count -gt 0) -and ($GraceSeconds -gt 0)) {
                    $activity = "Waiting $GraceSeconds seconds before: $operation"
                    for ($left = $GraceSeconds; $left -gt 0; $left--) {
                        Write-Progress -Activity $activity -Status "$($ready.Count) session(s), $left seconds left" -SecondsRemaining $left -PercentComplete ([int](100 * ($GraceSeconds - $left) / $GraceSeconds))
                        Start-Sleep -Seconds 1
                    }
                    Write-Progress -Activity $activity -Completed
                }
                foreach ($target in $ready) {
                    & $send $target
                }
            } else {
                # -Ask
                $question = $Message
                if (-not $question) {
                    if ($Logoff) {
                        $question = 'An administrator needs to sign out your session. Your programs will be closed: save your work first. Sign out now?'
                    } else {
                        $question = 'An administrator needs to disconnect your session. Your programs keep running and you can reconnect later. Disconnect now?'
                    }
                    $question += " If nobody answers within $AskTimeoutSeconds seconds, it goes ahead."
                }
                foreach ($answer in @(& $sendMessages $deferred $question 'yesNo' $AskTimeoutSeconds $true)) {
                    $rpcError = $answer.Response.error
                    if ($null -ne $rpcError) {
                        $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $rpcError -TargetObject $answer.Target.Id -Prefix "$($answer.Target.Description): "))
                        continue
                    }
                    $reply = [string]$answer.Response.result.response
                    if (($reply -eq 'yes') -or ($reply -eq 'timeout')) {
                        Write-Verbose -Message "$($answer.Target.Description): the user answered '$reply'."
                        & $send $answer.Target
                    } else {
                        Write-Warning -Message "$($answer.Target.Description): the user answered '$reply'; skipped."
                    }
                }
            }
            while ($inFlight.Count -gt 0) {
                & $report (Receive-UserSessionResponse -Id ([long[]]@($inFlight.Keys)))
            }
        } catch [System.Management.Automation.PipelineStoppedException] {
            throw
        } catch [System.Management.Automation.ActionPreferenceStopException] {
            throw
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        } finally {
            Clear-UserSessionRequest -Id ([long[]]@($inFlight.Keys))
        }
    }
}
