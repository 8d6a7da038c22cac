function Get-UserSessionRemoteHelper {
    <#
    .SYNOPSIS
    Returns the helpers this module can put on targets, by platform.
    .DESCRIPTION
    A hashtable of runtime id (win-x64, linux-x64, ...) to an object with
    Path and Hash (SHA-256, upper-case hex): every helper under the module's
    bin folder, and the helper this machine runs (USERSESSION_PATH in
    development) under this machine's runtime id. Computed once per module
    instance; the hashes are what a target checks before every start.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param()

    if ($null -ne $script:RemoteHelpers) {
        return $script:RemoteHelpers
    }
    $helpers = @{}
    $hashOf = {
        param([string]$Path)
        $stream = [System.IO.File]::OpenRead($Path)
        $sha = [System.Security.Cryptography.SHA256]::Create()
        try {
            [System.BitConverter]::ToString($sha.ComputeHash($stream)).Replace('-', '')
        } finally {
            $sha.Dispose()
            $stream.Dispose()
        }
    }
    $bin = [System.IO.Path]::Combine($script:ModuleRoot, 'bin')
    if ([System.IO.Directory]::Exists($bin)) {
        foreach ($dir in [System.IO.Directory]::GetDirectories($bin)) {
            foreach ($name in @('usersession.exe', 'usersession')) {
                $file = [System.IO.Path]::Combine($dir, $name)
                if ([System.IO.File]::Exists($file)) {
                    $helpers[[System.IO.Path]::GetFileName($dir)] = [pscustomobject]@{ Path = $file; Hash = (& $hashOf $file) }
                }
            }
        }
    }
    $own = Get-UserSessionHelperPath
    $rid = Get-UserSessionRuntimeId
    if ($null -ne $rid) {
        $helpers[$rid] = [pscustomobject]@{ Path = $own; Hash = (& $hashOf $own) }
    }
    $script:RemoteHelpers = $helpers
    return $helpers
}
