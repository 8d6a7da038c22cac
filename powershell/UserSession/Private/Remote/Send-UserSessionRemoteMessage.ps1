function Send-UserSessionRemoteMessage {
    <#
    .SYNOPSIS
    Shows a message in sessions listed through PSSessions and reports the answers.
    .DESCRIPTION
    One session.message per target, sent back through its PSSession
    (Send-UserSessionRemoteAction, with who asks). Writes one error per
    target that failed and one per PSSession that failed as a whole
    (Receive-UserSessionRemoteResult);
    returns a UserSession.MessageResponse per answer, named by the
    PSSession's computer.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        [Parameter(Mandatory = $true)]
        [object[]]$Target,

        [Parameter(Mandatory = $true)]
        [string]$Title,

        [Parameter(Mandatory = $true)]
        [string]$Text,

        [string]$Buttons = 'ok',

        # The box's own timeout; 0 for none.
        [int]$TimeoutSeconds = 0,

        [switch]$Wait,

        [string]$Reason,

        [int]$ThrottleLimit = 32
    )

    $messageParams = @{ title = $Title; text = $Text; buttons = $Buttons; wait = [bool]$Wait }
    $seconds = $script:HelperDefaultSeconds
    if ($TimeoutSeconds -gt 0) {
        $messageParams['timeoutSeconds'] = $TimeoutSeconds
        $seconds += $TimeoutSeconds
    } elseif ($Wait) {
        $seconds += 86400
    }
    if ($Reason) {
        $messageParams['reason'] = $Reason
    }
    Send-UserSessionRemoteAction -Target $Target -Method 'session.message' -Params $messageParams -TimeoutSeconds $seconds -ThrottleLimit $ThrottleLimit |
        Receive-UserSessionRemoteResult -Cmdlet $Cmdlet |
        ForEach-Object { New-UserSessionMessageResponse -ComputerName $_.ComputerName -Result $_.Result }
}
