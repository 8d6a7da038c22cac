function Invoke-UserSessionNotice {
    <#
    .SYNOPSIS
    Disconnect-UserSession -Message: warns the users, waits -GraceSeconds once, then acts.
    .DESCRIPTION
    A warning that could not be shown means no action on that session
    (an error for it), unless the session is known to be disconnected:
    nobody is there to read a warning, which is not a question. The grace
    period is waited once for all the sessions warned.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [hashtable]$Run
    )

    $cmdlet = $Run.Cmdlet
    $ready = [System.Collections.Generic.List[object]]::new()
    foreach ($answer in @(Send-UserSessionNotice -Run $Run -Targets $Run.Targets.ToArray() -Text $Run.Message -Buttons 'ok' -BoxSeconds $Run.GraceSeconds)) {
        $target = $answer.Target
        $rpcError = $answer.Response.error
        if ($null -eq $rpcError) {
            $ready.Add($target)
            continue
        }
        $state = Get-UserSessionMember -InputObject $target.Session -Name 'State'
        if ($state -eq 'Disconnected') {
            Write-Verbose -Message "$($target.Description): the warning could not be shown ($($rpcError.message)); the session is disconnected, so nobody was there to read it."
            $ready.Add($target)
            continue
        }
        $cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $rpcError -TargetObject $target -Prefix "$($target.Description): the warning could not be shown, so it is not acted on: "))
    }
    if (($ready.Count -gt 0) -and ($Run.GraceSeconds -gt 0)) {
        $activity = "Waiting $($Run.GraceSeconds) seconds before: $($Run.Operation)"
        for ($left = $Run.GraceSeconds; $left -gt 0; $left--) {
            Write-Progress -Activity $activity -Status "$($ready.Count) session(s), $left seconds left" -SecondsRemaining $left -PercentComplete ([int](100 * ($Run.GraceSeconds - $left) / $Run.GraceSeconds))
            Start-Sleep -Seconds 1
        }
        Write-Progress -Activity $activity -Completed
    }
    foreach ($target in $ready) {
        Send-UserSessionAction -Run $Run -Target $target
    }
}
