function Unregister-UserSessionReclaim {
    <#
    .SYNOPSIS
    Removes the job that Register-UserSessionReclaim installed.

    .DESCRIPTION
    Unregister-UserSessionReclaim deletes the usersession-reclaim task
    (Windows) or stops and removes the systemd service and timer (Linux).
    It needs an elevated session (root on Linux).

    .EXAMPLE
    Unregister-UserSessionReclaim

    Stops reclaiming idle sessions on this computer.

    .INPUTS
    None.

    .OUTPUTS
    None.

    .LINK
    Register-UserSessionReclaim
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([void])]
    param()

    Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
    if (-not $PSCmdlet.ShouldProcess('usersession schedule remove', 'Unregister the reclaim job')) {
        return
    }
    try {
        Invoke-UserSessionHelperCommand -ArgumentList @('schedule', 'remove')
    } catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
}
