function Disconnect-UserSession {
    <#
    .SYNOPSIS
    Disconnects a session, or signs it out with -Logoff.

    .DESCRIPTION
    Disconnect-UserSession disconnects sessions (the user's programs keep
    running and the user can reconnect) or, with -Logoff, signs them out (the
    programs are closed). Sessions are named by -Id and -ComputerName, or piped
    from Get-UserSession or Get-UserSessionProcess, whose Id/SessionId and
    ComputerName properties bind by name.

    It asks for confirmation (ConfirmImpact High) unless -Force or
    -Confirm:$false is given. -WhatIf shows what would be done and sends
    nothing to any session. -Force also lets the helper act on sessions it
    refuses by default: the caller's own session, session 0 and listeners.

    -Message warns the users first: the message is shown, the command waits
    -GraceSeconds (once for all sessions), then acts. -Ask asks each user a
    Yes/No question instead: the session is acted on when the user answers
    Yes or does not answer within -AskTimeoutSeconds, and skipped with a
    warning when the user answers No.

    A session that cannot be acted on (gone, access denied, refused for
    safety) produces a non-terminating error; the other sessions are still
    processed.

    .PARAMETER Id
    The session ids. Binds from the Id or SessionId property of piped objects.

    .PARAMETER ComputerName
    The computer the sessions are on. Without it, the local computer. Binds
    from the ComputerName property of piped objects.

    .PARAMETER Logoff
    Sign the sessions out instead of disconnecting them.

    .PARAMETER Wait
    Return only when the operation has completed.

    .PARAMETER Force
    Do not ask for confirmation, and act even on sessions the helper refuses
    by default (your own session, session 0, listeners).

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
    Get-UserSession | Where-Object { $_.State -eq 'Disconnected' -and $_.IdleTime -gt '02:00:00' } | Disconnect-UserSession -Logoff -Force

    Signs out every session that has been disconnected for more than two
    hours, without asking.

    .EXAMPLE
    Get-UserSession -ComputerName SRV01 -UserName bob | Disconnect-UserSession -Logoff -Message 'Maintenance: save your work, you will be signed out in 5 minutes.' -GraceSeconds 300 -Force

    Warns bob, waits five minutes, then signs him out.

    .EXAMPLE
    Get-UserSession -ComputerName SRV01 -State Active | Disconnect-UserSession -Logoff -Ask -AskTimeoutSeconds 120 -Force -PassThru

    Asks each active user whether they may be signed out; signs out those
    who answer Yes or do not answer within two minutes.

    .EXAMPLE
    Disconnect-UserSession -ComputerName SRV01 -Id 5 -Logoff -WhatIf

    Shows what would be done; nothing is sent to the session.

    .INPUTS
    UserSession.Session, UserSession.Process, or any object with Id (or
    SessionId) and ComputerName properties.

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
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('SessionId')]
        [ValidateRange(0, [int]::MaxValue)]
        [int[]]$Id,

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)]
        [Alias('CN', 'PSComputerName')]
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName,

        [switch]$Logoff,

        [switch]$Wait,

        [switch]$Force,

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
        # The documented -Force pattern: -Force skips the confirmation prompt
        # unless -Confirm was given explicitly. -WhatIf still wins.
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        if ($Logoff) {
            $method = 'session.logoff'
            $operation = 'Sign out'
        } else {
            $method = 'session.disconnect'
            $operation = 'Disconnect'
        }
        $deferred = New-Object -TypeName System.Collections.Generic.List[object]
        $rpcTimeout = $script:DefaultTimeoutSeconds
        # Copies of the parameters the script blocks below read.
        $waitFlag = [bool]$Wait
        $forceFlag = [bool]$Force
        $passThruFlag = [bool]$PassThru
        $askFlag = [bool]$Ask
        $messageTitle = $Title

        try {
            Initialize-UserSessionHelper
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }

        # Performs the action on one target; errors are non-terminating.
        $act = {
            param($Target)
            $params = @{
                id    = $Target.Id
                wait  = $waitFlag
                force = $forceFlag
            }
            if ($null -ne $Target.ComputerName) {
                $params['computerName'] = $Target.ComputerName
            }
            $response = Invoke-UserSessionRpc -Method $method -Params $params -TimeoutSeconds $rpcTimeout
            if ($null -ne $response.error) {
                $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $Target.Id -Prefix "$($Target.Description): "))
                return
            }
            Write-Verbose -Message "$operation $($Target.Description): completed $($response.result.completed)."
            if ($passThruFlag) {
                [pscustomobject]@{
                    PSTypeName   = 'UserSession.ActionResult'
                    ComputerName = [string]$response.result.computerName
                    Id           = [int]$response.result.id
                    Action       = [string]$response.result.action
                    Completed    = [bool]$response.result.completed
                }
            }
        }

        # Sends one session.message per target and returns the responses,
        # each with its target, as they arrive.
        $sendMessages = {
            param($Targets, $Text, $Buttons, $TimeoutSeconds, $WaitForAnswer, $ReceiveTimeout)
            $inFlight = @{}
            foreach ($target in $Targets) {
                $params = @{
                    id      = $target.Id
                    title   = $messageTitle
                    text    = $Text
                    buttons = $Buttons
                    wait    = [bool]$WaitForAnswer
                }
                if ($TimeoutSeconds -gt 0) {
                    $params['timeoutSeconds'] = $TimeoutSeconds
                }
                if ($null -ne $target.ComputerName) {
                    $params['computerName'] = $target.ComputerName
                }
                $requestId = Send-UserSessionRequest -Method 'session.message' -Params $params
                $inFlight[$requestId] = $target
            }
            while ($inFlight.Count -gt 0) {
                $response = Receive-UserSessionResponse -Id ([long[]]@($inFlight.Keys)) -TimeoutSeconds $ReceiveTimeout
                $responseId = [long]$response.id
                $target = $inFlight[$responseId]
                $inFlight.Remove($responseId)
                [pscustomobject]@{ Target = $target; Response = $response }
            }
        }
    }

    process {
        try {
            $computer = Resolve-UserSessionComputerName -ComputerName $ComputerName
            foreach ($sessionId in $Id) {
                if ($null -ne $computer) {
                    $description = "Session $sessionId on $computer"
                } else {
                    $description = "Session $sessionId on this computer"
                }
                if (-not $PSCmdlet.ShouldProcess($description, $operation)) {
                    continue
                }
                $target = [pscustomobject]@{ Id = $sessionId; ComputerName = $computer; Description = $description }
                if ($PSCmdlet.ParameterSetName -eq 'Now') {
                    & $act $target
                } else {
                    $deferred.Add($target)
                }
            }
        } catch [System.Management.Automation.PipelineStoppedException] {
            throw
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }

    end {
        if ($deferred.Count -eq 0) {
            return
        }
        try {
            if (-not $askFlag) {
                # -Message: warn, wait, act.
                $ready = New-Object -TypeName System.Collections.Generic.List[object]
                $answers = & $sendMessages $deferred $Message 'ok' $GraceSeconds $false $rpcTimeout
                foreach ($answer in $answers) {
                    $rpcError = $answer.Response.error
                    if ($null -eq $rpcError) {
                        $ready.Add($answer.Target)
                    } elseif ([int]$rpcError.code -eq -32004) {
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
                    & $act $target
                }
                return
            }

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
            $answers = & $sendMessages $deferred $question 'yesNo' $AskTimeoutSeconds $true ($AskTimeoutSeconds + $script:TimeoutMarginSeconds)
            foreach ($answer in $answers) {
                $rpcError = $answer.Response.error
                if ($null -ne $rpcError) {
                    $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $rpcError -TargetObject $answer.Target.Id -Prefix "$($answer.Target.Description): "))
                    continue
                }
                $reply = [string]$answer.Response.result.response
                if (($reply -eq 'yes') -or ($reply -eq 'timeout')) {
                    Write-Verbose -Message "$($answer.Target.Description): the user answered '$reply'."
                    & $act $answer.Target
                } else {
                    Write-Warning -Message "$($answer.Target.Description): the user answered '$reply'; skipped."
                }
            }
        } catch [System.Management.Automation.PipelineStoppedException] {
            throw
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
