function Send-UserSessionMessage {
    <#
    .SYNOPSIS
    Shows a message box in user sessions and returns what became of it.

    .DESCRIPTION
    Send-UserSessionMessage shows a message box, like `msg`, in each session
    named by -Id and -ComputerName or piped from Get-UserSession. It returns
    one UserSession.MessageResponse object per session. With -Wait, Response
    is the button the user pressed (ok, cancel, yes, no) or timeout when
    nobody answered within -TimeoutSeconds; without -Wait it is async.

    The messages to all sessions are sent at once and the responses are
    collected as they arrive, so waiting for many users takes as long as the
    slowest of them. Piped objects are taken as Disconnect-UserSession takes
    them: UserSession's own objects, or objects with SessionId and a
    computer name; a process of Get-Process is refused.

    .PARAMETER Text
    The text of the message.

    .PARAMETER Title
    The title of the message box.

    .PARAMETER InputObject
    Sessions to show the message in, from the pipeline.

    .PARAMETER Id
    The session ids: whole numbers. A $null, empty or blank id is an
    error, never session 0.

    .PARAMETER PSSession
    With -Id: the sessions of the computer of this PowerShell remoting
    session (see Get-UserSession -PSSession). Sessions piped from
    Get-UserSession -PSSession go back through their own PSSession without
    it.

    .PARAMETER ThrottleLimit
    How many messages are in flight at once (the next waits for an answer),
    and how many PSSessions are used at once. Default 32; from 1 to 1024.

    .PARAMETER ComputerName
    The computer the sessions named by -Id are on. Without it, the local
    computer. One computer only: a session id means nothing across
    computers (pipe sessions from Get-UserSession -ComputerName A, B to act
    on several).

    .PARAMETER Buttons
    ok (default), okCancel or yesNo.

    .PARAMETER TimeoutSeconds
    Close the message box after this many seconds. Without it the box stays
    until the user closes it (with -Wait the command waits a day at most).

    .PARAMETER Wait
    Wait for the answers (or the timeout) and return them.

    .PARAMETER Reason
    Why, for the audit trail the helper keeps of every message.

    .EXAMPLE
    Send-UserSessionMessage -Id 2 -Text 'The server restarts at 18:00.'

    Shows a message in session 2 of the local computer.

    .EXAMPLE
    Get-UserSession -ComputerName SRV01 -State Active | Send-UserSessionMessage 'Please sign out before 18:00.' -Title 'Maintenance'

    Shows a message to every active user of SRV01.

    .EXAMPLE
    Get-UserSession -UserName bob | Send-UserSessionMessage -Text 'May I restart your program?' -Buttons yesNo -TimeoutSeconds 60 -Wait

    Asks bob a question and returns his answer: yes, no or timeout.

    .INPUTS
    UserSession.Session, or any object with SessionId and a computer name
    property.

    .OUTPUTS
    UserSession.MessageResponse

    .LINK
    Disconnect-UserSession

    .LINK
    about_UserSession
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('UserSession.MessageResponse')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [Alias('Message')]
        [ValidateNotNullOrEmpty()]
        [string]$Text,

        [ValidateNotNullOrEmpty()]
        [string]$Title = 'Message from your administrator',

        [Parameter(ValueFromPipeline = $true)]
        [object]$InputObject,

        [ValidateNotNullOrEmpty()]
        [ValidateScript({ Test-UserSessionIdArgument -Value $_ })]
        [object[]]$Id,

        [Alias('CN')]
        [ValidateNotNullOrEmpty()]
        [ValidateScript({ Test-UserSessionComputerNameArgument -Value $_ })]
        [object[]]$ComputerName,

        [ValidateNotNull()]
        [System.Management.Automation.Runspaces.PSSession]$PSSession,

        [ValidateRange(1, 1024)]
        [int]$ThrottleLimit = 32,

        [ValidateSet('ok', 'okCancel', 'yesNo')]
        [string]$Buttons = 'ok',

        [ValidateRange(1, 86400)]
        [int]$TimeoutSeconds,

        [switch]$Wait,

        [ValidateNotNullOrEmpty()]
        [string]$Reason
    )

    begin {
        Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
        if ($PSBoundParameters.ContainsKey('Id')) {
            # Validated by Test-UserSessionIdArgument: whole numbers only.
            $Id = [int[]]$Id
        }
        Assert-UserSessionBoundParameter -Cmdlet $PSCmdlet
        # ValidateSet ignores case; the wire wants the exact names.
        foreach ($name in @('ok', 'okCancel', 'yesNo')) {
            if ($name -eq $Buttons) {
                $Buttons = $name
            }
        }
        $inFlight = @{}
        # Targets listed through a PSSession: sent back through it at the end.
        $remoteTargets = [System.Collections.Generic.List[object]]::new()
        $sawInput = $false
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

        $send = {
            param($Target)
            $description = Get-UserSessionDescription -Target $Target
            if (-not $PSCmdlet.ShouldProcess("Show the message '$Title' to $description", "Show the message '$Title' to ${description}?", 'Send message')) {
                return
            }
            if ($null -ne $Target.PSObject.Properties['PSSession']) {
                $Target | Add-Member -MemberType NoteProperty -Name 'Description' -Value $description -Force
                $remoteTargets.Add($Target)
                return
            }
            # At most -ThrottleLimit messages in flight: the next waits for
            # an answer.
            while ($inFlight.Count -ge $ThrottleLimit) {
                & $report (Receive-UserSessionResponse -Id ([long[]]@($inFlight.Keys)))
            }
            # Without -TimeoutSeconds (0) the box stays; with -Wait the
            # command then waits a day at most.
            $requestId = Send-UserSessionMessageRequest -Id $Target.Id -ComputerName $Target.ComputerName -Title $Title -Text $Text -Buttons $Buttons -Wait:$Wait -TimeoutSeconds $TimeoutSeconds -Reason $Reason -Description $description
            $inFlight[$requestId] = [pscustomobject]@{ Id = $Target.Id; Description = $description }
        }

        $report = {
            param($Response)
            $target = $inFlight[[long]$Response.id]
            $inFlight.Remove([long]$Response.id)
            if ($null -ne $Response.error) {
                $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $Response.error -TargetObject $target -Prefix "$($target.Description): "))
                return
            }
            New-UserSessionMessageResponse -ComputerName ([string]$Response.result.computerName) -Result $Response.result
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
                    & $send $viaSession.Target
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
                & $send $target
                return
            }
            if (-not $PSBoundParameters.ContainsKey('Id')) {
                return
            }
            $sawInput = $true
            if ($PSBoundParameters.ContainsKey('PSSession')) {
                if ($PSBoundParameters.ContainsKey('ComputerName')) {
                    throw (New-UserSessionArgumentError -Message 'Give -ComputerName or -PSSession, not both.' -Reason 'InvalidInput' -TargetObject $PSSession)
                }
                foreach ($sessionId in ($Id | Select-Object -Unique)) {
                    & $send ([pscustomobject]@{ Id = $sessionId; ComputerName = $PSSession.ComputerName; Session = $null; PSSession = $PSSession })
                }
                return
            }
            foreach ($sessionId in ($Id | Select-Object -Unique)) {
                & $send ([pscustomobject]@{ Id = $sessionId; ComputerName = $resolvedComputer; Session = $null })
            }
        } catch {
            Clear-UserSessionRequest -Id ([long[]]@($inFlight.Keys))
            Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
        }
    }

    end {
        try {
            if (-not $sawInput) {
                # An empty pipeline does nothing and says nothing.
                if ($MyInvocation.ExpectingInput) {
                    return
                }
                $PSCmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message 'Name the sessions with -Id (and -ComputerName), or pipe them from Get-UserSession.' -Reason 'NoTarget' -TargetObject $null))
            }
            while ($inFlight.Count -gt 0) {
                & $report (Receive-UserSessionResponse -Id ([long[]]@($inFlight.Keys)))
            }
            if ($remoteTargets.Count -gt 0) {
                Send-UserSessionRemoteMessage -Cmdlet $PSCmdlet -Target $remoteTargets.ToArray() -Title $Title -Text $Text -Buttons $Buttons -TimeoutSeconds $TimeoutSeconds -Wait:$Wait -Reason $Reason -ThrottleLimit $ThrottleLimit
            }
        } catch {
            Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
        } finally {
            Clear-UserSessionRequest -Id ([long[]]@($inFlight.Keys))
        }
    }
}
