function ConvertFrom-UserSessionWireDecision {
    <#
    .SYNOPSIS
    Turns a decision of session.reclaim into a UserSession.ReclaimDecision.
    .DESCRIPTION
    Times in seconds become TimeSpans, the logon time a local [datetime];
    what is not known stays $null. An action that failed writes its error
    through -Cmdlet, so the run's failures reach $Error and -ErrorAction.
    With -PSSession (the run was on its computer), ComputerName is the
    PSSession's, the target's own name TargetComputerName, and the
    decision carries the PSSession.
    #>
    [CmdletBinding()]
    [OutputType('UserSession.ReclaimDecision')]
    param(
        [Parameter(Mandatory = $true)]
        [object]$Wire,

        [System.Management.Automation.PSCmdlet]$Cmdlet,

        [AllowNull()]
        [System.Management.Automation.Runspaces.PSSession]$PSSession
    )

    $span = {
        param($Seconds)
        if ($null -eq $Seconds) {
            return $null
        }
        return [TimeSpan]::FromSeconds([double]$Seconds)
    }
    $result = Get-UserSessionMember -InputObject $Wire -Name 'result'
    $completed = $null
    $failure = $null
    if ($null -ne $result) {
        $completed = [bool](Get-UserSessionMember -InputObject $result -Name 'completed')
        $failure = Get-UserSessionMember -InputObject $result -Name 'error'
    }
    $decision = [pscustomobject]@{
        PSTypeName   = 'UserSession.ReclaimDecision'
        ComputerName = [string]$Wire.computerName
        Id           = [int]$Wire.id
        UserName     = [string]$Wire.userName
        State        = [string]$Wire.state
        Decision     = [string]$Wire.decision
        Rule         = Get-UserSessionMember -InputObject $Wire -Name 'rule'
        IdleTime     = & $span (Get-UserSessionMember -InputObject $Wire -Name 'idleSeconds')
        Limit        = & $span (Get-UserSessionMember -InputObject $Wire -Name 'limitSeconds')
        Warning      = [string]$Wire.warning
        Completed    = $completed
        Error        = $null
        Reason       = [string]$Wire.reason
        LogonTime    = ConvertFrom-UserSessionWireTime -Value (Get-UserSessionMember -InputObject $Wire -Name 'logonTime')
    }
    if ($null -ne $PSSession) {
        $decision | Add-Member -NotePropertyName 'TargetComputerName' -NotePropertyValue $decision.ComputerName
        $decision.ComputerName = $PSSession.ComputerName
        $decision | Add-Member -NotePropertyName 'PSSession' -NotePropertyValue $PSSession
    }
    if ($null -ne $failure) {
        $decision.Error = [string]$failure.message
        if ($null -ne $Cmdlet) {
            $label = '{0} session {1}' -f $decision.ComputerName, $decision.Id
            $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $failure -TargetObject $decision -Prefix "${label}: "))
        }
    }
    return $decision
}
