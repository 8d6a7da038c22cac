function Submit-UserSessionAction {
    <#
    .SYNOPSIS
    Offers one target of Disconnect-UserSession for confirmation, then sends or defers its action.
    .DESCRIPTION
    A target without its session (a foreign object piped in) is looked up
    first, so that the prompt names whom it hits and the action carries
    whom it expects. A protected session (the helper's own rule, sent as
    the session's Protected reason) is not offered: -WhatIf says it
    "would be refused", and the real run sends it without a prompt for
    the helper to refuse and record. Every other target is offered to
    ShouldProcess with what the run would do; once confirmed, its action
    is sent at once (no -Message, no -Ask) or deferred to the end.
    $Run is the state of the command (see Disconnect-UserSession).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [hashtable]$Run,

        [Parameter(Mandatory = $true)]
        [object]$Target
    )

    $cmdlet = $Run.Cmdlet
    if ($null -eq $Target.Session) {
        $found = @(Find-UserSessionTarget -Id $Target.Id -ComputerName $Target.ComputerName -HelperSeconds $Run.TimeoutSeconds -Operation $Run.Action)[0]
        if ($null -ne $found.Error) {
            $cmdlet.WriteError($found.Error)
            return
        }
        $Target.Session = $found.Target.Session
    }
    $description = Get-UserSessionDescription -Target $Target
    $Target | Add-Member -MemberType NoteProperty -Name 'Description' -Value $description -Force
    $Target | Add-Member -MemberType NoteProperty -Name 'Answer' -Value $null -Force
    $verb = "$($Run.Operation) $description"
    $protected = Get-UserSessionMember -InputObject $Target.Session -Name 'Protected'
    if ($protected -and -not $Run.IncludeProtected) {
        if ($WhatIfPreference) {
            $refusal = "${verb}: would be refused: $protected"
            $null = $cmdlet.ShouldProcess($refusal, $refusal, $Run.Operation)
            return
        }
        Write-Verbose -Message "${verb}: not offered, $protected; the helper refuses it."
    } elseif (-not $cmdlet.ShouldProcess($verb, "${verb}? $($Run.Consequence)", $Run.Operation)) {
        return
    }
    if ($null -ne $Target.PSObject.Properties['PSSession']) {
        # Listed through a PSSession: acted on through it, at the end.
        if ($Run.Deferred) {
            throw (New-UserSessionArgumentError -Message '-Message and -Ask are not available for sessions listed through a PSSession; send the message with Send-UserSessionMessage first.' -Reason 'InvalidInput' -TargetObject $Target)
        }
        $Run.RemoteTargets.Add($Target)
        return
    }
    if ($Run.HelperExited) {
        throw (Get-UserSessionHelperExitError)
    }
    if ($Run.Deferred) {
        $Run.Targets.Add($Target)
        return
    }
    # At most -ThrottleLimit actions in flight: the next waits for an answer.
    while ($Run.InFlight.Count -ge $Run.ThrottleLimit) {
        Receive-UserSessionActionResult -Run $Run -One
    }
    Send-UserSessionAction -Run $Run -Target $Target
    # Results as they arrive, while the rest are still asked for.
    Receive-UserSessionActionResult -Run $Run -Poll
}
