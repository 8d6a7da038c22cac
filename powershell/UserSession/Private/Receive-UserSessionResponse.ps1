function Receive-UserSessionResponse {
    <#
    .SYNOPSIS
    Returns the helper's response to one of the given request ids.
    .DESCRIPTION
    Reads lines from the helper's standard output with ReadLineAsync and waits
    on the task in short slices (so Ctrl+C is honoured) until a response to one
    of the ids in -Id arrives or -TimeoutSeconds pass. Responses to other ids
    are kept for later calls: the helper may answer out of order. A read that
    times out stays pending and is reused by the next call, since a
    StreamReader allows only one read at a time. End of output means the
    helper exited: that is a terminating error naming the helper's path, its
    exit code and the last lines it wrote to standard error.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [long[]]$Id,

        [Parameter(Mandatory = $true)]
        [int]$TimeoutSeconds
    )

    $state = $script:Helper
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        foreach ($wanted in $Id) {
            if ($state.Responses.ContainsKey($wanted)) {
                $response = $state.Responses[$wanted]
                $state.Responses.Remove($wanted)
                return $response
            }
        }
        if ($null -eq $state.Stdout) {
            throw (Get-UserSessionHelperExitError)
        }

        $remaining = ($deadline - [DateTime]::UtcNow).TotalMilliseconds
        if ($remaining -le 0) {
            throw (New-UserSessionTransportError -Reason 'HelperTimeout' -Path $state.Path -Message "The UserSession helper at '$($state.Path)' did not answer within $TimeoutSeconds seconds.")
        }
        if ($null -eq $state.PendingRead) {
            $state.PendingRead = $state.Stdout.ReadLineAsync()
        }
        $completed = $false
        try {
            $completed = $state.PendingRead.Wait([int][Math]::Min($remaining, 250))
        } catch {
            $state.PendingRead = $null
            throw (Get-UserSessionHelperExitError -Cause $_.Exception)
        }
        if (-not $completed) {
            continue
        }
        $line = $state.PendingRead.Result
        $state.PendingRead = $null
        if ($null -eq $line) {
            throw (Get-UserSessionHelperExitError)
        }
        if ($line.Trim().Length -eq 0) {
            continue
        }
        Write-Debug -Message "usersession -> $line"
        try {
            $message = ConvertFrom-UserSessionJson -Json $line
        } catch {
            Write-Verbose -Message "Ignored a line from the helper that is not JSON: $line"
            continue
        }
        $messageId = Get-UserSessionMember -InputObject $message -Name 'id'
        $messageError = Get-UserSessionMember -InputObject $message -Name 'error'
        if ($null -eq $messageId) {
            $detail = ''
            if ($null -ne $messageError) {
                $detail = Get-UserSessionMember -InputObject $messageError -Name 'message'
            }
            Write-Verbose -Message "Ignored a response without id from the helper: $detail"
            continue
        }
        # Both members always exist on what callers get, so they can test
        # .error and read .result whatever the helper left out.
        $state.Responses[[long]$messageId] = [pscustomobject]@{
            id     = [long]$messageId
            result = Get-UserSessionMember -InputObject $message -Name 'result'
            error  = $messageError
        }
    }
}
