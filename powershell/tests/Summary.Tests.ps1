#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# The summary writer of the examples, run as Intune and ConfigMgr run a
# script: a new process, -File, its exit code, standard output and
# standard error apart.

BeforeDiscovery {
    $Cases = foreach ($engine in @('Intune', 'ConfigMgr')) {
        foreach ($count in @(0, 3, 500)) {
            @{ Engine = $engine; Count = $count; Failing = $false }
        }
        @{ Engine = $engine; Count = 3; Failing = $true }
        @{ Engine = $engine; Count = 500; Failing = $true }
    }
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $ScriptPath = Join-Path -Path $TestRepositoryRoot -ChildPath 'powershell/examples/Write-UserSessionSummary.ps1'
    $PowerShellExe = $env:USERSESSION_TEST_PWSH
    if (-not $PowerShellExe) {
        $PowerShellExe = (Get-Process -Id $PID).Path
    }
    $null = Initialize-TestHelper

    # A fixture with Count sessions of SIM01, idle 1 to Count minutes, and
    # a host DEAD01 that cannot be reached.
    function New-SummaryFixture {
        param([int]$Count)
        $sessions = for ($i = 1; $i -le $Count; $i++) {
            '{{"id":{0},"sessionName":"RDP-Tcp#{0}","userName":"user{0:D3}","domain":"CONTOSO","state":"Disconnected","disconnectTime":"{1}"}}' -f $i, ([datetime]'2026-11-24T12:00:00Z').ToUniversalTime().AddMinutes(-$i).ToString('yyyy-MM-ddTHH:mm:ssZ')
        }
        $json = '{{"computerName":"SIM01","currentSessionId":null,"elevated":true,"now":"2026-11-24T12:00:00Z","sessions":[{0}],"hosts":{{"DEAD01":{{"unreachable":true}}}}}}' -f ($sessions -join ',')
        Write-TestFixture -Json $json
    }

    # Runs the script; returns ExitCode, Stdout and Stderr.
    function Invoke-Summary {
        param([string[]]$Arguments, [string]$Fixture)
        $start = [System.Diagnostics.ProcessStartInfo]::new()
        $start.FileName = $PowerShellExe
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $ScriptPath) + $Arguments) {
            $start.ArgumentList.Add($a)
        }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $start.Environment['USERSESSION_SIMULATE'] = $Fixture
        $process = [System.Diagnostics.Process]::Start($start)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Stdout = $stdout; Stderr = $stderr.Result }
    }
}

Describe 'Write-UserSessionSummary' {
    It '<Engine>: <Count> sessions, failing host <Failing>' -ForEach $Cases {
        $arguments = @('-Engine', $Engine, '-ModulePath', $TestManifestPath)
        if ($Failing) {
            $arguments += @('-ComputerName', 'SIM01,DEAD01')
        }
        $run = Invoke-Summary -Arguments $arguments -Fixture (New-SummaryFixture -Count $Count)
        $run.Stderr | Should -BeNullOrEmpty
        $lines = @($run.Stdout -split "`r?`n" | Where-Object { $_ })
        $lines | Should -HaveCount 1
        $line = $lines[0]
        $run.ExitCode | Should -Be ([int]$Failing)
        if ($Engine -eq 'Intune') {
            $line.Length | Should -BeLessOrEqual 2048
            $line | Should -BeLike "$Count session(s)*"
            if ($Count -gt 0) {
                # Longest idle first.
                $line | Should -BeLike ('{0} session(s): CONTOSO\user{1:D3} (SIM01 {2} Disconnected, *' -f $Count, $Count, $Count)
            }
            if ($Count -eq 500) {
                $line | Should -Match ', and \d+ more'
            }
            if ($Failing) {
                $line | Should -Match '1 computer\(s\) failed: DEAD01: .*unreachable'
            }
        } else {
            [System.Text.Encoding]::UTF8.GetByteCount($line) | Should -BeLessOrEqual 4096
            $summary = $line | ConvertFrom-Json
            $summary.count | Should -Be $Count
            (@($summary.sessions).Count + $summary.more) | Should -Be $Count
            if ($Count -gt 0) {
                @($summary.sessions)[0].user | Should -Be ('CONTOSO\user{0:D3}' -f $Count)
            }
            if ($Count -eq 500) {
                $summary.more | Should -BeGreaterThan 0
            }
            @($summary.failures).Count | Should -Be ([int]$Failing)
            if ($Failing) {
                @($summary.failures)[0].computer | Should -Be 'DEAD01'
            }
        }
    }

    It 'exits 1 with the reason on one line when the module cannot be loaded (<_>)' -ForEach @('Intune', 'ConfigMgr') {
        $run = Invoke-Summary -Arguments @('-Engine', $_, '-ModulePath', (Join-Path $TestDrive 'nowhere')) -Fixture (New-SummaryFixture -Count 0)
        $run.ExitCode | Should -Be 1
        $run.Stderr | Should -BeNullOrEmpty
        @($run.Stdout -split "`r?`n" | Where-Object { $_ }) | Should -HaveCount 1
    }
}
