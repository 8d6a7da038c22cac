function Get-UserSessionCaller {
    <#
    .SYNOPSIS
    Returns who asks, for the caller member of actions sent through a PSSession.
    .DESCRIPTION
    The caller's account (DOMAIN\user on Windows), this computer's name and,
    when the local helper runs in one, the caller's own session. The target
    protects that session when it is its own, and its audit record names
    the caller, marked as claimed, beside the remoting account. Needs the
    local helper (Initialize-UserSessionHelper) for the session id.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param()

    $user = [Environment]::UserName
    $onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
    if ($onWindows -and [Environment]::UserDomainName) {
        $user = [Environment]::UserDomainName + '\' + $user
    }
    $caller = @{ userName = $user; computerName = [Environment]::MachineName }
    $info = $script:Helper.Info
    if ($null -ne $info) {
        $current = Get-UserSessionMember -InputObject $info -Name 'currentSessionId'
        if ($null -ne $current) {
            $caller['sessionId'] = [long]$current
        }
    }
    return $caller
}
