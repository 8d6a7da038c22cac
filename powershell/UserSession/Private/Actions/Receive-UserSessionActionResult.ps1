function Receive-UserSessionActionResult {
    <#
    .SYNOPSIS
    Reads the answers of the actions in flight and writes each outcome.
    .DESCRIPTION
    Without -Poll it waits for every action in $Run.InFlight; with -Poll
    it reads only the answers already there. An error is written as a
    non-terminating error of the command (a timeout or an exit of the
    helper says the outcome is unknown; after an exit nothing more is
    sent). A success is written as a verbose line and, with -PassThru, as
    a UserSession.ActionResult that carries the user's answer to -Ask.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [hashtable]$Run,

        [switch]$Poll,

        # Return after one answer: what Submit-UserSessionAction waits for
        # when -ThrottleLimit actions are in flight.
        [switch]$One
    )

    while ($Run.InFlight.Count -gt 0) {
        $response = Receive-UserSessionResponse -Id ([long[]]@($Run.InFlight.Keys)) -Poll:$Poll
        if ($null -eq $response) {
            return
        }
        $target = $Run.InFlight[[long]$response.id]
        $Run.InFlight.Remove([long]$response.id)
        if ($null -ne $response.error) {
            if ((Get-UserSessionMember -InputObject $response.error -Name 'transport') -eq 'HelperExited') {
                $Run.HelperExited = $true
            }
            $Run.Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $target -Prefix "$($Run.Operation) $($target.Description): "))
            if ($One) {
                return
            }
            continue
        }
        Write-Verbose -Message "$($Run.Operation) $($target.Description): completed $($response.result.completed)."
        if ($Run.PassThru) {
            New-UserSessionActionResult -ComputerName ([string]$response.result.computerName) -Id ([int]$response.result.id) -Action ([string]$response.result.action) -Completed ([bool]$response.result.completed) -Answer $target.Answer
        }
        if ($One) {
            return
        }
    }
}
