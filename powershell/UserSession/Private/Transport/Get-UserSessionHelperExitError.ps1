function Get-UserSessionHelperExitError {
    <#
    .SYNOPSIS
    Builds the error for a helper that has exited.
    .DESCRIPTION
    Names the helper's path, its exit code when known and the last lines it
    wrote to standard error. The message is worked out once per helper and
    reused, so that every request that was in flight fails at once with the
    same text. The helper's state is left for Initialize-UserSessionHelper,
    which starts a new one at the next command.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [System.Exception]$Cause
    )

    $state = $script:Helper
    if ($null -eq $state.Dead) {
        $state.Dead = 'exited'
    }
    if ($null -eq $state.DeadMessage) {
        $path = $state.Path
        $exitCode = $null
        $stderr = ''
        $process = $state.Process
        if ($null -ne $process) {
            try {
                if ($process.WaitForExit(2000)) {
                    $exitCode = $process.ExitCode
                }
            } catch {
                Write-Verbose -Message "Reading the helper's exit code failed: $($_.Exception.Message)"
            }
        }
        if ($null -ne $state.StderrTask) {
            try {
                if ($state.StderrTask.Wait(1000)) {
                    $lines = @($state.StderrTask.Result -split "`r?`n" | Where-Object { $_.Trim().Length -gt 0 })
                    if ($lines.Count -gt 0) {
                        $stderr = ' It wrote: ' + (($lines | Select-Object -Last 5) -join ' | ')
                    }
                }
            } catch {
                Write-Verbose -Message "Reading the helper's standard error failed: $($_.Exception.Message)"
            }
        }
        $message = "The UserSession helper at '$path' exited"
        if ($null -ne $exitCode) {
            $message += " with code $exitCode"
        }
        $state.DeadMessage = $message + '.' + $stderr + ' The next command starts it again.'
    }
    New-UserSessionTransportError -Reason 'HelperExited' -Path $state.Path -Message $state.DeadMessage -InnerException $Cause
}
