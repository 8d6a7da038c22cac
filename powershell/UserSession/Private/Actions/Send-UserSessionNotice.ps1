function Send-UserSessionNotice {
    <#
    .SYNOPSIS
    Shows one message box per target and returns the answers as they arrive.
    .DESCRIPTION
    Sends one session.message per target, then writes an object (Target,
    Response) per answer, in the order they arrive. Requests still
    unanswered when the command stops are forgotten.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [hashtable]$Run,

        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [object[]]$Targets,

        [Parameter(Mandatory = $true)]
        [string]$Text,

        [Parameter(Mandatory = $true)]
        [string]$Buttons,

        # Seconds after which the box closes.
        [int]$BoxSeconds,

        # Wait for the user's answer.
        [switch]$Wait
    )

    $asked = @{}
    try {
        foreach ($target in $Targets) {
            $requestId = Send-UserSessionMessageRequest -Id $target.Id -ComputerName $target.ComputerName -Title $Run.Title -Text $Text -Buttons $Buttons -Wait:$Wait -TimeoutSeconds $BoxSeconds -Reason $Run.Reason -Description $target.Description
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
