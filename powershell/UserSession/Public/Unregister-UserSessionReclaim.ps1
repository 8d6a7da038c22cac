function Unregister-UserSessionReclaim {
    <#
    .SYNOPSIS
    Removes the job that Register-UserSessionReclaim installed.

    .DESCRIPTION
    Unregister-UserSessionReclaim deletes the usersession-reclaim task
    (Windows) or stops and removes the systemd service and timer (Linux).
    It needs an elevated session (root on Linux).

    .PARAMETER PSSession
    Remove the job from the computers of these PowerShell remoting
    sessions, each asked for on its own (-WhatIf and -Confirm name it),
    through the helper on each target as Register-UserSessionReclaim
    -PSSession installs it. A target where it cannot be removed is one
    error naming it.

    .PARAMETER ThrottleLimit
    How many computers of -PSSession are done at once. Default 32.

    .EXAMPLE
    Unregister-UserSessionReclaim

    Stops reclaiming idle sessions on this computer.

    .EXAMPLE
    Unregister-UserSessionReclaim -PSSession $s -WhatIf

    Says, for each computer of the PSSessions in $s, that its job would be
    removed, and removes nothing.

    .INPUTS
    None.

    .OUTPUTS
    None.

    .LINK
    Register-UserSessionReclaim
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Local')]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'PSSession')]
        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.Runspaces.PSSession[]]$PSSession,

        [ValidateRange(1, 1024)]
        [int]$ThrottleLimit = 32
    )

    Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
    try {
        Invoke-UserSessionSchedule -Cmdlet $PSCmdlet -ArgumentList @('schedule', 'remove') -Action 'Unregister the reclaim job' -PSSession $PSSession -ThrottleLimit $ThrottleLimit
    } catch {
        Stop-UserSessionCommand -Cmdlet $PSCmdlet -ErrorRecord $_
    }
}
