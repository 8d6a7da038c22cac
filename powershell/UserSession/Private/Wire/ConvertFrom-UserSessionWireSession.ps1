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
    template (Get-UserSessionTemplate). This is the generic path, for
    sessions parsed as every other message is; Get-UserSession's own
    listings are built straight from the parser's output instead
    (ConvertFrom-UserSessionJson), by builders that must give the same
    objects: tests/Listing.Tests.ps1 compares them field by field.
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
    $template = Get-UserSessionTemplate -Remote:$Remote -Resources:$Resources
    # The members newer than the first helpers: read when the listing has
    # them (the sessions of one answer all have the same members), so that
    # no read of an absent member fails under the module's strict mode.
    $has = @{}
    if ($Wire.Count -gt 0) {
        foreach ($name in $script:SessionOptionalMembers) {
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
