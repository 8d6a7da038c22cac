function Register-UserSessionReclaim {
    <#
    .SYNOPSIS
    Runs a reclaim policy every few minutes: a scheduled task as SYSTEM on Windows, a systemd timer on Linux.

    .DESCRIPTION
    Register-UserSessionReclaim installs the job that runs the helper's
    reclaim (see Invoke-UserSessionReclaim) with the policy given, every
    -Every, without asking (--yes): on Windows a Task Scheduler task named
    usersession-reclaim that runs as SYSTEM, never starts a second instance
    while one runs and is ended after its time limit (the warning plus the
    timeouts); on Linux a systemd service and timer. It needs an elevated
    session (root on Linux). Unregister-UserSessionReclaim removes it.

    .PARAMETER Every
    The interval between two runs: a TimeSpan or a string such as '15m'.

    .PARAMETER DisconnectedFor
    Sign out the sessions disconnected at least this long.

    .PARAMETER IdleFor
    Act on the active sessions without input at least this long.

    .PARAMETER IdleAction
    What -IdleFor does: Disconnect (the default) or Logoff.

    .PARAMETER WarnFor
    Warn each idle active session, wait this long, and check again.

    .PARAMETER Exclude
    Users never chosen: user or DOMAIN\user, wildcards allowed.

    .PARAMETER Reason
    Why, for the audit trail.

    .EXAMPLE
    Register-UserSessionReclaim -Every 15m -DisconnectedFor 8h -IdleFor 1h -IdleAction Logoff -WarnFor 5m -Exclude 'LAB\kiosk' -Reason 'lab policy'

    Every 15 minutes, as SYSTEM: signs out sessions disconnected for 8 hours,
    warns sessions idle for an hour and signs them out 5 minutes later
    unless they are used, never touches LAB\kiosk.

    .EXAMPLE
    Register-UserSessionReclaim -Every 30m -DisconnectedFor 4h -WhatIf

    Shows the command the job would run, without installing it.

    .INPUTS
    None.

    .OUTPUTS
    None.

    .LINK
    Unregister-UserSessionReclaim

    .LINK
    Invoke-UserSessionReclaim
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true)]
        [ValidateNotNull()]
        [object]$Every,

        [ValidateNotNull()]
        [object]$DisconnectedFor,

        [ValidateNotNull()]
        [object]$IdleFor,

        [ValidateSet('Disconnect', 'Logoff')]
        [string]$IdleAction = 'Disconnect',

        [ValidateNotNull()]
        [object]$WarnFor,

        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]]$Exclude,

        [string]$Reason
    )

    Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
    $policy = @{}
    foreach ($name in @('DisconnectedFor', 'IdleFor', 'WarnFor', 'Exclude', 'Reason', 'IdleAction')) {
        if ($PSBoundParameters.ContainsKey($name)) {
            $policy[$name] = $PSBoundParameters[$name]
        }
    }
    $interval = New-UserSessionReclaimParams -Bound @{ DisconnectedFor = $Every } -IdleAction $IdleAction
    if ($null -ne $interval.Error) {
        $PSCmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message ('-Every: ' + $interval.Error.Exception.Message) -Reason 'InvalidInput' -TargetObject $Every))
    }
    $built = New-UserSessionReclaimParams -Bound $policy -IdleAction $IdleAction
    if ($null -ne $built.Error) {
        $PSCmdlet.ThrowTerminatingError($built.Error)
    }
    $p = $built.Params
    $arguments = @('schedule', 'install', '--every', ('{0}s' -f [long]$interval.Params['disconnectedForSeconds']), '--')
    foreach ($pair in @(@('disconnectedForSeconds', '--disconnected-for'), @('idleForSeconds', '--idle-for'), @('warnSeconds', '--warn'))) {
        if ($p.Contains($pair[0])) {
            $arguments += @($pair[1], ('{0}s' -f [long]$p[$pair[0]]))
        }
    }
    if ($p.Contains('idleAction')) {
        $arguments += @('--action', $p['idleAction'])
    }
    if ($p.Contains('exclude')) {
        foreach ($pattern in $p['exclude']) {
            $arguments += @('--exclude', $pattern)
        }
    }
    if ($p.Contains('reason')) {
        $arguments += @('--reason', $p['reason'])
    }
    if (-not $PSCmdlet.ShouldProcess(('usersession ' + ($arguments -join ' ')), 'Register the reclaim job')) {
        return
    }
    try {
        Invoke-UserSessionHelperCommand -ArgumentList $arguments
    } catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
}
