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

    .PARAMETER PSSession
    Install the job on the computers of these PowerShell remoting sessions
    (New-PSSession, WinRM or SSH), each asked for on its own (-WhatIf and
    -Confirm name it). The helper on each target installs it: the
    installed module's, or a copy checked by hash in a folder only
    administrators can write (see Get-UserSession -PSSession), which the
    job then runs. A target where the job cannot be installed (not an
    administrator, a Linux system that systemd does not run) is one error
    naming it, with the helper's reason; the others are installed.

    .PARAMETER ThrottleLimit
    How many computers of -PSSession are done at once. Default 32.

    .EXAMPLE
    Register-UserSessionReclaim -Every 30m -DisconnectedFor 4h -WhatIf

    Shows the command the job would run, without installing it.

    .EXAMPLE
    Register-UserSessionReclaim -PSSession (New-PSSession -ComputerName LAB01, LAB02) -Every 15m -DisconnectedFor 8h -Reason 'lab policy'

    Installs the job on two lab PCs over PowerShell remoting, whether or
    not the module is installed there.

    .INPUTS
    None.

    .OUTPUTS
    None.

    .LINK
    Unregister-UserSessionReclaim

    .LINK
    Invoke-UserSessionReclaim
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Local')]
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

        [string]$Reason,

        [Parameter(Mandatory = $true, ParameterSetName = 'PSSession')]
        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.Runspaces.PSSession[]]$PSSession,

        [ValidateRange(1, 1024)]
        [int]$ThrottleLimit = 32
    )

    Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
    $interval = ConvertTo-UserSessionDuration -Value $Every -ParameterName 'Every'
    if ($interval -is [System.Management.Automation.ErrorRecord]) {
        $PSCmdlet.ThrowTerminatingError($interval)
    }
    $policy = @{}
    foreach ($name in @('DisconnectedFor', 'IdleFor', 'WarnFor', 'Exclude', 'Reason', 'IdleAction')) {
        if ($PSBoundParameters.ContainsKey($name)) {
            $policy[$name] = $PSBoundParameters[$name]
        }
    }
    $built = New-UserSessionReclaimParams -Bound $policy -IdleAction $IdleAction
    if ($null -ne $built.Error) {
        $PSCmdlet.ThrowTerminatingError($built.Error)
    }
    $arguments = @('schedule', 'install', '--every', ('{0}s' -f [long]$interval.TotalSeconds), '--') + $built.Arguments
    try {
        Invoke-UserSessionSchedule -Cmdlet $PSCmdlet -ArgumentList $arguments -Action 'Register the reclaim job' -PSSession $PSSession -ThrottleLimit $ThrottleLimit
    } catch {
        Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
    }
}
