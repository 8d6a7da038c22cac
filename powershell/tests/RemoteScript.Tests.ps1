#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# The script that runs on a target of -PSSession, run here in runspaces of
# this PowerShell: several callers that find no helper on the target at the
# same moment (a fleet run and an admin's console, or loopback aliases of
# one machine) each send the helper, and every one of them must still start
# a helper that answers. The versioned folder is one of the test's own, so
# no other run's copy is touched. Writing under /usr/local/lib needs root.

BeforeDiscovery {
    $CanInstall = ($env:OS -ne 'Windows_NT') -and ([string](& id -u)).Trim() -eq '0'
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $Helper = Initialize-TestHelper
    Import-TestModule
    $RemoteScript = & (Get-Module -Name UserSession) { (Get-UserSessionRemoteScript).ToString() }
    $Rid = & (Get-Module -Name UserSession) { Get-UserSessionRuntimeId }
    $Payload = [System.IO.File]::ReadAllBytes($Helper)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try {
        $Hash = [System.BitConverter]::ToString($sha.ComputeHash($Payload)).Replace('-', '')
    } finally {
        $sha.Dispose()
    }
    $Version = '0.0.0-copytest-' + [guid]::NewGuid().ToString('N')
    $Installed = [System.IO.Path]::Combine('/usr/local/lib/usersession', $Version, $Rid, 'usersession')
}

AfterAll {
    if ($Version) {
        $folder = [System.IO.Path]::Combine('/usr/local/lib/usersession', $Version)
        if ([System.IO.Directory]::Exists($folder)) {
            [System.IO.Directory]::Delete($folder, $true)
        }
    }
    Remove-Module -Name UserSession -Force -ErrorAction SilentlyContinue
}

Describe 'The script run on a -PSSession target' {
    # Three callers send the helper over and over while three others look
    # for it (as the first call of every -PSSession command does): a caller
    # that sent it always starts it, and one that only looks finds it or
    # hears that it is missing (and then sends it), never an error.
    It 'starts the helper for callers that send it while others look for it, round <_>' -Skip:(-not $CanInstall) -ForEach @(1, 2, 3) {
        if ([System.IO.File]::Exists($Installed)) {
            [System.IO.File]::Delete($Installed)
        }
        $loop = {
            param([string]$Script, [int]$Times, [hashtable]$Arguments)
            $block = [scriptblock]::Create($Script)
            foreach ($n in 1..$Times) {
                & $block @Arguments
            }
        }
        $pool = [runspacefactory]::CreateRunspacePool(1, 6)
        $pool.Open()
        $runs = [System.Collections.Generic.List[object]]::new()
        try {
            foreach ($i in 1..6) {
                $sends = $i -le 3
                $arguments = @{
                    Version   = $Version
                    Expected  = @{ $Rid = $Hash }
                    Lines     = @('{"jsonrpc":"2.0","id":' + $i + ',"method":"server.info"}')
                    TimeoutMs = 30000
                    Mode      = 'Serve'
                }
                if ($sends) {
                    $arguments.Payload = $Payload
                }
                $ps = [powershell]::Create()
                $ps.RunspacePool = $pool
                $null = $ps.AddScript($loop.ToString()).AddParameters(@{ Script = $RemoteScript; Times = 8; Arguments = $arguments })
                $runs.Add([pscustomobject]@{ Id = $i; Sends = $sends; PowerShell = $ps; Handle = $ps.BeginInvoke() })
            }
            foreach ($run in $runs) {
                $output = @($run.PowerShell.EndInvoke($run.Handle))
                $errors = @($run.PowerShell.Streams.Error | ForEach-Object { $_.ToString() })
                $errors | Should -BeNullOrEmpty -Because "caller $($run.Id) ran without errors"
                $output.Count | Should -Be 8
                foreach ($result in $output) {
                    if ($run.Sends) {
                        $result.Status | Should -Be 'Ok' -Because "caller $($run.Id) sent the helper and got: $($result.Message)"
                    } else {
                        $result.Status | Should -BeIn @('Ok', 'Missing') -Because "caller $($run.Id) looked for the helper and got: $($result.Message)"
                    }
                    if ($result.Status -eq 'Ok') {
                        $result.Path | Should -Be $Installed
                        $answer = ConvertFrom-Json -InputObject @($result.Lines)[0]
                        $answer.id | Should -Be $run.Id
                        @($answer.PSObject.Properties.Name) | Should -Contain 'result'
                    }
                }
            }
        } finally {
            foreach ($run in $runs) {
                $run.PowerShell.Dispose()
            }
            $pool.Dispose()
        }
    }
}
