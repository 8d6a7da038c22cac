function Stop-UserSessionCommand {
    <#
    .SYNOPSIS
    Ends a public command after an error it caught: the one rule of the module's error flow.
    .DESCRIPTION
    Each public command wraps its begin, process and end work in one catch
    that calls this with the error caught, after its own clean-up:

    - a stop the caller asked for goes up unchanged: Ctrl+C or a
      downstream Select-Object -First (PipelineStoppedException), and
      -ErrorAction Stop or $ErrorActionPreference = 'Stop' turning a
      non-terminating error into a terminating one
      (ActionPreferenceStopException), so that the caller's catch sees the
      error the command wrote;
    - anything else ends the command as its own terminating error
      ($Cmdlet.ThrowTerminatingError), which names the command in the
      error's FullyQualifiedErrorId and InvocationInfo.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ErrorRecord]$ErrorRecord
    )

    $exception = $ErrorRecord.Exception
    if (($exception -is [System.Management.Automation.PipelineStoppedException]) -or
        ($exception -is [System.Management.Automation.ActionPreferenceStopException])) {
        throw $exception
    }
    $Cmdlet.ThrowTerminatingError($ErrorRecord)
}
