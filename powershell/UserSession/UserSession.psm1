# UserSession module root.
#
# Loads one function per file from Private/ and Public/ (the release has
# them inlined here by cmd/package, one file to load instead of about
# thirty), keeps the state of the helper process in $script:Helper,
# registers the argument completers, and makes sure the helper does not
# outlive the module (OnRemove) or the PowerShell process (PowerShell.Exiting,
# and the helper's own watch of this process, --parent-pid).

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
$script:ModuleVersion = (Import-PowerShellDataFile -Path (Join-Path -Path $PSScriptRoot -ChildPath 'UserSession.psd1')).ModuleVersion
$script:Utf8NoBom = New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false
# Created at first use on Windows PowerShell 5.1; see ConvertFrom-UserSessionJson.
$script:JsonSerializer = $null

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

# Computer names this PowerShell asked for, for the -ComputerName completer.
$script:KnownComputers = New-Object -TypeName 'System.Collections.Generic.HashSet[string]' -ArgumentList ([System.StringComparer]::OrdinalIgnoreCase)

#region functions
foreach ($folder in @('Private', 'Public')) {
    $folderPath = Join-Path -Path $PSScriptRoot -ChildPath $folder
    foreach ($file in Get-ChildItem -Path $folderPath -Filter '*.ps1' -File) {
        . $file.FullName
    }
}
#endregion functions

Register-UserSessionArgumentCompleter

$script:ExitingJob = Register-EngineEvent -SourceIdentifier 'PowerShell.Exiting' -MessageData $script:Helper -Action {
    $state = $Event.MessageData
    if ($null -ne $state.Process) {
        try {
            if (-not $state.Process.HasExited) {
                $state.Process.Kill()
            }
        } catch {
            $null = $_
        }
    }
}

$ExecutionContext.SessionState.Module.OnRemove = {
    Stop-UserSessionHelper
    $job = $script:ExitingJob
    if ($null -ne $job) {
        Get-EventSubscriber -SourceIdentifier 'PowerShell.Exiting' -ErrorAction SilentlyContinue |
            Where-Object { $_.Action -eq $job } |
            Unregister-Event -ErrorAction SilentlyContinue
        Remove-Job -Job $job -Force -ErrorAction SilentlyContinue
    }
}
