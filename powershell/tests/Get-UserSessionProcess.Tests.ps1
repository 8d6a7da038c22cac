#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
}

Describe 'Get-UserSessionProcess' {
    # Nothing here changes the simulator's sessions: one import (and one
    # helper) serves every test of the block.
    BeforeAll {
        Import-TestModule
    }

    It 'lists the processes of every session as UserSession.Process objects' {
        $processes = @(Get-UserSessionProcess)
        $processes | Should -HaveCount 2
        foreach ($process in $processes) {
            $process.PSObject.TypeNames[0] | Should -Be 'UserSession.Process'
        }
        ($processes | ForEach-Object { $_.ProcessId } | Sort-Object) | Should -Be @(4242, 5000)
    }

    It 'converts the counters and keeps unknown ones $null' {
        $excel = Get-UserSessionProcess -Id 3
        $excel.Name | Should -Be 'excel.exe'
        $excel.SessionId | Should -Be 3
        $excel.ComputerName | Should -Be 'SIM01'
        $excel.WorkingSetBytes | Should -Be 1048576
        $excel.WorkingSetBytes | Should -BeOfType ([long])
        $excel.CpuTime | Should -Be ([TimeSpan]::FromSeconds(2.5))
        $excel.ThreadCount | Should -Be 12
        $excel.HandleCount | Should -Be 300
        $explorer = Get-UserSessionProcess -Id 1
        $explorer.CpuTime | Should -BeNullOrEmpty
        $explorer.ThreadCount | Should -BeNullOrEmpty
    }

    It '-Id selects the sessions' {
        $processes = @(Get-UserSessionProcess -Id 1)
        $processes | Should -HaveCount 1
        $processes[0].ProcessId | Should -Be 4242
    }

    It '-Name takes wildcards and ignores case' {
        $processes = @(Get-UserSessionProcess -Name 'EXPL*')
        $processes | Should -HaveCount 1
        $processes[0].Name | Should -Be 'explorer.exe'
    }

    It 'takes sessions from the pipeline by property name' {
        $processes = @(Get-UserSession -UserName bob | Get-UserSessionProcess)
        $processes | Should -HaveCount 1
        $processes[0].Name | Should -Be 'excel.exe'
    }

    It 'runs once per piped session' {
        $processes = @(Get-UserSession -Id 1, 3 | Get-UserSessionProcess)
        $processes | Should -HaveCount 2
    }

    It 'reads several computers: -ComputerName takes a list' {
        $processes = @(Get-UserSessionProcess -ComputerName localhost, DEAD01 -ErrorVariable errors -ErrorAction SilentlyContinue)
        ($processes | ForEach-Object { $_.Name }) | Should -Contain 'excel.exe'
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.HostUnreachable,Get-UserSessionProcess'
    }

    It 'writes a non-terminating ConnectionError for an unreachable computer' {
        $processes = @(Get-UserSessionProcess -ComputerName DEAD01 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $processes | Should -HaveCount 0
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.HostUnreachable,Get-UserSessionProcess'
        $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)
    }
}
