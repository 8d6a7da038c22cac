function Resolve-UserSessionRemoteInput {
    <#
    .SYNOPSIS
    Turns a piped object listed through a PSSession into its target.
    .DESCRIPTION
    Returns $null for an object that was not listed through a PSSession (it
    has no PSSession member): Resolve-UserSessionInput decides for those.
    An object that was listed through one goes back through the same
    PSSession: its target has Id, ComputerName (the PSSession's), Session
    and PSSession. One whose PSSession is not a live PSSession here (a
    deserialized object, an object from another PowerShell) is refused:
    acting on it through any other way could reach another machine than
    the one it was listed on. -PSSession or -ComputerName given beside
    such an object are refused as well.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [object]$InputObject,

        [switch]$ComputerNameGiven
    )

    if ($null -eq $InputObject) {
        return $null
    }
    $member = $InputObject.PSObject.Properties['PSSession']
    if ($null -eq $member) {
        return $null
    }
    $fail = {
        param($Message)
        [pscustomobject]@{ Target = $null; Error = (New-UserSessionArgumentError -Message $Message -Reason 'InvalidInput' -TargetObject $InputObject) }
    }
    $session = $member.Value
    if ($session -isnot [System.Management.Automation.Runspaces.PSSession]) {
        return (& $fail 'The object was listed through a PSSession that is not available here (it was serialized or comes from another PowerShell). List the sessions again with Get-UserSession -PSSession and act on those objects.')
    }
    if ($ComputerNameGiven) {
        return (& $fail "The object was listed through the PSSession to $($session.ComputerName) and goes back through it; do not give -ComputerName or -PSSession with it.")
    }
    $id = Get-UserSessionMember -InputObject $InputObject -Name 'Id'
    if (($null -eq $id) -or ($InputObject.PSObject.TypeNames -notcontains 'UserSession.Session')) {
        return (& $fail 'Only UserSession.Session objects listed through a PSSession can be acted on through it.')
    }
    $target = [pscustomobject]@{ Id = [int]$id; ComputerName = $session.ComputerName; Session = $InputObject; PSSession = $session }
    [pscustomobject]@{ Target = $target; Error = $null }
}
