function Start-UserSessionHelper {
    <#
    .SYNOPSIS
    Starts the helper process with its standard streams redirected.
    .DESCRIPTION
    Starts `usersession serve` (with `--simulate FILE` when USERSESSION_SIMULATE
    is set, `--log-file PATH` when USERSESSION_LOG_FILE is set, and
    `--audit-log PATH` when USERSESSION_AUDIT_LOG is set). Output and
    error streams are decoded as UTF-8 without a byte-order mark; requests are
    written as UTF-8 bytes to the base stream of standard input, so the console
    code page plays no part. Standard error is drained by one ReadToEndAsync
    task, which keeps the pipe from filling up without a script block event
    handler (those would run on a thread that has no runspace).
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Private; starts the module''s own helper process.')]
    [CmdletBinding()]
    param()

    $path = Get-UserSessionHelperPath

    # The helper watches this PowerShell and exits with it, also when the
    # window is closed or the process killed and no exit handler runs.
    $arguments = @('serve', '--parent-pid', [string]$PID)
    if ($env:USERSESSION_SIMULATE) {
        $fixture = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($env:USERSESSION_SIMULATE)
        if (-not [System.IO.File]::Exists($fixture)) {
            throw (New-UserSessionTransportError -Reason 'HelperStartFailed' -Path $fixture -Message "The simulator fixture '$fixture' named by USERSESSION_SIMULATE does not exist.")
        }
        $arguments += @('--simulate', ('"{0}"' -f $fixture))
    }
    if ($env:USERSESSION_LOG_FILE) {
        $logFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($env:USERSESSION_LOG_FILE)
        $arguments += @('--log-file', ('"{0}"' -f $logFile))
    }
    if ($env:USERSESSION_AUDIT_LOG) {
        $auditLog = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($env:USERSESSION_AUDIT_LOG)
        $arguments += @('--audit-log', ('"{0}"' -f $auditLog))
    }

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new()
    $startInfo.FileName = $path
    $startInfo.Arguments = $arguments -join ' '
    $startInfo.WorkingDirectory = [System.IO.Path]::GetDirectoryName($path)
    $startInfo.UseShellExecute = $false
    $startInfo.CreateNoWindow = $true
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.StandardOutputEncoding = $script:Utf8NoBom
    $startInfo.StandardErrorEncoding = $script:Utf8NoBom
    if ($null -ne [System.Diagnostics.ProcessStartInfo].GetProperty('StandardInputEncoding')) {
        # .NET Core and later only. Windows PowerShell may still put a BOM
        # into the pipe when the console is UTF-8; the helper ignores it.
        $startInfo.StandardInputEncoding = $script:Utf8NoBom
    }

    Register-UserSessionHelperCleanup

    $process = [System.Diagnostics.Process]::new()
    $process.StartInfo = $startInfo
    try {
        $null = $process.Start()
    } catch {
        $inner = $_.Exception
        $started = $false
        $isWindowsHost = ($PSVersionTable.PSEdition -eq 'Desktop') -or [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
        if (-not $isWindowsHost) {
            # A zip extracted by Expand-Archive loses the executable bit.
            $chmod = Get-Command -Name 'chmod' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($null -ne $chmod) {
                & $chmod.Source 'u+x' $path 2>$null
                try {
                    $null = $process.Start()
                    $started = $true
                } catch {
                    $inner = $_.Exception
                }
            }
        }
        if (-not $started) {
            # Not 'Exception calling "Start" with "0" argument(s)': what the
            # system said.
            if (($inner -is [System.Management.Automation.MethodInvocationException]) -and ($null -ne $inner.InnerException)) {
                $inner = $inner.InnerException
            }
            throw (New-UserSessionTransportError -Reason 'HelperStartFailed' -Path $path -InnerException $inner -Message "The UserSession helper at '$path' could not be started: $($inner.Message)")
        }
    }

    # The rest of the state is as the import or Stop-UserSessionHelper left
    # it: Initialize-UserSessionHelper, the only caller, stops a helper
    # before it starts another.
    $state = $script:Helper
    $state.Process = $process
    $state.Path = $path
    $state.Stdin = $process.StandardInput.BaseStream
    $state.Stdout = $process.StandardOutput
    $state.StderrTask = $process.StandardError.ReadToEndAsync()
    Write-Verbose -Message "Started the UserSession helper '$path' $($startInfo.Arguments) (process $($process.Id))."
}
