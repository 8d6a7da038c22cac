function ConvertFrom-UserSessionWireProcess {
    <#
    .SYNOPSIS
    Turns a process from the wire into a UserSession.Process object.
    .DESCRIPTION
    Counters the helper could not read ($null on the wire) stay $null. The
    session id is in SessionId, so a process piped to Disconnect-UserSession
    binds to its -Id parameter (alias SessionId).
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Process')]
    param(
        [Parameter(Mandatory = $true)]
        [object]$Wire
    )

    $workingSet = $null
    if ($null -ne $Wire.workingSetBytes) {
        $workingSet = [long]$Wire.workingSetBytes
    }
    $cpu = $null
    if ($null -ne $Wire.cpuSeconds) {
        $cpu = [TimeSpan]::FromSeconds([double]$Wire.cpuSeconds)
    }
    $threads = $null
    if ($null -ne $Wire.threadCount) {
        $threads = [int]$Wire.threadCount
    }
    $handles = $null
    if ($null -ne $Wire.handleCount) {
        $handles = [int]$Wire.handleCount
    }
    [pscustomobject]@{
        PSTypeName      = 'UserSession.Process'
        ComputerName    = [string]$Wire.computerName
        SessionId       = [int]$Wire.sessionId
        ProcessId       = [int]$Wire.processId
        Name            = [string]$Wire.name
        UserName        = [string]$Wire.userName
        Domain          = [string]$Wire.domain
        WorkingSetBytes = $workingSet
        CpuTime         = $cpu
        ThreadCount     = $threads
        HandleCount     = $handles
    }
}
