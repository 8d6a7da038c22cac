function Get-UserSessionProcessFromPSSession {
    <#
    .SYNOPSIS
    Lists the processes of sessions on the targets of PSSessions.
    .DESCRIPTION
    One session.processes per PSSession (Invoke-UserSessionRemote), for the
    session ids wanted there or every session. The process objects are built
    here and carry the PSSession's ComputerName and the PSSession, as the
    session objects do. A target that fails is one error naming it.
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Process')]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        # Objects with Session (a PSSession) and Ids ($null for every session).
        [Parameter(Mandatory = $true)]
        [object[]]$Wanted,

        [System.Management.Automation.WildcardPattern[]]$Pattern = @(),

        [int]$TimeoutSeconds = 10,

        [int]$ThrottleLimit = 32
    )

    $batches = foreach ($want in $Wanted) {
        $params = @{}
        if ($null -ne $want.Ids) {
            $params['ids'] = [int[]]@($want.Ids)
        }
        if ($TimeoutSeconds -ne $script:HelperDefaultSeconds) {
            $params['timeoutSeconds'] = $TimeoutSeconds
        }
        [pscustomobject]@{ Session = $want.Session; Requests = @(@{ method = 'session.processes'; params = $params }) }
    }
    Invoke-UserSessionRemote -Batch @($batches) -TimeoutSeconds ($TimeoutSeconds + 2) -ThrottleLimit $ThrottleLimit |
        Receive-UserSessionRemoteResult -Cmdlet $Cmdlet |
        ForEach-Object {
            $answer = $_
            foreach ($wire in $answer.Result.processes) {
                if ($Pattern.Count -gt 0) {
                    $matched = $false
                    foreach ($p in $Pattern) {
                        if ($p.IsMatch([string]$wire.name)) {
                            $matched = $true
                        }
                    }
                    if (-not $matched) {
                        continue
                    }
                }
                $process = ConvertFrom-UserSessionWireProcess -Wire $wire
                $process.ComputerName = $answer.ComputerName
                $process | Add-Member -MemberType NoteProperty -Name 'PSSession' -Value $answer.Session
                $process
            }
        }
}
