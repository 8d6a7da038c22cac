#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $ExamplesFolder = Join-Path -Path $TestRepositoryRoot -ChildPath 'powershell/examples'
    # Run as Intune does: a new process, -File, exit code and output lines;
    # stderr is captured apart and must stay empty.
    $PowerShellExe = $env:USERSESSION_TEST_PWSH
    if (-not $PowerShellExe) {
        $PowerShellExe = (Get-Process -Id $PID).Path
    }
    $HostArguments = @('-NoProfile', '-NonInteractive')
    if ($TestOnWindows) {
        $HostArguments += @('-ExecutionPolicy', 'Bypass')
    }
    $script:LabFixture = @'
{"computerName":"LAB01","currentSessionId":1,"elevated":true,"now":"2026-11-24T10:00:00Z",
 "sessions":[
  {"id":1,"sessionName":"Console","userName":"admin","state":"Active","lastInputTime":"2026-11-24T06:00:00Z","locked":false},
  {"id":2,"userName":"carol","state":"Disconnected","disconnectTime":"2026-11-24T01:00:00Z"},
  {"id":3,"userName":"dave","state":"Disconnected","disconnectTime":"2026-11-24T09:30:00Z"},
  {"id":6,"userName":"kiosk","domain":"LAB","state":"Disconnected","disconnectTime":"2026-11-24T01:00:00Z"}]}
'@
    function Invoke-IntuneScript {
        param([string]$Name, [string[]]$Arguments)
        $errFile = Join-Path -Path $TestDrive -ChildPath 'stderr.txt'
        $path = Join-Path -Path $ExamplesFolder -ChildPath $Name
        $out = @(& $PowerShellExe @HostArguments -File $path @Arguments -ModulePath $TestManifestPath 2> $errFile)
        return @{ Output = $out; Status = $LASTEXITCODE; Stderr = [System.IO.File]::ReadAllText($errFile) }
    }
}

Describe 'Intune reclaim scripts' {
    BeforeEach {
        Import-TestModule -Json $script:LabFixture
    }

    It 'detection: one line, exit 1, when the policy would act; nothing is done' {
        $r = Invoke-IntuneScript -Name 'Intune-Detect-IdleSessions.ps1' -Arguments @('-Exclude', 'LAB\kiosk')
        $r.Status | Should -Be 1
        $r.Output | Should -HaveCount 1
        $r.Output[0] | Should -Be 'Reclaim due for 1 session(s): logoff carol (session 2): disconnected 9h, at or over the limit 8h'
        $r.Output[0].Length | Should -BeLessOrEqual 2048
        $r.Stderr | Should -BeNullOrEmpty
        @(Get-UserSession).Count | Should -Be 4
    }

    It 'remediation: one line, exit 0, the policy carried out' {
        $r = Invoke-IntuneScript -Name 'Intune-Remediate-IdleSessions.ps1' -Arguments @('-Exclude', 'LAB\kiosk', '-IdleMinutes', '0')
        $r.Status | Should -Be 0
        $r.Output | Should -HaveCount 1
        $r.Output[0] | Should -Be 'Reclaimed 1 of 1 session(s): logoff carol (session 2).'
        $r.Stderr | Should -BeNullOrEmpty
    }

    It 'detection: exit 0 when nothing is due' {
        $r = Invoke-IntuneScript -Name 'Intune-Detect-IdleSessions.ps1' -Arguments @('-DisconnectedHours', '12', '-IdleMinutes', '0')
        $r.Status | Should -Be 0
        $r.Output | Should -HaveCount 1
        $r.Output[0] | Should -Be 'Nothing to reclaim (4 session(s) checked).'
        $r.Stderr | Should -BeNullOrEmpty
    }

    It 'both exit 1 with one line when the module cannot be loaded' {
        foreach ($name in @('Intune-Detect-IdleSessions.ps1', 'Intune-Remediate-IdleSessions.ps1')) {
            $errFile = Join-Path -Path $TestDrive -ChildPath 'stderr.txt'
            $out = @(& $PowerShellExe @HostArguments -File (Join-Path -Path $ExamplesFolder -ChildPath $name) -ModulePath (Join-Path -Path $TestDrive -ChildPath 'nowhere') 2> $errFile)
            $LASTEXITCODE | Should -Be 1
            $out | Should -HaveCount 1
            $out[0] | Should -Match 'failed:'
            [System.IO.File]::ReadAllText($errFile) | Should -BeNullOrEmpty
        }
    }
}
