function Get-UserSessionRuntimeId {
    <#
    .SYNOPSIS
    Returns this machine's runtime id (linux-x64, win-x64, ...), or $null.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
    if ($onWindows) {
        $arch = $env:PROCESSOR_ARCHITEW6432
        if (-not $arch) {
            $arch = $env:PROCESSOR_ARCHITECTURE
        }
        return @{ AMD64 = 'win-x64'; ARM64 = 'win-arm64'; x86 = 'win-x86' }[[string]$arch]
    }
    if ([System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)) {
        return @{ X64 = 'linux-x64'; Arm64 = 'linux-arm64' }[[System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString()]
    }
    return $null
}
