function ConvertFrom-UserSessionWireEvent {
    <#
    .SYNOPSIS
    Turns a session.event notification into a UserSession.Event object.
    .DESCRIPTION
    Event is the change with a capital (Logon, Logoff, Connect, Disconnect,
    Lock, Unlock, StateChange, Unreachable), Time a local [datetime],
    Session the session as Get-UserSession gives it, or $null when it is
    gone; for Unreachable, Reason says why the computer did not answer.
    With -Remote, Session carries the type name of sessions of named
    computers, whose view shows the computer.
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Event')]
    param(
        [Parameter(Mandatory = $true)]
        [object]$Wire,

        [switch]$Remote
    )

    $kind = [string]$Wire.event
    if ($kind.Length -gt 0) {
        $kind = $kind.Substring(0, 1).ToUpperInvariant() + $kind.Substring(1)
    }
    $session = $null
    $wireSession = Get-UserSessionMember -InputObject $Wire -Name 'session'
    if ($null -ne $wireSession) {
        $session = ConvertFrom-UserSessionWireSession -Wire $wireSession -Remote:$Remote
    }
    $reason = $null
    $wireError = Get-UserSessionMember -InputObject $Wire -Name 'error'
    if ($null -ne $wireError) {
        $reason = [string]$wireError.message
    }
    [pscustomobject]@{
        PSTypeName   = 'UserSession.Event'
        Time         = ConvertFrom-UserSessionWireTime -Value $Wire.time
        ComputerName = [string]$Wire.computerName
        Id           = [int]$Wire.id
        UserName     = [string]$Wire.userName
        Domain       = [string]$Wire.domain
        Event        = $kind
        Session      = $session
        Reason       = $reason
        WatchId      = [string]$Wire.watchId
    }
}
