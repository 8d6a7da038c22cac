function Select-UserSessionPSSession {
    <#
    .SYNOPSIS
    Returns each PSSession once, in the order given.
    .DESCRIPTION
    A PSSession given twice is asked once (its runspace runs one command at
    a time). A null entry is an error: -PSSession names targets, and a
    target that is not there is never "none".
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.Runspaces.PSSession])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Management.Automation.Runspaces.PSSession[]]$PSSession
    )

    $seen = [System.Collections.Generic.HashSet[guid]]::new()
    foreach ($session in $PSSession) {
        if ($seen.Add($session.InstanceId)) {
            $session
        }
    }
}
