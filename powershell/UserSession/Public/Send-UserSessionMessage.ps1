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
    slowest of them.

    .PARAMETER Text
    The text of the message.

    .PARAMETER Title
    The title of the message box.

    .PARAMETER Id
    The session ids. Binds from the Id or SessionId property of piped objects.

    .PARAMETER ComputerName
    The computer the sessions are on. Without it, the local computer. Binds
    from the ComputerName property of piped objects.

    .PARAMETER Buttons
    ok (default), okCancel or yesNo.

    .PARAMETER TimeoutSeconds
    Close the message box after this many seconds. Without it the box stays
    until the user closes it.

    .PARAMETER Wait
    Wait for the answers (or the timeout) and return them.

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
    UserSession.Session, or any object with Id (or SessionId) and
    ComputerName properties.

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

        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('SessionId')]
        [ValidateRange(0, [int]::MaxValue)]
        [int[]]$Id,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('CN', 'PSComputerName')]
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName,

        [ValidateSet('ok', 'okCancel', 'yesNo')]
        [string]$Buttons = 'ok',

        [ValidateRange(1, 86400)]
        [int]$TimeoutSeconds,

        [switch]$Wait
    )

    begin {
        # ValidateSet ignores case; the wire wants the exact names.
        foreach ($name in @('ok', 'okCancel', 'yesNo')) {
            if ($name -eq $Buttons) {
                $Buttons = $name
            }
        }
        $receiveTimeout = $script:DefaultTimeoutSeconds
        if ($Wait) {
            if ($PSBoundParameters.ContainsKey('TimeoutSeconds')) {
                $receiveTimeout = $TimeoutSeconds + $script:TimeoutMarginSeconds
            } else {
                # The box stays until it is answered; Ctrl+C still stops the wait.
                $receiveTimeout = 86400
            }
        }
        $inFlight = @{}
        try {
            Initialize-UserSessionHelper
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
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
                if (-not $PSCmdlet.ShouldProcess($description, "Show message '$Title'")) {
                    continue
                }
                $params = @{
                    id      = $sessionId
                    title   = $Title
                    text    = $Text
                    buttons = $Buttons
                    wait    = [bool]$Wait
                }
                if ($PSBoundParameters.ContainsKey('TimeoutSeconds')) {
                    $params['timeoutSeconds'] = $TimeoutSeconds
                }
                if ($null -ne $computer) {
                    $params['computerName'] = $computer
                }
                $requestId = Send-UserSessionRequest -Method 'session.message' -Params $params
                $inFlight[$requestId] = [pscustomobject]@{ Id = $sessionId; Description = $description }
            }
        } catch [System.Management.Automation.PipelineStoppedException] {
            throw
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }

    end {
        try {
            while ($inFlight.Count -gt 0) {
                $response = Receive-UserSessionResponse -Id ([long[]]@($inFlight.Keys)) -TimeoutSeconds $receiveTimeout
                $responseId = [long]$response.id
                $target = $inFlight[$responseId]
                $inFlight.Remove($responseId)
                if ($null -ne $response.error) {
                    $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $target.Id -Prefix "$($target.Description): "))
                    continue
                }
                [pscustomobject]@{
                    PSTypeName   = 'UserSession.MessageResponse'
                    ComputerName = [string]$response.result.computerName
                    Id           = [int]$response.result.id
                    Response     = [string]$response.result.response
                }
            }
        } catch [System.Management.Automation.PipelineStoppedException] {
            throw
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
