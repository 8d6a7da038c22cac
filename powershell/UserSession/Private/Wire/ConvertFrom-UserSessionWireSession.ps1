function ConvertFrom-UserSessionWireSession {
    <#
    .SYNOPSIS
    Turns a session from the wire into a UserSession.Session object.
    .DESCRIPTION
    IdleTime is a [TimeSpan] built from idleSeconds, times are local
    [datetime] values, and what the helper does not know ($null on the wire)
    stays $null. Sessions of a query that named computers carry the extra
    type name UserSession.Session.Remote, whose table view shows the
    computer; with -Resources, UserSession.Session.Resources comes first,
    whose view shows the computer, memory and processor time. The
    properties that scripts written for other tools use (SessionId, Server, IsCurrentSession, NTAccount, ...)
    are alias properties added here ($script:SessionAliases), with the two
    methods the quser-like view calls.
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Session')]
    param(
        [Parameter(Mandatory = $true)]
        [object]$Wire,

        [switch]$Remote,

        [switch]$Resources
    )

    $idleTime = $null
    if ($null -ne $Wire.idleSeconds) {
        $idleTime = [TimeSpan]::FromSeconds([double]$Wire.idleSeconds)
    }
    $display = $null
    $wireDisplay = Get-UserSessionMember -InputObject $Wire -Name 'clientDisplay'
    if ($null -ne $wireDisplay) {
        $display = [pscustomobject]@{
            PSTypeName = 'UserSession.ClientDisplay'
            Width      = [int]$wireDisplay.width
            Height     = [int]$wireDisplay.height
            ColorDepth = [int]$wireDisplay.colorDepth
        }
    }
    $object = [pscustomobject]@{
        PSTypeName     = 'UserSession.Session'
        ComputerName   = [string]$Wire.computerName
        Id             = [int]$Wire.id
        SessionName    = [string]$Wire.sessionName
        UserName       = [string]$Wire.userName
        Domain         = [string]$Wire.domain
        AccountName    = ConvertFrom-UserSessionWireValue -Value (Get-UserSessionMember -InputObject $Wire -Name 'accountName') -Type ([string])
        SID            = ConvertFrom-UserSessionWireValue -Value (Get-UserSessionMember -InputObject $Wire -Name 'sid') -Type ([string])
        State          = [string]$Wire.state
        IdleTime       = $idleTime
        LogonTime      = ConvertFrom-UserSessionWireTime -Value $Wire.logonTime
        ConnectTime    = ConvertFrom-UserSessionWireTime -Value $Wire.connectTime
        DisconnectTime = ConvertFrom-UserSessionWireTime -Value $Wire.disconnectTime
        LastInputTime  = ConvertFrom-UserSessionWireTime -Value $Wire.lastInputTime
        ClientName     = [string]$Wire.clientName
        ClientAddress  = [string]$Wire.clientAddress
        ClientBuild    = ConvertFrom-UserSessionWireValue -Value (Get-UserSessionMember -InputObject $Wire -Name 'clientBuild') -Type ([int])
        ClientDisplay  = $display
        Protocol       = [string]$Wire.protocol
        IsRemote       = ConvertFrom-UserSessionWireValue -Value (Get-UserSessionMember -InputObject $Wire -Name 'isRemote') -Type ([bool])
        Locked         = ConvertFrom-UserSessionWireValue -Value $Wire.locked -Type ([bool])
        IsCurrent      = [bool]$Wire.isCurrent
        IsConsole      = [bool]$Wire.isConsole
        # Why the helper refuses to act on it without -IncludeProtected
        # ("your own session", "session 0", "a listener"), $null when it
        # does not.
        Protected      = ConvertFrom-UserSessionWireValue -Value (Get-UserSessionMember -InputObject $Wire -Name 'protected') -Type ([string])
    }
    $members = $object.PSObject.Members
    foreach ($alias in $script:SessionAliases) {
        $members.Add([System.Management.Automation.PSAliasProperty]::new($alias[0], $alias[1]))
    }
    $members.Add([System.Management.Automation.PSScriptMethod]::new('GetQuserIdleTime', $script:QuserIdleTime))
    $members.Add([System.Management.Automation.PSScriptMethod]::new('GetQuserUserName', $script:QuserUserName))
    if ($Resources) {
        $cpu = ConvertFrom-UserSessionWireValue -Value (Get-UserSessionMember -InputObject $Wire -Name 'cpuSeconds') -Type ([double])
        if ($null -ne $cpu) {
            $cpu = [TimeSpan]::FromSeconds($cpu)
        }
        $members.Add([System.Management.Automation.PSNoteProperty]::new('ProcessCount', (ConvertFrom-UserSessionWireValue -Value (Get-UserSessionMember -InputObject $Wire -Name 'processCount') -Type ([int]))))
        $members.Add([System.Management.Automation.PSNoteProperty]::new('WorkingSetBytes', (ConvertFrom-UserSessionWireValue -Value (Get-UserSessionMember -InputObject $Wire -Name 'workingSetBytes') -Type ([long]))))
        $members.Add([System.Management.Automation.PSNoteProperty]::new('CpuTime', $cpu))
    }
    # The first type name picks the table: Resources before Remote, since
    # the Resources table names the computer as well.
    if ($Remote) {
        $object.PSObject.TypeNames.Insert(0, 'UserSession.Session.Remote')
    }
    if ($Resources) {
        $object.PSObject.TypeNames.Insert(0, 'UserSession.Session.Resources')
    }
    $object
}
