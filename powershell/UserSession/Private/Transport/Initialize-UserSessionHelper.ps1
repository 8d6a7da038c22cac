function Initialize-UserSessionHelper {
    <#
    .SYNOPSIS
    Makes sure a helper of the module's own version is running.
    .DESCRIPTION
    Called at the start of every command. Starts the helper at first use,
    and again when the one started before has exited (its requests in flight
    have failed by then with HelperExited; none is sent again). Each new
    helper is asked for server.info; a helper whose version differs from
    the module's is stopped and reported as a terminating error, since the
    two are built and shipped together.
    #>
    [CmdletBinding()]
    param()

    $state = $script:Helper
    if (($null -ne $state.Process) -and ($null -eq $state.Dead) -and (-not $state.Process.HasExited) -and ($null -ne $state.Info)) {
        return
    }
    if ($null -ne $state.Process) {
        Write-Verbose -Message 'The UserSession helper has exited; starting it again.'
        Stop-UserSessionHelper
    }

    Start-UserSessionHelper
    try {
        $response = Invoke-UserSessionRpc -Method 'server.info' -Target 'server.info'
    } catch {
        Stop-UserSessionHelper
        throw
    }
    if ($null -ne $response.error) {
        $path = $state.Path
        $transport = Get-UserSessionMember -InputObject $response.error -Name 'transport'
        if ($transport -eq 'HelperExited') {
            $record = Get-UserSessionHelperExitError
            Stop-UserSessionHelper
            throw $record
        }
        Stop-UserSessionHelper
        throw (New-UserSessionTransportError -Reason 'HelperProtocolError' -Path $path -Message "The UserSession helper at '$path' did not answer server.info: $($response.error.message)")
    }
    $info = $response.result
    if ([string]$info.version -ne [string]$script:ModuleVersion) {
        $path = $state.Path
        Stop-UserSessionHelper
        throw (New-UserSessionTransportError -Reason 'HelperVersionMismatch' -Path $path -Message "The UserSession helper at '$path' is version $($info.version), but the module is version $($script:ModuleVersion). Install the module and the helper from the same release.")
    }
    $state.Info = $info
    $names = [System.Collections.Generic.HashSet[string]]::new(([System.StringComparer]::OrdinalIgnoreCase))
    foreach ($name in @('.', 'localhost', '127.0.0.1', '::1', [string]$info.computerName) + @(Get-UserSessionMember -InputObject $info -Name 'localNames')) {
        if ($name) {
            $null = $names.Add([string]$name)
        }
    }
    $state.LocalNames = $names
    Write-Verbose -Message ("UserSession helper {0} on {1}: backend {2}, elevated {3}." -f $info.version, $info.computerName, (Get-UserSessionMember -InputObject $info -Name 'backend'), (Get-UserSessionMember -InputObject $info -Name 'elevated'))
}
