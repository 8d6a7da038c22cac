function Get-UserSessionHelperPath {
    <#
    .SYNOPSIS
    Returns the full path of the helper executable for this machine.
    .DESCRIPTION
    USERSESSION_PATH, when set, names the helper directly (development and
    tests). Otherwise the helper is looked up under the module's bin folder by
    operating system and processor architecture: bin/win-x64, bin/win-x86,
    bin/win-arm64, bin/linux-x64 or bin/linux-arm64. On Windows
    PROCESSOR_ARCHITEW6432 is read before PROCESSOR_ARCHITECTURE, so a 32-bit
    PowerShell on 64-bit Windows (the Intune default) starts the 64-bit helper;
    only a 32-bit Windows (PROCESSOR_ARCHITECTURE x86 and no
    PROCESSOR_ARCHITEW6432) starts the 32-bit one. A helper that is not there is
    a terminating error that names the path looked at.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    if ($env:USERSESSION_PATH) {
        $path = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($env:USERSESSION_PATH)
        if (-not [System.IO.File]::Exists($path)) {
            throw (New-UserSessionTransportError -Reason 'HelperNotFound' -Path $path -Message "The UserSession helper was not found at '$path' (named by USERSESSION_PATH).")
        }
        return $path
    }

    $onWindows = $true
    if ($PSVersionTable.PSEdition -eq 'Core') {
        $onWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
    }

    if ($onWindows) {
        $arch = $env:PROCESSOR_ARCHITEW6432
        if (-not $arch) {
            $arch = $env:PROCESSOR_ARCHITECTURE
        }
        switch ($arch) {
            'AMD64' { $rid = 'win-x64' }
            'ARM64' { $rid = 'win-arm64' }
            'x86' { $rid = 'win-x86' }
            default {
                throw (New-UserSessionTransportError -Reason 'HelperNotSupported' -Path $script:ModuleRoot -Message "The UserSession helper is built for Windows on x64, x86 and ARM64; this machine reports processor architecture '$arch'.")
            }
        }
        $fileName = 'usersession.exe'
    } else {
        $linuxHost = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)
        $osArch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString()
        $rid = $null
        if ($linuxHost -and $osArch -eq 'X64') {
            $rid = 'linux-x64'
        } elseif ($linuxHost -and $osArch -eq 'Arm64') {
            $rid = 'linux-arm64'
        }
        if ($null -eq $rid) {
            throw (New-UserSessionTransportError -Reason 'HelperNotSupported' -Path $script:ModuleRoot -Message "The UserSession helper is built for Windows and Linux on x64 and ARM64; this machine is $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription) on $osArch. Set USERSESSION_PATH to a helper built for it.")
        }
        $fileName = 'usersession'
    }

    $path = [System.IO.Path]::Combine($script:ModuleRoot, 'bin', $rid, $fileName)
    if (-not [System.IO.File]::Exists($path)) {
        throw (New-UserSessionTransportError -Reason 'HelperNotFound' -Path $path -Message "The UserSession helper was not found at '$path'. Install the module from the release zip, which carries the helper for each platform, or set USERSESSION_PATH to a helper executable.")
    }
    return $path
}
