function ConvertFrom-UserSessionWireProcess {
    <#
    .SYNOPSIS
    Turns a process from the wire into a UserSession.Process object.
    .DESCRIPTION
    Counters the helper could not read ($null on the wire) stay $null. The
    session id is in SessionId and the process id in ProcessId; a process
    piped to Disconnect-UserSession names its session, never its process id.
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Process')]
    param(
        [Parameter(Mandatory = $true)]
        [object]$Wire
    )

    $cpu = ConvertFrom-UserSessionWireValue -Value $Wire.cpuSeconds -Type ([double])
    if ($null -ne $cpu) {
        $cpu = [TimeSpan]::FromSeconds($cpu)
    }
    [pscustomobject]@{
        PSTypeName      = 'UserSession.Process'
        ComputerName    = [string]$Wire.computerName
        SessionId       = [int]$Wire.sessionId
        ProcessId       = [int]$Wire.processId
        Name            = [string]$Wire.name
        UserName        = [string]$Wire.userName
        Domain          = [string]$Wire.domain
        SID             = ConvertFrom-UserSessionWireValue -Value (Get-UserSessionMember -InputObject $Wire -Name 'sid') -Type ([string])
        WorkingSetBytes = ConvertFrom-UserSessionWireValue -Value $Wire.workingSetBytes -Type ([long])
        CpuTime         = $cpu
        ThreadCount     = ConvertFrom-UserSessionWireValue -Value $Wire.threadCount -Type ([int])
        HandleCount     = ConvertFrom-UserSessionWireValue -Value $Wire.handleCount -Type ([int])
    }
}
