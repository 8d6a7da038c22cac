# UserSession module root.
#
# Loads one function per file from Private/ (one folder per concern) and
# Public/ (the release has them inlined here by cmd/package, one file to
# load instead of about fifty), keeps the state of the helper process in $script:Helper,
# registers the argument completers, and makes sure the helper does not
# outlive the module (OnRemove), the runspace that started it or the
# PowerShell process (PowerShell.Exiting, and the helper's own watch of
# this process, --parent-pid).

# The module calls no command of Microsoft.PowerShell.Management (.NET's
# System.IO instead): in a fresh PowerShell 7 the first such command loads
# that module, about 0.3 s.

# The module starts a process, reads its pipes and parses JSON with .NET
# types, which Constrained Language mode (WDAC or AppLocker in enforcement)
# forbids to scripts the policy does not trust. Say so once, clearly,
# instead of failing on the first .NET call.
if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
    throw ("UserSession cannot run in PowerShell's {0} mode: it needs Full Language to start its helper and read its answers. " +
        "Where Windows Defender Application Control or AppLocker enforce a policy, install a release whose files are signed by a publisher the policy trusts (signed releases run in Full Language), " +
        "or have the module's folder allowed by the policy; see about_UserSession, CONSTRAINED LANGUAGE.") -f $ExecutionContext.SessionState.LanguageMode
}

# The module's own code is strict whatever the caller set, so a slip (an
# absent member read, an unset variable) fails in every test run instead of
# only under a caller's Set-StrictMode. 3.0 is what Latest means in both
# Windows PowerShell 5.1 and PowerShell 7; a later Latest cannot change it.
Set-StrictMode -Version 3.0

$script:ModuleRoot = $PSScriptRoot
# The manifest's ModuleVersion, read without a cmdlet: import uses no
# command of Microsoft.PowerShell.Utility, whose first use loads that
# module (about 200 ms in a fresh PowerShell 7).
$script:ModuleVersion = [regex]::Match([System.IO.File]::ReadAllText([System.IO.Path]::Combine($PSScriptRoot, 'UserSession.psd1')),
    "(?m)^\s*ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value
$script:Utf8NoBom = [System.Text.UTF8Encoding]::new($false)
# The parser of the Desktop path, set at first use on Windows PowerShell 5.1
# (or by the tests, to a stand-in); see ConvertFrom-UserSessionJson.
$script:JsonDeserializer = $null
# The options of ConvertFrom-Json in PowerShell 7, set at first use, and
# what the listings' own parser needs there (System.Text.Json), $null where
# it is not used; see ConvertFrom-UserSessionJson.
$script:JsonOptions = $null
$script:JsonListing = $null
# The helpers this module can put on -PSSession targets, by platform; see
# Get-UserSessionRemoteHelper.
$script:RemoteHelpers = $null

# The helper's own timeout of a call when the caller gives none (its
# DefaultTimeout), and the margin the module waits beyond the helper's
# bound for any call, so that it never gives up on an answer the helper may
# still give.
$script:HelperDefaultSeconds = 10
$script:TimeoutMarginSeconds = 30

# One helper per module instance. A hashtable (a reference type) so that the
# PowerShell.Exiting action below sees the process that is current when the
# session ends, not the one that was current at import.
$script:Helper = @{
    Process     = $null
    Path        = $null
    Stdin       = $null
    Stdout      = $null
    PendingRead = $null
    StderrTask  = $null
    NextId      = 0
    # Request id -> what it is and when its answer is due (Send-UserSessionRequest).
    Pending     = @{}
    # Request id -> its answer, until the command that waits for it reads it.
    Responses   = @{}
    # Watch id -> queue of its session.event notifications.
    Events      = @{}
    Info        = $null
    # The names that mean the local machine (server.info's localNames and more).
    LocalNames  = $null
    # Set once the helper's output ended: why; DeadMessage is the error text.
    Dead        = $null
    DeadMessage = $null
}

# The states the helper knows and what quser writes for them, for -State.
$script:StateNames = @(
    [pscustomobject]@{ Name = 'Active'; Aliases = @() }
    [pscustomobject]@{ Name = 'Connected'; Aliases = @('Conn') }
    [pscustomobject]@{ Name = 'ConnectQuery'; Aliases = @('ConnQ') }
    [pscustomobject]@{ Name = 'Shadow'; Aliases = @() }
    [pscustomobject]@{ Name = 'Disconnected'; Aliases = @('Disc') }
    [pscustomobject]@{ Name = 'Idle'; Aliases = @() }
    [pscustomobject]@{ Name = 'Listen'; Aliases = @('Listening') }
    [pscustomobject]@{ Name = 'Reset'; Aliases = @() }
    [pscustomobject]@{ Name = 'Down'; Aliases = @() }
    [pscustomobject]@{ Name = 'Init'; Aliases = @() }
)

# The property names that scripts written for other tools use (SessionId,
# NTAccount, ...) are hidden aliases declared in UserSession.Types.ps1xml:
# usable by name, absent from Select-Object *, Export-Csv and
# ConvertTo-Json.
# The templates every session is copied from, one per kind of listing
# (remote or not, with resources or not); see Get-UserSessionTemplate.
$script:SessionTemplates = @{}
# The session members newer than the first helpers, read only when the
# listing has them (the sessions of one answer all have the same members):
# the one list the generic conversion and both listing builders check.
$script:SessionOptionalMembers = @('accountName', 'sid', 'clientBuild', 'clientDisplay', 'isRemote', 'protected', 'cpuSeconds', 'processCount', 'workingSetBytes')
# What the quser-like view shows: the idle time as quser writes it ('.',
# '5', '1:02', '2+03:04', 'none'), and the user after '>' on the caller's
# own session, as DOMAIN\user.
$script:QuserIdleTime = {
    Format-UserSessionIdleTime -IdleTime $this.IdleTime -Style Quser
}
$script:QuserUserName = {
    $name = [string]$this.AccountName
    if ($this.IsCurrent) { '>' + $name } else { ' ' + $name }
}

# Computer names this PowerShell asked for, for the -ComputerName completer.
$script:KnownComputers = [System.Collections.Generic.HashSet[string]]::new(([System.StringComparer]::OrdinalIgnoreCase))

#region functions
# Private/ holds the helpers in one folder per concern (Transport, Wire,
# Errors, Targets, Actions, Shell), Public/ the commands. Each is loaded in
# the ordinal order of its path below its folder, as cmd/package inlines
# them. The pattern of GetFiles also matches '*.ps1xml' on .NET Framework,
# hence the EndsWith.
foreach ($folder in @('Private', 'Public')) {
    $files = [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($PSScriptRoot, $folder), '*.ps1', [System.IO.SearchOption]::AllDirectories)
    $keys = [string[]]@(foreach ($file in $files) { $file.Replace('\', '/') })
    [System.Array]::Sort($keys, $files, [System.StringComparer]::Ordinal)
    foreach ($file in $files) {
        if ($file.EndsWith('.ps1', [System.StringComparison]::OrdinalIgnoreCase)) {
            . $file
        }
    }
}
#endregion functions

Register-UserSessionArgumentCompleter

# The helper ends with the runspace that started it: the first start of a
# helper subscribes a handler to PowerShell.Exiting, which every local
# runspace raises as it closes (Register-UserSessionHelperCleanup); when
# PowerShell is killed, the helper's --parent-pid watch ends it.
$script:ExitingSubscriber = $null

$ExecutionContext.SessionState.Module.OnRemove = {
    Stop-UserSessionHelper
    $subscriber = $script:ExitingSubscriber
    if ($null -ne $subscriber) {
        $ExecutionContext.Events.UnsubscribeEvent($subscriber)
        $script:ExitingSubscriber = $null
    }
}
