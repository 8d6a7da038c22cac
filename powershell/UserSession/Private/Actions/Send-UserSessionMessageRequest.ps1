function Send-UserSessionMessageRequest {
    <#
    .SYNOPSIS
    Sends one session.message request to the helper and returns its id.
    .DESCRIPTION
    Used by Send-UserSessionMessage and by Disconnect-UserSession (-Message,
    -Ask). The box closes after -TimeoutSeconds when that is more than 0,
    else it stays until the user closes it. The helper's bound for the call
    is its default, plus the box's own time when it waits for the answer
    (a day when the box has none), plus a margin of two seconds. The answer
    is read with Receive-UserSessionResponse.
    #>
    [CmdletBinding()]
    [OutputType([long])]
    param(
        [Parameter(Mandatory = $true)]
        [int]$Id,

        # $null for the local computer.
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName,

        [Parameter(Mandatory = $true)]
        [string]$Title,

        [Parameter(Mandatory = $true)]
        [string]$Text,

        [Parameter(Mandatory = $true)]
        [string]$Buttons,

        # Wait for the user's answer.
        [switch]$Wait,

        # Seconds after which the box closes; 0 for none.
        [int]$TimeoutSeconds = 0,

        [AllowEmptyString()]
        [string]$Reason,

        # Whom the message is for, shown when it times out.
        [Parameter(Mandatory = $true)]
        [string]$Description
    )

    $params = @{
        id      = $Id
        title   = $Title
        text    = $Text
        buttons = $Buttons
        wait    = [bool]$Wait
    }
    if ($TimeoutSeconds -gt 0) {
        $params['timeoutSeconds'] = $TimeoutSeconds
    }
    if ($Reason) {
        $params['reason'] = $Reason
    }
    if ($ComputerName) {
        $params['computerName'] = $ComputerName
    }
    $bound = $script:HelperDefaultSeconds
    if ($Wait) {
        if ($TimeoutSeconds -gt 0) {
            $bound += $TimeoutSeconds
        } else {
            $bound += 86400
        }
    }
    Send-UserSessionRequest -Method 'session.message' -Params $params -HelperSeconds ($bound + 2) -Target "the message to $Description"
}
