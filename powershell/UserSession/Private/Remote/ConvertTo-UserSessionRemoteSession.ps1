function ConvertTo-UserSessionRemoteSession {
    <#
    .SYNOPSIS
    Marks a session object as one listed through a PSSession.
    .DESCRIPTION
    ComputerName becomes the PSSession's ComputerName (the name the caller
    connected to; the target's own name is kept as TargetComputerName), and
    the PSSession travels with the object, so that the commands that act on
    it send it back through the same PSSession.
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Session')]
    param(
        [Parameter(Mandatory = $true)]
        [object]$Session,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Runspaces.PSSession]$PSSession
    )

    $Session | Add-Member -MemberType NoteProperty -Name 'TargetComputerName' -Value $Session.ComputerName
    $Session.ComputerName = $PSSession.ComputerName
    $Session | Add-Member -MemberType NoteProperty -Name 'PSSession' -Value $PSSession
    $Session
}
