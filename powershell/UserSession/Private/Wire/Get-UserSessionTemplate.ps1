function Get-UserSessionTemplate {
    <#
    .SYNOPSIS
    Returns the object every UserSession.Session of one kind is copied from.
    .DESCRIPTION
    One template per kind of listing (remote or not, with resources or
    not), made at first use and kept in $script:SessionTemplates. It holds
    the properties with their defaults, the two methods the quser-like view
    calls and the type names, so that each session is one PSObject.Copy()
    whose values are then set: adding members to each object took longer
    than everything else. (The aliases are the type data's, in
    UserSession.Types.ps1xml.)
    Every builder of sessions copies it (ConvertFrom-UserSessionWireSession,
    ConvertFrom-UserSessionJsonListing, ConvertFrom-UserSessionDictionaryListing).
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [switch]$Remote,

        [switch]$Resources
    )

    $kind = '{0}{1}' -f [int][bool]$Remote, [int][bool]$Resources
    $template = $script:SessionTemplates[$kind]
    if ($null -ne $template) {
        return $template
    }
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
    return $template
}
