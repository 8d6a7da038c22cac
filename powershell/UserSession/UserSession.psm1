# UserSession module root.
#
# Loads one function per file from Private/ and Public/, keeps the state of
# the helper process in $script:Helper, and makes sure the helper does not
# outlive the module (OnRemove) or the PowerShell process (PowerShell.Exiting).

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

foreach ($folder in @('Private', 'Public')) {
    $folderPath = Join-Path -Path $PSScriptRoot -ChildPath $folder
    foreach ($file in Get-ChildItem -Path $folderPath -Filter '*.ps1' -File) {
        . $file.FullName
    }
}

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
