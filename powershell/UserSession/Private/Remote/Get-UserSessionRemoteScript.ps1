function Get-UserSessionRemoteScript {
    <#
    .SYNOPSIS
    Returns the script that runs on a target of -PSSession.
    .DESCRIPTION
    The script is all that runs in the remote PowerShell besides the helper:
    it needs no module there and runs in Windows PowerShell 5.1 and
    PowerShell 7 alike. It finds the helper of the caller's version for the
    target's platform, checks its SHA-256 against the hash the caller sent
    (with the file open, so that on Windows nobody can write it between the
    check and the start), starts `usersession serve`, writes the request
    lines, closes the helper's input and returns what the helper wrote: one
    JSON-RPC response per request, as the local helper would answer them.

    The helper is looked for in an installed UserSession module of the same
    version, then at the versioned path only administrators can write
    (Windows: %ProgramFiles%\UserSession\helper\VERSION\RID; elsewhere
    /usr/local/lib/usersession/VERSION/RID). When neither holds a helper
    with the expected hash, it answers Status 'Missing', and the caller sends
    the file (Payload): it is written beside its final name, checked, and
    moved into place. Installing needs an administrator (root); the folders
    it creates are writable by their owner only.

    The result is one object: Status ('Ok', 'Missing', 'Failed'), Rid,
    Path, Lines (the helper's output lines), Stderr, ExitCode, Message.

    -Mode says what the helper does once found:
    - Serve (the default): `serve`, as above;
    - Stream: `serve` with the request lines written and its input left
      open (a watch lasts until the end of its input), its output lines
      returned one string at a time as they come, after the result object
      (Status 'Ok'); it ends when the helper exits (then a last object,
      Status 'Exited', with ExitCode and Stderr), after TimeoutMs (0: never;
      Status 'Ended') or when the caller stops the pipeline. Whichever way
      it ends, the helper's input is closed and a helper that has not
      exited two seconds later is killed, so no helper outlives the watch;
    - Command: the helper runs once with -Arguments (a command line such
      as schedule install), with no input; Lines, Stderr and ExitCode are
      what it printed and returned.
    #>
    [CmdletBinding()]
    [OutputType([scriptblock])]
    param()

    return {
        param([string]$Version, [hashtable]$Expected, [string[]]$Lines, [int]$TimeoutMs, [byte[]]$Payload, [string]$Mode, [string[]]$Arguments)

        $result = @{ Status = 'Failed'; Rid = $null; Path = $null; Lines = @(); Stderr = ''; ExitCode = $null; Message = '' }
        $onWindows = ($PSVersionTable.PSEdition -ne 'Core') -or [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
        if ($onWindows) {
            $arch = $env:PROCESSOR_ARCHITEW6432
            if (-not $arch) { $arch = $env:PROCESSOR_ARCHITECTURE }
            $rid = @{ AMD64 = 'win-x64'; ARM64 = 'win-arm64'; x86 = 'win-x86' }[[string]$arch]
            $fileName = 'usersession.exe'
            $root = [System.IO.Path]::Combine($env:ProgramFiles, 'UserSession', 'helper', $Version)
        } else {
            $rid = $null
            if ([System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)) {
                $rid = @{ X64 = 'linux-x64'; Arm64 = 'linux-arm64' }[[System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString()]
            }
            $fileName = 'usersession'
            $root = [System.IO.Path]::Combine('/usr/local/lib/usersession', $Version)
        }
        $result.Rid = $rid
        if ($null -eq $rid) {
            $result.Message = 'the UserSession helper is not built for this platform'
            return [pscustomobject]$result
        }
        $hash = $Expected[$rid]
        if (-not $hash) {
            $result.Message = "the caller's UserSession module has no helper for $rid"
            return [pscustomobject]$result
        }

        # SHA-256 of a stream, as upper-case hex.
        $hashOf = {
            param($Stream)
            $sha = [System.Security.Cryptography.SHA256]::Create()
            try { [System.BitConverter]::ToString($sha.ComputeHash($Stream)).Replace('-', '') } finally { $sha.Dispose() }
        }
        # Non-Windows: the file and its folders must be writable by their
        # owner only.
        $ownerOnly = {
            param($Path)
            if ($onWindows) { return $true }
            $p = $Path
            while ($p -and $p -ne '/usr/local/lib') {
                $mode = [System.IO.File]::GetUnixFileMode($p)
                if (($mode -band ([System.IO.UnixFileMode]::GroupWrite -bor [System.IO.UnixFileMode]::OtherWrite)) -ne 0) { return $false }
                $p = [System.IO.Path]::GetDirectoryName($p)
            }
            return $true
        }

        $candidates = [System.Collections.Generic.List[string]]::new()
        foreach ($module in @(Get-Module -ListAvailable -Name 'UserSession' -ErrorAction SilentlyContinue)) {
            if ([string]$module.Version -eq $Version) {
                $candidates.Add([System.IO.Path]::Combine($module.ModuleBase, 'bin', $rid, $fileName))
            }
        }
        $installed = [System.IO.Path]::Combine($root, $rid, $fileName)
        $candidates.Add($installed)

        if ($null -ne $Payload) {
            if ($onWindows) {
                $principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
                $admin = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
            } else {
                $admin = ([string](& id -u)).Trim() -eq '0'
            }
            if (-not $admin) {
                $result.Message = "the UserSession helper is not on this computer, and only an administrator (root) may put it at $installed; connect as one, or install the module here (Install-UserSessionModule)"
                return [pscustomobject]$result
            }
            $dir = [System.IO.Path]::GetDirectoryName($installed)
            $null = [System.IO.Directory]::CreateDirectory($dir)
            if (-not $onWindows) {
                $p = $dir
                while ($p -ne '/usr/local/lib') {
                    [System.IO.File]::SetUnixFileMode($p, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute')
                    $p = [System.IO.Path]::GetDirectoryName($p)
                }
            }
            $temp = $installed + '.' + [guid]::NewGuid().ToString('N') + '.new'
            [System.IO.File]::WriteAllBytes($temp, $Payload)
            $stream = [System.IO.File]::OpenRead($temp)
            try { $got = & $hashOf $stream } finally { $stream.Dispose() }
            if ($got -ne $hash) {
                [System.IO.File]::Delete($temp)
                $result.Message = "the helper sent arrived with SHA-256 $got, not $hash"
                return [pscustomobject]$result
            }
            if (-not $onWindows) {
                [System.IO.File]::SetUnixFileMode($temp, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute')
            }
            # Another caller may be copying or starting it at the same
            # moment: the name is replaced in one step, so that caller sees
            # the old file or the new one, never none; whichever lands is
            # checked below before it starts.
            try {
                if ($onWindows) {
                    if ([System.IO.File]::Exists($installed)) {
                        [System.IO.File]::Replace($temp, $installed, $null)
                    } else {
                        [System.IO.File]::Move($temp, $installed)
                    }
                } else {
                    # rename(2), which replaces the target atomically.
                    [System.IO.File]::Move($temp, $installed, $true)
                }
            } catch {
                try { [System.IO.File]::Delete($temp) } catch { $null = $_ }
            }
        }

        $path = $null
        $lock = $null
        foreach ($candidate in $candidates) {
            if (-not [System.IO.File]::Exists($candidate)) { continue }
            # Open for reading with others allowed only to read: on Windows
            # nobody can replace the file until the helper has started. A
            # file replaced or in use by a copy of that moment is passed by.
            try {
                $stream = [System.IO.File]::Open($candidate, 'Open', 'Read', 'Read')
            } catch {
                continue
            }
            if ((& $hashOf $stream) -eq $hash -and (& $ownerOnly $candidate)) {
                $path = $candidate
                $lock = $stream
                break
            }
            $stream.Dispose()
        }
        if ($null -eq $path) {
            $result.Status = 'Missing'
            $result.Path = $installed
            $result.Message = "no UserSession helper $Version with the expected hash at $installed"
            return [pscustomobject]$result
        }
        $result.Path = $path

        $commandLine = 'serve --parent-pid ' + $PID
        if ($Mode -eq 'Command') {
            # One string, quoted as the C runtime (and .NET on every
            # platform) splits it back into arguments.
            $quoted = foreach ($argument in $Arguments) {
                if (($argument.Length -gt 0) -and ($argument -notmatch '[\s"]')) {
                    $argument
                } else {
                    '"' + ([regex]::Replace($argument, '(\\*)("|$)', { param($m) $m.Groups[1].Value + $m.Groups[1].Value + $(if ($m.Groups[2].Value) { '\"' } else { '' }) })) + '"'
                }
            }
            $commandLine = @($quoted) -join ' '
        }
        try {
            $startInfo = [System.Diagnostics.ProcessStartInfo]::new()
            $startInfo.FileName = $path
            $startInfo.Arguments = $commandLine
            $startInfo.UseShellExecute = $false
            $startInfo.CreateNoWindow = $true
            $startInfo.RedirectStandardInput = $true
            $startInfo.RedirectStandardOutput = $true
            $startInfo.RedirectStandardError = $true
            # Linux refuses to run a file that any process holds open for
            # writing (ETXTBSY, 26): a process another caller is starting
            # at this moment holds the copy it had just written until its
            # own exec, for a few milliseconds. That passes; wait for it.
            $process = $null
            $attempt = 0
            while ($null -eq $process) {
                $attempt++
                try {
                    $process = [System.Diagnostics.Process]::Start($startInfo)
                } catch {
                    $failure = $_.Exception
                    while (($null -ne $failure.InnerException) -and ($failure -isnot [System.ComponentModel.Win32Exception])) { $failure = $failure.InnerException }
                    $busy = (-not $onWindows) -and ($failure -is [System.ComponentModel.Win32Exception]) -and ($failure.NativeErrorCode -eq 26)
                    if ((-not $busy) -or ($attempt -ge 50)) {
                        $result.Message = "the UserSession helper at $path could not be started: $($failure.Message)"
                        return [pscustomobject]$result
                    }
                    Start-Sleep -Milliseconds 20
                }
            }
        } finally {
            $lock.Dispose()
        }
        $stderr = $process.StandardError.ReadToEndAsync()
        if ($Mode -ne 'Command') {
            $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes((($Lines -join "`n") + "`n"))
            $process.StandardInput.BaseStream.Write($bytes, 0, $bytes.Length)
            $process.StandardInput.BaseStream.Flush()
        }
        if ($Mode -eq 'Stream') {
            $result.Status = 'Ok'
            [pscustomobject]$result
            $end = @{ Status = 'Ended'; ExitCode = $null; Stderr = '' }
            $until = $null
            if ($TimeoutMs -gt 0) { $until = [DateTime]::UtcNow.AddMilliseconds($TimeoutMs) }
            try {
                $next = $process.StandardOutput.ReadLineAsync()
                while (($null -eq $until) -or ([DateTime]::UtcNow -lt $until)) {
                    # Short waits: a stop from the caller is honoured between two.
                    if (-not $next.Wait(200)) { continue }
                    $line = $next.Result
                    if ($null -eq $line) {
                        $null = $process.WaitForExit(2000)
                        $end.Status = 'Exited'
                        if ($process.HasExited) { $end.ExitCode = $process.ExitCode }
                        if ($stderr.Wait(1000)) { $end.Stderr = $stderr.Result }
                        break
                    }
                    if ($line.Trim()) { $line }
                    $next = $process.StandardOutput.ReadLineAsync()
                }
                [pscustomobject]$end
            } finally {
                # The end of input ends the watch and the helper; one that
                # does not exit is killed.
                try { $process.StandardInput.Close() } catch { $null = $_ }
                if (-not $process.WaitForExit(2000)) {
                    try { $process.Kill() } catch { $null = $_ }
                }
            }
            return
        }
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $process.StandardInput.Close()
        if (-not $process.WaitForExit($TimeoutMs)) {
            try { $process.Kill() } catch { $null = $_ }
            $result.Message = "the helper did not finish within $([int]($TimeoutMs / 1000)) seconds"
            return [pscustomobject]$result
        }
        $result.ExitCode = $process.ExitCode
        $result.Lines = @($stdout.Result -split "`n" | Where-Object { $_.Trim() })
        $result.Stderr = $stderr.Result
        $result.Status = 'Ok'
        return [pscustomobject]$result
    }
}
