function Resolve-UserSessionInput {
    <#
    .SYNOPSIS
    Turns an object piped to a command that acts on sessions into its target.
    .DESCRIPTION
    The one place that decides which session a piped object names, so that
    nothing piped can hit a session nobody meant:

    - UserSession's own objects (Session, Process, ActionResult,
      MessageResponse, Event) name their session (SessionId of a process,
      never its process id) and its computer.
    - The same objects deserialized (Invoke-Command, Import-Clixml, jobs:
      type names Deserialized.UserSession.*) are UserSession's own too and
      keep every check: their computer, and for a session the user and
      logon time the action expects.
    - Any other deserialized object (Deserialized.*: a Get-Process run
      through remoting carries SessionId and PSComputerName) is refused:
      its properties are a copy whose meaning the module cannot check.
    - A process of Get-Process (System.Diagnostics.Process) is refused: its
      Id is a process id, and to sign out the sessions that run a program,
      Get-UserSessionProcess is the way.
    - Any other object must carry SessionId (or UnifiedSessionId, as
      Get-RDUserSession's do) and a computer in ComputerName, HostServer,
      PSComputerName, DNSHostName, Server or ServerName; its Id property is
      never read, since for most objects it is not a session id. An object
      without a computer is refused unless -ComputerName names one.

    An explicit -ComputerName that names another computer than the object
    is refused too. Returns a target (Id, ComputerName: $null for the local
    computer, Session when the object is a UserSession.Session, Error
    $null), or an object whose Error is the UserSession.InvalidInput
    ErrorRecord that says why the input names no session, for the caller
    to write.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [object]$InputObject,

        # -ComputerName as the caller gave it.
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName,

        # -ComputerName as Resolve-UserSessionComputerName returns it ($null
        # for the local computer), resolved once by the caller rather than
        # for every piped object.
        [AllowNull()]
        [object]$ResolvedComputerName
    )

    # A caller that did not resolve -ComputerName gets it resolved here:
    # taken as $null, it would send another computer's session id locally.
    if (-not $PSBoundParameters.ContainsKey('ResolvedComputerName')) {
        $ResolvedComputerName = Resolve-UserSessionComputerName -ComputerName $ComputerName
    }
    $refuse = {
        param($Message)
        [pscustomobject]@{ Id = $null; ComputerName = $null; Session = $null; Error = (New-UserSessionArgumentError -Message $Message -Reason 'InvalidInput' -TargetObject $InputObject) }
    }
    if ($null -eq $InputObject) {
        return (& $refuse 'A $null object was piped: it names no session.')
    }
    $base = $InputObject
    if ($base -is [System.Management.Automation.PSObject]) {
        $base = $base.PSObject.BaseObject
    }
    if ($base -is [System.Diagnostics.Process]) {
        return (& $refuse "Process $($base.Id) ($($base.ProcessName)) is a process, not a session; its Id is a process id. To act on the sessions that run a program, pipe Get-UserSessionProcess -Name <name>.")
    }
    if (($base -is [string]) -or ($base -is [ValueType])) {
        return (& $refuse "'$InputObject' names no session: pipe UserSession.Session objects (Get-UserSession), or give -Id and -ComputerName.")
    }

    $typeNames = @($InputObject.PSObject.TypeNames)
    $session = $null
    $id = $null
    $computer = $null
    $ownType = $false
    foreach ($name in @('UserSession.Session', 'UserSession.Process', 'UserSession.ActionResult', 'UserSession.MessageResponse', 'UserSession.Event')) {
        if (($typeNames -contains $name) -or ($typeNames -contains "Deserialized.$name")) {
            $ownType = $true
            if ($name -eq 'UserSession.Session') {
                $session = $InputObject
            }
            if ($name -eq 'UserSession.Process') {
                $id = Get-UserSessionMember -InputObject $InputObject -Name 'SessionId'
            } else {
                $id = Get-UserSessionMember -InputObject $InputObject -Name 'Id'
            }
            $computer = [string](Get-UserSessionMember -InputObject $InputObject -Name 'ComputerName')
            break
        }
    }
    if (-not $ownType) {
        foreach ($name in $typeNames) {
            if (([string]$name).StartsWith('Deserialized.', [System.StringComparison]::Ordinal)) {
                return (& $refuse "The piped object is a deserialized $(([string]$typeNames[0]).Substring(13)) (from remoting, a job or Import-Clixml), not a UserSession object: its properties cannot be checked, so it names no session. Run Get-UserSession there, or pipe Get-UserSession objects.")
            }
        }
        foreach ($name in @('SessionId', 'UnifiedSessionId')) {
            $value = Get-UserSessionMember -InputObject $InputObject -Name $name
            if ($null -ne $value) {
                $id = $value
                break
            }
        }
        if ($null -eq $id) {
            return (& $refuse "The piped object has no SessionId property, so it names no session (an Id property is not taken for one: it is a process id or another id on most objects).")
        }
        foreach ($name in @('ComputerName', 'HostServer', 'PSComputerName', 'DNSHostName', 'Server', 'ServerName')) {
            $value = Get-UserSessionMember -InputObject $InputObject -Name $name
            if (($null -ne $value) -and ([string]$value).Length -gt 0) {
                $computer = [string]$value
                break
            }
        }
        if (-not $computer) {
            if (-not $ComputerName) {
                return (& $refuse "The piped object with SessionId $id names no computer (ComputerName, HostServer, PSComputerName, DNSHostName, Server or ServerName), so it is not acted on: give -ComputerName, or pipe Get-UserSession objects.")
            }
            $computer = $ComputerName
        }
    }
    $sessionId = 0
    if (-not [int]::TryParse([string]$id, [ref]$sessionId) -or ($sessionId -lt 0)) {
        return (& $refuse "The piped object's session id '$id' is not a session id.")
    }
    # An object without a computer takes -ComputerName, resolved already.
    if ($computer -ceq $ComputerName) {
        $resolved = $ResolvedComputerName
    } else {
        $resolved = Resolve-UserSessionComputerName -ComputerName $computer
    }
    if ($ComputerName -and ([string]$ResolvedComputerName -ne [string]$resolved)) {
        return (& $refuse "The piped session $sessionId is on '$computer', but -ComputerName names '$ComputerName': give one or the other.")
    }
    [pscustomobject]@{
        Id           = $sessionId
        ComputerName = $resolved
        Session      = $session
        Error        = $null
    }
}
