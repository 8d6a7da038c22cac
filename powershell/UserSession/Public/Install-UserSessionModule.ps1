function Install-UserSessionModule {
    <#
    .SYNOPSIS
    Installs this UserSession module on the computers of PowerShell remoting sessions.

    .DESCRIPTION
    Copies the module as it is loaded here (its manifest, scripts, views,
    help, and the helpers of every platform it carries) into the
    all-users module folder of each target, in a folder of its version:
    %ProgramFiles%\WindowsPowerShell\Modules\UserSession\VERSION on Windows
    (which both Windows PowerShell 5.1 and PowerShell 7 read), and
    /usr/local/share/powershell/Modules/UserSession/VERSION elsewhere. Both
    are writable by administrators (root) only, so the PSSession must be
    one of an administrator.

    The commands' -PSSession works without it: they copy only the helper,
    to a versioned folder, when the target has no module of their version.
    Install the module where scripts run on the target itself (Invoke-Command
    with the module inside, scheduled tasks), or where application control
    (WDAC, AppLocker) allows signed modules only: install a signed release.

    A target that fails is one error naming it; the others are installed.

    .PARAMETER PSSession
    The PowerShell remoting sessions (New-PSSession, WinRM or SSH) of the
    computers to install on.

    .PARAMETER Force
    Replace the module of the same version where it is installed already,
    without asking.

    .EXAMPLE
    $s = New-PSSession -ComputerName (Get-Content servers.txt)
    Install-UserSessionModule -PSSession $s

    Installs the module on every server of the list.

    .EXAMPLE
    Invoke-Command -Session $s { Get-UserSession -State Disc }

    After the install: the module runs on each server, its results come
    back deserialized (see about_UserSession, INVOKE-COMMAND).

    .OUTPUTS
    PSCustomObject with ComputerName and Path of each installed module.

    .LINK
    about_UserSession
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.Runspaces.PSSession[]]$PSSession,

        [switch]$Force
    )

    Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
    $files = [System.Collections.Generic.List[object]]::new()
    foreach ($name in @('UserSession.psd1', 'UserSession.psm1', 'UserSession.Format.ps1xml', 'UserSession.Types.ps1xml', 'en-US/about_UserSession.help.txt')) {
        $files.Add([pscustomobject]@{ Name = $name; Path = [System.IO.Path]::Combine($script:ModuleRoot, $name) })
    }
    foreach ($folder in @('Private', 'Public')) {
        $dir = [System.IO.Path]::Combine($script:ModuleRoot, $folder)
        if ([System.IO.Directory]::Exists($dir)) {
            # Private/ has a folder per concern.
            foreach ($file in [System.IO.Directory]::GetFiles($dir, '*.ps1', [System.IO.SearchOption]::AllDirectories)) {
                $files.Add([pscustomobject]@{ Name = $file.Substring($script:ModuleRoot.Length).TrimStart('/', '\').Replace('\', '/'); Path = $file })
            }
        }
    }
    try {
        $helpers = Get-UserSessionRemoteHelper
    } catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    foreach ($rid in $helpers.Keys) {
        if ($rid.StartsWith('win-')) {
            $fileName = 'usersession.exe'
        } else {
            $fileName = 'usersession'
        }
        $files.Add([pscustomobject]@{ Name = "bin/$rid/$fileName"; Path = $helpers[$rid].Path })
    }

    $install = {
        param([string]$Version, [hashtable]$Content, [bool]$Replace, [bool]$Probe)
        $onWindows = ($PSVersionTable.PSEdition -ne 'Core') -or [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
        if ($onWindows) {
            $root = [System.IO.Path]::Combine($env:ProgramFiles, 'WindowsPowerShell', 'Modules', 'UserSession', $Version)
        } else {
            $root = [System.IO.Path]::Combine('/usr/local/share/powershell/Modules/UserSession', $Version)
        }
        $exists = [System.IO.Directory]::Exists($root)
        if ($Probe -or ($exists -and -not $Replace)) {
            return [pscustomobject]@{ Path = $root; Exists = $exists; Installed = $false }
        }
        $temp = $root + '.' + [guid]::NewGuid().ToString('N') + '.new'
        foreach ($name in $Content.Keys) {
            $path = [System.IO.Path]::Combine($temp, $name)
            $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($path))
            [System.IO.File]::WriteAllBytes($path, $Content[$name])
            if ((-not $onWindows) -and $name.StartsWith('bin/')) {
                [System.IO.File]::SetUnixFileMode($path, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute')
            }
        }
        if ($exists) {
            [System.IO.Directory]::Delete($root, $true)
        }
        [System.IO.Directory]::Move($temp, $root)
        [pscustomobject]@{ Path = $root; Exists = $exists; Installed = $true }
    }

    $content = $null
    foreach ($session in (Select-UserSessionPSSession -PSSession $PSSession)) {
        $name = $session.ComputerName
        try {
            $probe = Invoke-Command -Session $session -ScriptBlock $install -ArgumentList $script:ModuleVersion, @{}, $false, $true -ErrorAction Stop
            $replace = [bool]$Force
            if ($probe.Exists -and -not $Force) {
                $replace = $PSCmdlet.ShouldContinue("UserSession $($script:ModuleVersion) is installed on $name already, at $($probe.Path). Replace it?", 'Install-UserSessionModule')
                if (-not $replace) {
                    continue
                }
            }
            if (-not $PSCmdlet.ShouldProcess("Install UserSession $($script:ModuleVersion) at $($probe.Path) on $name", "Install UserSession $($script:ModuleVersion) at $($probe.Path) on ${name}?", 'Install-UserSessionModule')) {
                continue
            }
            if ($null -eq $content) {
                $content = @{}
                foreach ($file in $files) {
                    $content[$file.Name] = [System.IO.File]::ReadAllBytes($file.Path)
                }
            }
            $done = Invoke-Command -Session $session -ScriptBlock $install -ArgumentList $script:ModuleVersion, $content, $replace, $false -ErrorAction Stop
            [pscustomobject]@{ ComputerName = $name; Path = [string]$done.Path }
        } catch [System.Management.Automation.PipelineStoppedException] {
            throw
        } catch {
            $failure = [pscustomobject]@{ code = -32005; message = $_.Exception.Message; data = [pscustomobject]@{ computerName = $name } }
            $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $failure -TargetObject $name -Prefix "${name}: "))
        }
    }
}
