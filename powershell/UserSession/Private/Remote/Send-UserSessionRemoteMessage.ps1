function Send-UserSessionRemoteMessage {
    <#
    .SYNOPSIS
    Shows a message in sessions listed through PSSessions and reports the answers.
    .DESCRIPTION
    One session.message per target, sent back through its PSSession
    (Send-UserSessionRemoteAction, with who asks). Writes one error per
    target that failed and one per PSSession that failed as a whole;
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
    foreach ($answer in (Send-UserSessionRemoteAction -Target $Target -Method 'session.message' -Params $messageParams -TimeoutSeconds $seconds -ThrottleLimit $ThrottleLimit)) {
        $name = $answer.ComputerName
        if ($null -ne $answer.Error) {
            $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $answer.Error -TargetObject $name -Prefix "${name}: "))
            continue
        }
        for ($i = 0; $i -lt $answer.Targets.Count; $i++) {
            $response = $answer.Responses[$i]
            if ($null -ne $response.error) {
                $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $answer.Targets[$i] -Prefix "$($answer.Targets[$i].Description): "))
                continue
            }
            New-UserSessionMessageResponse -ComputerName $name -Result $response.result
        }
    }
}
