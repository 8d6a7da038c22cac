function Get-UserSessionQuestionBlocker {
    <#
    .SYNOPSIS
    Says why a session's user cannot see a question, or returns $null when they can.
    .DESCRIPTION
    Only an active session whose desktop is known to be unlocked shows a
    question to its user. Disconnected (or any state but Active), locked,
    and a lock state the host does not report (Locked $null) all mean the
    answer would only be a timeout, which is not a yes.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()]
        [object]$Session
    )

    if ($null -eq $Session) {
        return 'the session is not known'
    }
    $state = [string](Get-UserSessionMember -InputObject $Session -Name 'State')
    if ($state -ne 'Active') {
        return "the session is $state"
    }
    $locked = Get-UserSessionMember -InputObject $Session -Name 'Locked'
    if ($null -eq $locked) {
        return 'whether the session is locked is not known'
    }
    if ($locked) {
        return 'the session is locked'
    }
    return $null
}
