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
    waits -GraceSeconds (once for all sessions), then acts; a session whose
    warning could not be shown is not acted on (an error for it), unless it
    is disconnected. -Ask asks each user a Yes/No question instead: the
    session is acted on only when the user answers Yes. No answer within
    -AskTimeoutSeconds, or a session whose user cannot see the question
    (disconnected, locked, or lock state unknown: it is not asked, its
    answer is notShown), is skipped with a warning unless
    -ProceedWithoutAnswer is given, and then the question says so.

    -WhatIf and the prompt say what the real run would do: a protected
    session reads "would be refused: your own session" under -WhatIf and
    is never offered in a prompt. An empty pipeline does nothing.

    A session that cannot be acted on (gone, access denied, refused for
    safety, a computer that does not answer) is a non-terminating error
    for that session; the others are still processed. When the helper
    exits while actions are in flight, each of them is an error saying its
    outcome is unknown.

    .PARAMETER InputObject
    Sessions to act on, from the pipeline (see the description for what is
    accepted).

    .PARAMETER Id
    The session ids: whole numbers. A $null, empty or blank id is an
    error, never session 0.

    .PARAMETER PSSession
    With -Id: the sessions of the computer of this PowerShell remoting
    session (see Get-UserSession -PSSession). Sessions piped from
    Get-UserSession -PSSession go back through their own PSSession without
    it.

    .PARAMETER ThrottleLimit
    How many sessions are acted on at once (the next waits for an answer),
    and how many PSSessions are acted through at once. Default 32; from 1
    to 1024.

    .PARAMETER ComputerName
    The computer the sessions named by -Id are on. Without it, the local
    computer; a $null, empty or blank value is an error, never the local
    computer. One computer only: a session id means nothing across
    computers (pipe sessions from Get-UserSession -ComputerName A, B to act
    on several).

    .PARAMETER Logoff
    Sign the sessions out instead of disconnecting them.

    .PARAMETER Wait
    Return only when the operation has completed, and say so: Completed is
    $true. When -TimeoutSeconds pass first, the command returns then with
    no error and Completed $false: the request was sent, its end was not
    seen (the user may still be signing out). Without -Wait, Completed is
    always $false, as Windows reports a sign-out or disconnect once it is
    requested, not once it is done.

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
    Write a UserSession.ActionResult object for each session acted on, and
    with -Ask for each session skipped (Action none). Its Completed is $true
    only with -Wait (see -Wait). Its Answer is the user's answer to -Ask:
    yes, no, timeout or notShown.

    .PARAMETER Message
    Text shown to the users first. Without -Ask, the command then waits
    -GraceSeconds before it acts; with -Ask, it is the question asked.

    .PARAMETER GraceSeconds
    Seconds between the -Message warning and the action. Default 60.

    .PARAMETER Ask
    Ask each user a Yes/No question and act only on Yes.

    .PARAMETER AskTimeoutSeconds
    How long the -Ask question waits for an answer. Default 60.

    .PARAMETER ProceedWithoutAnswer
    With -Ask, also act when nobody answers within -AskTimeoutSeconds or
    the user cannot see the question. The question then says that no
    answer means it goes ahead, with a custom -Message too.

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
    Get-UserSession -ComputerName SRV01 -State Active | Disconnect-UserSession -Logoff -Ask -AskTimeoutSeconds 120 -ProceedWithoutAnswer -Force -PassThru

    Asks each active user whether they may be signed out; signs out those
    who answer Yes or do not answer within two minutes (the question says
    so). Each result's Answer says which.

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
        [ValidateScript({ Test-UserSessionIdArgument -Value $_ })]
        [object[]]$Id,

        [Parameter(Position = 1)]
        [Alias('CN')]
        [ValidateNotNullOrEmpty()]
        [ValidateScript({ Test-UserSessionComputerNameArgument -Value $_ })]
        [object[]]$ComputerName,

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

        [Parameter(ParameterSetName = 'Ask')]
        [switch]$ProceedWithoutAnswer,

        [Parameter(ParameterSetName = 'Notice')]
        [Parameter(ParameterSetName = 'Ask')]
        [ValidateNotNullOrEmpty()]
        [string]$Title = 'Message from your administrator'
    )

    begin {
        Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
        if ($PSBoundParameters.ContainsKey('Id')) {
            # Validated by Test-UserSessionIdArgument: whole numbers only.
            $Id = [int[]]$Id
        }
        Assert-UserSessionBoundParameter -Cmdlet $PSCmdlet
        # -Force skips the confirmation prompt unless -Confirm was given
        # explicitly; -WhatIf still wins. It lifts no protection.
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        # The state of this command, for the functions that do its parts
        # (Submit-UserSessionAction, Send-UserSessionAction,
        # Receive-UserSessionActionResult, Invoke-UserSessionNotice,
        # Invoke-UserSessionQuestion).
        $run = @{
            Cmdlet               = $PSCmdlet
            Logoff               = [bool]$Logoff
            # The helper's name of the action, as a failed lookup names it.
            Action               = 'disconnect'
            Operation            = 'Disconnect'
            Consequence          = 'Its programs keep running; the user can reconnect.'
            Wait                 = [bool]$Wait
            IncludeProtected     = [bool]$IncludeProtected
            Reason               = $Reason
            TimeoutSeconds       = $TimeoutSeconds
            PassThru             = [bool]$PassThru
            Message              = $Message
            GraceSeconds         = $GraceSeconds
            AskTimeoutSeconds    = $AskTimeoutSeconds
            ProceedWithoutAnswer = [bool]$ProceedWithoutAnswer
            Title                = $Title
            # -Message and -Ask act at the end, on the targets confirmed.
            Deferred             = $PSCmdlet.ParameterSetName -ne 'Now'
            Targets              = [System.Collections.Generic.List[object]]::new()
            # Targets listed through a PSSession: sent back through it at the end.
            RemoteTargets        = [System.Collections.Generic.List[object]]::new()
            # Request id -> target of the actions in flight, at most
            # ThrottleLimit of them.
            InFlight             = @{}
            ThrottleLimit        = $ThrottleLimit
            # Set once the helper exits under this command: nothing more is sent.
            HelperExited         = $false
            SawInput             = $false
        }
        if ($Logoff) {
            $run.Action = 'logoff'
            $run.Operation = 'Sign out'
            $run.Consequence = 'Its programs are closed and unsaved work is lost.'
        }
        try {
            Initialize-UserSessionHelper
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        # One computer: a session id means nothing across computers.
        if (@($ComputerName).Count -gt 1) {
            $PSCmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message ('-ComputerName names the one computer whose sessions -Id or the piped ids are on, not {0}: a session id means nothing across computers. To act on sessions of several computers, pipe them: Get-UserSession -ComputerName {1} -Id 3 | {2}.' -f @($ComputerName).Count, (@($ComputerName) -join ', '), $MyInvocation.MyCommand.Name) -Reason 'InvalidInput' -TargetObject $ComputerName))
        }
        $oneComputerName = [string]@($ComputerName)[0]
        # After the helper is up: the local names come from its server.info.
        $resolvedComputer = Resolve-UserSessionComputerName -ComputerName $oneComputerName
    }

    process {
        try {
            if ($PSBoundParameters.ContainsKey('InputObject')) {
                $run.SawInput = $true
                if ($PSBoundParameters.ContainsKey('Id')) {
                    throw (New-UserSessionArgumentError -Message 'Give -Id or pipe sessions, not both.' -Reason 'InvalidInput' -TargetObject $InputObject)
                }
                $viaSession = Resolve-UserSessionRemoteInput -InputObject $InputObject -ComputerNameGiven:($PSBoundParameters.ContainsKey('ComputerName') -or $PSBoundParameters.ContainsKey('PSSession'))
                if ($null -ne $viaSession) {
                    if ($null -ne $viaSession.Error) {
                        $PSCmdlet.WriteError($viaSession.Error)
                        return
                    }
                    Submit-UserSessionAction -Run $run -Target $viaSession.Target
                    return
                }
                if ($PSBoundParameters.ContainsKey('PSSession')) {
                    throw (New-UserSessionArgumentError -Message 'With -PSSession, name the sessions with -Id, or pipe sessions listed by Get-UserSession -PSSession without it.' -Reason 'InvalidInput' -TargetObject $InputObject)
                }
                $target = Resolve-UserSessionInput -InputObject $InputObject -ComputerName $oneComputerName -ResolvedComputerName $resolvedComputer
                if ($null -ne $target.Error) {
                    $PSCmdlet.WriteError($target.Error)
                    return
                }
                Submit-UserSessionAction -Run $run -Target $target
                return
            }
            if (-not $PSBoundParameters.ContainsKey('Id')) {
                return
            }
            $run.SawInput = $true
            if ($PSBoundParameters.ContainsKey('PSSession')) {
                foreach ($found in @(Find-UserSessionRemoteTarget -Cmdlet $PSCmdlet -Id $Id -PSSession $PSSession -ComputerNameGiven:$PSBoundParameters.ContainsKey('ComputerName') -HelperSeconds $TimeoutSeconds)) {
                    Submit-UserSessionAction -Run $run -Target $found
                }
                return
            }
            foreach ($found in @(Find-UserSessionTarget -Id $Id -ComputerName $oneComputerName -HelperSeconds $TimeoutSeconds -Operation $run.Action)) {
                if ($null -ne $found.Error) {
                    $PSCmdlet.WriteError($found.Error)
                    continue
                }
                Submit-UserSessionAction -Run $run -Target $found.Target
            }
        } catch {
            Clear-UserSessionRequest -Id ([long[]]@($run.InFlight.Keys))
            Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }

    end {
        try {
            if (-not $run.SawInput) {
                # An empty pipeline does nothing and says nothing, as
                # `@() | Stop-Process` does; no target at all is an error.
                if ($MyInvocation.ExpectingInput) {
                    return
                }
                $PSCmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message 'Name the sessions with -Id (and -ComputerName), or pipe them from Get-UserSession.' -Reason 'NoTarget' -TargetObject $null))
            }
            Receive-UserSessionActionResult -Run $run
            if ($run.RemoteTargets.Count -gt 0) {
                # Sessions listed through a PSSession go back through it.
                $method = 'session.disconnect'
                if ($Logoff) {
                    $method = 'session.logoff'
                }
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
                Complete-UserSessionRemoteAction -Cmdlet $PSCmdlet -Target $run.RemoteTargets.ToArray() -Method $method -Params $actionParams -Operation $run.Operation -TimeoutSeconds (2 * $TimeoutSeconds + 2) -ThrottleLimit $ThrottleLimit -PassThru:$PassThru
            }
            if ($run.Targets.Count -eq 0) {
                return
            }
            if ($Ask) {
                Invoke-UserSessionQuestion -Run $run
            } else {
                Invoke-UserSessionNotice -Run $run
            }
            Receive-UserSessionActionResult -Run $run
        } catch {
            Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
        } finally {
            Clear-UserSessionRequest -Id ([long[]]@($run.InFlight.Keys))
        }
    }
}
