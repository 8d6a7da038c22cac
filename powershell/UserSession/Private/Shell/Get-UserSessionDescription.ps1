function Get-UserSessionDescription {
    <#
    .SYNOPSIS
    Names a session for people: who, which, how idle, where.
    .DESCRIPTION
    "CONTOSO\bob (session 3, RDP-Tcp#7, idle 6 h) on RDS01", or "session 3
    on this computer" when the session itself is not known. Used by the
    confirmation prompts, -WhatIf and the error messages.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [object]$Target
    )

    $where = 'this computer'
    if ($Target.ComputerName) {
        $where = $Target.ComputerName
    }
    $session = $Target.Session
    if ($null -eq $session) {
        return "session $($Target.Id) on $where"
    }
    $who = 'nobody'
    if ($session.AccountName) {
        $who = $session.AccountName
    } elseif ($session.UserName) {
        $who = $session.UserName
    }
    $details = [System.Collections.Generic.List[string]]::new()
    $details.Add("session $($session.Id)")
    if ($session.SessionName) {
        $details.Add($session.SessionName)
    }
    if ($session.State -ne 'Active') {
        $details.Add($session.State)
    }
    if ($null -ne $session.IdleTime) {
        $details.Add('idle ' + (Format-UserSessionIdleTime -IdleTime $session.IdleTime -Style Text))
    }
    if ($session.IsCurrent) {
        $details.Add('your own session')
    }
    return '{0} ({1}) on {2}' -f $who, ($details -join ', '), $where
}
