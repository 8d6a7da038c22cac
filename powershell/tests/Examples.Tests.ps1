#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $ExamplesFolder = Join-Path -Path $TestRepositoryRoot -ChildPath 'powershell/examples'
    # The PowerShell running the tests, to run the Intune scripts the way
    # Intune does: a new process, -File, exit code and output lines.
    # USERSESSION_TEST_PWSH names it where the process is not PowerShell
    # itself (PowerShell installed as a .NET tool runs inside dotnet).
    $PowerShellExe = $env:USERSESSION_TEST_PWSH
    if (-not $PowerShellExe) {
        $PowerShellExe = (Get-Process -Id $PID).Path
    }
    $HostArguments = @('-NoProfile', '-NonInteractive')
    if ($TestOnWindows) {
        $HostArguments += @('-ExecutionPolicy', 'Bypass')
    }
}

Describe 'Intune detection script' {
    BeforeEach {
        Import-TestModule
        $scriptPath = Join-Path -Path $ExamplesFolder -ChildPath 'Intune-Detect-DisconnectedSessions.ps1'
    }

    It 'writes one line and exits 1 when a session is disconnected for longer than -Hours' {
        $output = @(& $PowerShellExe @HostArguments -File $scriptPath -Hours 2 -ModulePath $TestManifestPath)
        $LASTEXITCODE | Should -Be 1
        $output | Should -HaveCount 1
        $output[0] | Should -BeLike 'Found 1 session(s) disconnected for more than 2 h: carol*'
    }

    It 'writes one line and exits 0 when none is' {
        $output = @(& $PowerShellExe @HostArguments -File $scriptPath -Hours 8 -ModulePath $TestManifestPath)
        $LASTEXITCODE | Should -Be 0
        $output | Should -HaveCount 1
        $output[0] | Should -Be 'No session disconnected for more than 8 h.'
    }

    It 'exits 1 with one clear line when the query itself fails' {
        Import-TestModule -Json '{"computerName":"SIM01","accessDenied":true,"sessions":[]}'
        $output = @(& $PowerShellExe @HostArguments -File $scriptPath -Hours 2 -ModulePath $TestManifestPath)
        $LASTEXITCODE | Should -Be 1
        $output | Should -HaveCount 1
        $output[0] | Should -BeLike 'Detection failed:*access denied*'
    }

    It 'exits 1 with the reason when the module cannot be loaded' {
        $output = @(& $PowerShellExe @HostArguments -File $scriptPath -ModulePath (Join-Path -Path $TestDrive -ChildPath 'nowhere'))
        $LASTEXITCODE | Should -Be 1
        $output | Should -HaveCount 1
        $output[0] | Should -BeLike 'Detection failed:*'
    }
}

Describe 'Intune remediation script' {
    BeforeEach {
        Import-TestModule
        $scriptPath = Join-Path -Path $ExamplesFolder -ChildPath 'Intune-Remediate-DisconnectedSessions.ps1'
    }

    It 'signs out the stale sessions and writes one summary line' {
        $output = @(& $PowerShellExe @HostArguments -File $scriptPath -Hours 2 -ModulePath $TestManifestPath)
        $LASTEXITCODE | Should -Be 0
        $output | Should -HaveCount 1
        $output[0] | Should -Be 'Signed out 1 of 1 session(s) disconnected for more than 2 h: carol.'
    }

    It 'exits 1 with one clear line when the query itself fails, instead of "nothing to do"' {
        Import-TestModule -Json '{"computerName":"SIM01","accessDenied":true,"sessions":[]}'
        $output = @(& $PowerShellExe @HostArguments -File $scriptPath -Hours 2 -ModulePath $TestManifestPath)
        $LASTEXITCODE | Should -Be 1
        $output | Should -HaveCount 1
        $output[0] | Should -BeLike 'Remediation failed:*access denied*'
    }

    It 'has nothing to do when no session is stale' {
        $output = @(& $PowerShellExe @HostArguments -File $scriptPath -Hours 8 -ModulePath $TestManifestPath)
        $LASTEXITCODE | Should -Be 0
        $output[0] | Should -BeLike 'Nothing to do*'
    }
}

Describe 'Multi-server sweep' {
    It 'is a high-impact ShouldProcess script' {
        $command = Get-Command -Name (Join-Path -Path $ExamplesFolder -ChildPath 'Invoke-SessionSweep.ps1')
        $metadata = New-Object -TypeName System.Management.Automation.CommandMetadata -ArgumentList $command
        $metadata.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
    }

    BeforeEach {
        Import-TestModule
        $scriptPath = Join-Path -Path $ExamplesFolder -ChildPath 'Invoke-SessionSweep.ps1'
    }

    It 'lists the sessions of the servers that answer and warns about the others' {
        $sessions = @(& $scriptPath -ComputerName 'SRV02', 'DEAD01' -TimeoutSeconds 5 -WarningVariable warnings -WarningAction SilentlyContinue)
        $sessions | Should -HaveCount 1
        $sessions[0].UserName | Should -Be 'dave'
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -BeLike 'DEAD01:*ConnectionError*'
    }

    It 'reads the servers from a file and writes a CSV' {
        $list = Join-Path -Path $TestDrive -ChildPath 'servers.txt'
        Set-Content -Path $list -Value @('# terminal servers', 'SRV02', '')
        $csv = Join-Path -Path $TestDrive -ChildPath 'sessions.csv'
        $sessions = @(& $scriptPath -Path $list -CsvPath $csv)
        $sessions | Should -HaveCount 1
        $rows = @(Import-Csv -Path $csv)
        $rows | Should -HaveCount 1
        $rows[0].UserName | Should -Be 'dave'
    }

    It 'signs out stale sessions with -Logoff, and -WhatIf touches nothing' {
        & $scriptPath -ComputerName 'SIM01' -Logoff -IdleHours 2 -WhatIf
        Get-UserSession -Id 4 | Should -Not -BeNullOrEmpty
        $results = @(& $scriptPath -ComputerName 'SIM01' -Logoff -IdleHours 2 -Confirm:$false)
        $results | Should -HaveCount 1
        $results[0].Id | Should -Be 4
        Get-UserSession -Id 4 | Should -BeNullOrEmpty
    }
}
