function Invoke-UserSessionSchedule {
    <#
    .SYNOPSIS
    Runs `usersession schedule ...` here or on the targets of PSSessions, after ShouldProcess.
    .DESCRIPTION
    For Register- and Unregister-UserSessionReclaim. Without -PSSession the
    local helper runs the command line (Invoke-UserSessionHelperCommand; a
    failure is thrown). With it, the helper on each target runs it
    (Invoke-UserSessionRemote, zero-install as for the other commands, at
    most -ThrottleLimit at once): each target is asked for by ShouldProcess
    on its own, naming it, and one that fails (cannot be reached, has no
    helper and cannot take one, or whose helper refuses, such as a Linux
    system that systemd does not run) is one error naming it, with what
    the helper said. What the helper prints is written as verbose
    messages.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        [Parameter(Mandatory = $true)]
        [string[]]$ArgumentList,

        # What ShouldProcess says is done.
        [Parameter(Mandatory = $true)]
        [string]$Action,

        [System.Management.Automation.Runspaces.PSSession[]]$PSSession,

        [int]$ThrottleLimit = 32,

        [double]$TimeoutSeconds = 120
    )

    $command = 'usersession ' + ($ArgumentList -join ' ')
    if ($null -eq $PSSession) {
        if ($Cmdlet.ShouldProcess($command, $Action)) {
            Invoke-UserSessionHelperCommand -ArgumentList $ArgumentList
        }
        return
    }
    $batches = foreach ($session in (Select-UserSessionPSSession -PSSession $PSSession)) {
        if ($Cmdlet.ShouldProcess(('{0} on {1}' -f $command, $session.ComputerName), $Action)) {
            [pscustomobject]@{ Session = $session; Requests = @(); Arguments = $ArgumentList }
        }
    }
    if ($null -eq $batches) {
        return
    }
    Invoke-UserSessionRemote -Batch @($batches) -TimeoutSeconds $TimeoutSeconds -ThrottleLimit $ThrottleLimit |
        Receive-UserSessionRemoteResult -Cmdlet $Cmdlet |
        ForEach-Object {
            $name = $_.ComputerName
            foreach ($line in @($_.Output.Lines)) {
                Write-Verbose -Message ('{0}: {1}' -f $name, $line)
            }
            if ($_.Output.ExitCode -ne 0) {
                $said = (@($_.Output.Lines) + @(([string]$_.Output.Stderr).Trim()) | Where-Object { $_ }) -join ' '
                $failed = [pscustomobject]@{ code = -32000; message = ('{0} failed (exit {1}): {2}' -f $command, $_.Output.ExitCode, $said); data = [pscustomobject]@{ computerName = $name } }
                $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $failed -TargetObject $name -Prefix "${name}: "))
            }
        }
}
