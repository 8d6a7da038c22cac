function ConvertFrom-UserSessionWireSession {
    <#
    .SYNOPSIS
    Turns a session from the wire into a UserSession.Session object.
    .DESCRIPTION
    IdleTime is a [TimeSpan] built from idleSeconds, times are local
    [datetime] values, and what the helper does not know ($null on the wire)
    stays $null. Sessions of a query that named computers carry the extra type
    name UserSession.Session.Remote first, whose table view shows the
    ComputerName column.
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Session')]
    param(
        [Parameter(Mandatory = $true)]
        [object]$Wire,

        [switch]$Remote
    )

    $idleTime = $null
    if ($null -ne $Wire.idleSeconds) {
        $idleTime = [TimeSpan]::FromSeconds([double]$Wire.idleSeconds)
    }
    $locked = $null
    if ($null -ne $Wire.locked) {
        $locked = [bool]$Wire.locked
    }
    $object = [pscustomobject]@{
        PSTypeName     = 'UserSession.Session'
        ComputerName   = [string]$Wire.computerName
        Id             = [int]$Wire.id
        SessionName    = [string]$Wire.sessionName
        UserName       = [string]$Wire.userName
        Domain         = [string]$Wire.domain
        State          = [string]$Wire.state
        IdleTime       = $idleTime
        LogonTime      = ConvertFrom-UserSessionWireTime -Value $Wire.logonTime
        ConnectTime    = ConvertFrom-UserSessionWireTime -Value $Wire.connectTime
        DisconnectTime = ConvertFrom-UserSessionWireTime -Value $Wire.disconnectTime
        LastInputTime  = ConvertFrom-UserSessionWireTime -Value $Wire.lastInputTime
        ClientName     = [string]$Wire.clientName
        ClientAddress  = [string]$Wire.clientAddress
        Protocol       = [string]$Wire.protocol
        Locked         = $locked
        IsCurrent      = [bool]$Wire.isCurrent
        IsConsole      = [bool]$Wire.isConsole
    }
    if ($Remote) {
        $object.PSObject.TypeNames.Insert(0, 'UserSession.Session.Remote')
    }
    $object
}
