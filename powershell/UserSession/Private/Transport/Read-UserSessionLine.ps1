function Read-UserSessionLine {
    <#
    .SYNOPSIS
    Reads at most one message from the helper and files it; says whether it did.
    .DESCRIPTION
    Waits up to -Milliseconds for a line. A response to a pending request is
    kept in the response table; one to an abandoned or unknown request is
    dropped; a session.event notification goes to the queue of its watch
    (dropped when nobody watches). End of output, or a failed read, marks the
    helper dead: every request still pending then fails with HelperExited.
    A read that has not completed stays pending and is reused by the next
    call, since a StreamReader allows one read at a time.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [int]$Milliseconds = 0
    )

    $state = $script:Helper
    if (($null -ne $state.Dead) -or ($null -eq $state.Stdout)) {
        if ($null -eq $state.Dead) {
            $state.Dead = 'no output'
        }
        return $false
    }
    if ($null -eq $state.PendingRead) {
        $state.PendingRead = $state.Stdout.ReadLineAsync()
    }
    $completed = $false
    try {
        $completed = $state.PendingRead.Wait([Math]::Max(0, $Milliseconds))
    } catch {
        $state.PendingRead = $null
        $state.Dead = $_.Exception
        return $true
    }
    if (-not $completed) {
        return $false
    }
    $line = $state.PendingRead.Result
    $state.PendingRead = $null
    if ($null -eq $line) {
        $state.Dead = 'end of output'
        return $true
    }
    if ($line.Trim().Length -eq 0) {
        return $true
    }
    if ($DebugPreference -ne 'SilentlyContinue') {
        Write-Debug -Message "usersession -> $line"
    }
    try {
        $message = ConvertFrom-UserSessionJson -Json $line -Pending $state.Pending
    } catch {
        Write-Verbose -Message "Ignored a line from the helper that is not JSON: $line"
        return $true
    }
    # The members read inline, not through Get-UserSessionMember: this
    # runs for every line.
    $members = @{}
    if ($null -ne $message) {
        $members = $message.PSObject.Properties
    }
    $messageId = $null
    $member = $members['id']
    if ($null -ne $member) {
        $messageId = $member.Value
    }
    if ($null -eq $messageId) {
        if ((Get-UserSessionMember -InputObject $message -Name 'method') -eq 'session.event') {
            $params = Get-UserSessionMember -InputObject $message -Name 'params'
            $watchId = [string](Get-UserSessionMember -InputObject $params -Name 'watchId')
            if ($state.Events.ContainsKey($watchId)) {
                $state.Events[$watchId].Enqueue($params)
            }
            return $true
        }
        $detail = ''
        $messageError = Get-UserSessionMember -InputObject $message -Name 'error'
        if ($null -ne $messageError) {
            $detail = Get-UserSessionMember -InputObject $messageError -Name 'message'
        }
        Write-Verbose -Message "Ignored a message without id from the helper: $detail"
        return $true
    }
    $messageId = [long]$messageId
    $pending = $state.Pending[$messageId]
    if (($null -eq $pending) -or $pending.Abandoned) {
        # Nobody waits for it any more (Ctrl+C, Select-Object -First, a
        # timeout): drop it, so a long loop holds constant memory.
        $state.Pending.Remove($messageId)
        return $true
    }
    $result = $null
    $member = $members['result']
    if ($null -ne $member) {
        $result = $member.Value
    }
    $failure = $null
    $member = $members['error']
    if ($null -ne $member) {
        $failure = $member.Value
    }
    $state.Responses[$messageId] = [pscustomobject]@{
        id     = $messageId
        result = $result
        error  = $failure
    }
    return $true
}
