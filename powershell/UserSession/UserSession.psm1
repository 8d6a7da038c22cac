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

# Seconds to wait for an answer when the caller gave no timeout of its own.
$script:DefaultTimeoutSeconds = 120
# Extra seconds granted on top of a timeout the helper applies itself.
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
    Responses   = @{}
    Info        = $null
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
