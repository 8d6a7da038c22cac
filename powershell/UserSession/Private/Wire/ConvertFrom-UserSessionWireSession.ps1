function ConvertFrom-UserSessionWireSession {
    <#
    .SYNOPSIS
    Turns sessions from the wire into UserSession.Session objects.
    .DESCRIPTION
    IdleTime is a [TimeSpan] built from idleSeconds, times are local
    [datetime] values, and what the helper does not know ($null on the wire)
    stays $null. Sessions of a query that named computers carry the extra
    type name UserSession.Session.Remote, whose table view shows the
    computer; with -Resources, UserSession.Session.Resources comes first,
    whose view shows the processes, memory and processor time (and
    UserSession.Session.Resources.Remote before it for a query that named
    computers, whose view shows the computer too). The
    properties that scripts written for other tools use (SessionId, Server,
    IsCurrentSession, NTAccount, ...) are hidden aliases of the type data
    (UserSession.Types.ps1xml); the two methods the quser-like view calls
    are added here.

    It takes a whole listing at once and reads each field inline, with no
    function call per session or per field, and copies each object from a
    template: a listing of thousands of sessions is converted in one call
    (see powershell/bench/Measure-UserSessionListing.ps1).
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Session')]
    param(
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [object[]]$Wire,

        [switch]$Remote,

        [switch]$Resources
    )

    $invariant = [System.Globalization.CultureInfo]::InvariantCulture
    $styles = [System.Globalization.DateTimeStyles]::AssumeUniversal -bor [System.Globalization.DateTimeStyles]::AllowWhiteSpaces
    # Each object is a copy of a template that already holds the methods
    # and the type names (PSObject.Copy, one call), whose
    # values are then set: adding fourteen members to each object took
    # longer than everything else.
    $kind = '{0}{1}' -f [int][bool]$Remote, [int][bool]$Resources
    $template = $script:SessionTemplates[$kind]
    if ($null -eq $template) {
        $template = [pscustomobject]@{
            PSTypeName     = 'UserSession.Session'
            ComputerName   = $null
            Id             = 0
            SessionName    = $null
            UserName       = $null
            Domain         = $null
            AccountName    = $null
            SID            = $null
            State          = $null
            IdleTime       = $null
            LogonTime      = $null
            ConnectTime    = $null
            DisconnectTime = $null
            LastInputTime  = $null
            ClientName     = $null
            ClientAddress  = $null
            ClientBuild    = $null
            ClientDisplay  = $null
            Protocol       = $null
            IsRemote       = $null
            Locked         = $null
            IsCurrent      = $false
            IsConsole      = $false
            # Why the helper refuses to act on it without -IncludeProtected
            # ("your own session", "session 0", "a listener"), $null when it
            # does not.
            Protected      = $null
        }
        $members = $template.PSObject.Members
        $members.Add([System.Management.Automation.PSScriptMethod]::new('GetQuserIdleTime', $script:QuserIdleTime))
        $members.Add([System.Management.Automation.PSScriptMethod]::new('GetQuserUserName', $script:QuserUserName))
        if ($Resources) {
            $members.Add([System.Management.Automation.PSNoteProperty]::new('ProcessCount', $null))
            $members.Add([System.Management.Automation.PSNoteProperty]::new('WorkingSetBytes', $null))
            $members.Add([System.Management.Automation.PSNoteProperty]::new('CpuTime', $null))
        }
        # The first type name picks the table: Resources before Remote, and
        # Resources.Remote, whose table names the computer as well, before
        # both.
        if ($Remote) {
            $template.PSObject.TypeNames.Insert(0, 'UserSession.Session.Remote')
        }
        if ($Resources) {
            $template.PSObject.TypeNames.Insert(0, 'UserSession.Session.Resources')
            if ($Remote) {
                $template.PSObject.TypeNames.Insert(0, 'UserSession.Session.Resources.Remote')
            }
        }
        $script:SessionTemplates[$kind] = $template
    }
    # The members newer than the first helpers: read when the listing has
    # them (the sessions of one answer all have the same members), so that
    # no read of an absent member fails under the module's strict mode.
    $has = @{}
    if ($Wire.Count -gt 0) {
        foreach ($name in @('accountName', 'sid', 'clientBuild', 'clientDisplay', 'isRemote', 'protected', 'cpuSeconds', 'processCount', 'workingSetBytes')) {
            $has[$name] = $null -ne $Wire[0].PSObject.Properties[$name]
        }
    }
    foreach ($item in $Wire) {
        $object = $template.PSObject.Copy()
        $object.ComputerName = [string]$item.computerName
        $object.Id = [int]$item.id
        $object.SessionName = [string]$item.sessionName
        $object.UserName = [string]$item.userName
        $object.Domain = [string]$item.domain
        $object.State = [string]$item.state
        $object.ClientName = [string]$item.clientName
        $object.ClientAddress = [string]$item.clientAddress
        $object.Protocol = [string]$item.protocol
        $object.IsCurrent = [bool]$item.isCurrent
        $object.IsConsole = [bool]$item.isConsole
        $value = $item.idleSeconds
        if ($null -ne $value) {
            $object.IdleTime = [TimeSpan]::FromSeconds([double]$value)
        }
        $value = $item.locked
        if ($null -ne $value) {
            $object.Locked = [bool]$value
        }
        foreach ($name in @('LogonTime', 'ConnectTime', 'DisconnectTime', 'LastInputTime')) {
            $value = $item.$name
            if ($value -is [string]) {
                if ($value.Length -gt 0) {
                    $object.$name = [System.DateTimeOffset]::Parse($value, $invariant, $styles).LocalDateTime
                }
            } elseif ($null -ne $value) {
                # PowerShell 7 before 7.5 parses times itself.
                $object.$name = ConvertFrom-UserSessionWireTime -Value $value
            }
        }
        if ($has['accountName'] -and ($null -ne $item.accountName)) {
            $object.AccountName = [string]$item.accountName
        }
        if ($has['sid'] -and ($null -ne $item.sid)) {
            $object.SID = [string]$item.sid
        }
        if ($has['clientBuild'] -and ($null -ne $item.clientBuild)) {
            $object.ClientBuild = [int]$item.clientBuild
        }
        if ($has['isRemote'] -and ($null -ne $item.isRemote)) {
            $object.IsRemote = [bool]$item.isRemote
        }
        if ($has['protected'] -and ($null -ne $item.protected)) {
            $object.Protected = [string]$item.protected
        }
        if ($has['clientDisplay'] -and ($null -ne $item.clientDisplay)) {
            $object.ClientDisplay = [pscustomobject]@{
                PSTypeName = 'UserSession.ClientDisplay'
                Width      = [int]$item.clientDisplay.width
                Height     = [int]$item.clientDisplay.height
                ColorDepth = [int]$item.clientDisplay.colorDepth
            }
        }
        if ($Resources) {
            if ($has['cpuSeconds'] -and ($null -ne $item.cpuSeconds)) {
                $object.CpuTime = [TimeSpan]::FromSeconds([double]$item.cpuSeconds)
            }
            if ($has['processCount'] -and ($null -ne $item.processCount)) {
                $object.ProcessCount = [int]$item.processCount
            }
            if ($has['workingSetBytes'] -and ($null -ne $item.workingSetBytes)) {
                $object.WorkingSetBytes = [long]$item.workingSetBytes
            }
        }
        $object
    }
}
