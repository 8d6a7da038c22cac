#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# The module against the real Linux backend (utmp and /proc), with real
# OpenSSH sessions. powershell/pester_test.go runs these tests (tag
# RealLinux) after it has started its own sshd on 127.0.0.1 and opened two
# ssh sessions of a throw-away user, one running "sleep 701" and one
# "sleep 702"; it names the user in USERSESSION_TEST_SSHD_USER. Only that
# user's sessions are compared, so somebody else signed in on the machine
# changes nothing.

BeforeDiscovery {
    $HaveSessions = [bool]$env:USERSESSION_TEST_SSHD_USER
}

Describe 'The module on the real Linux backend' -Tag 'RealLinux' -Skip:(-not $HaveSessions) {
    BeforeAll {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
        $null = Initialize-TestHelper
        $TestUser = $env:USERSESSION_TEST_SSHD_USER
        Remove-Item -Path Env:USERSESSION_SIMULATE -ErrorAction SilentlyContinue
        Import-Module -Name $TestManifestPath -Force -ErrorAction Stop
        Use-TestJsonParser

        . (Join-Path -Path $PSScriptRoot -ChildPath 'LinuxSessions.ps1')
    }

    It 'Get-UserSession lists what who lists' {
        $sessions = @(Get-UserSession -UserName $TestUser)
        $listed = @($sessions | ForEach-Object { '{0} {1}' -f $_.UserName, $_.SessionName } | Sort-Object)
        $who = Get-WhoLine
        $who | Should -HaveCount 2
        $listed | Should -Be $who
        foreach ($session in $sessions) {
            $session.PSObject.TypeNames[0] | Should -Be 'UserSession.Session'
            $session.State | Should -Be 'Active'
            $session.Protocol | Should -Be 'SSH'
            $session.ClientAddress | Should -Be '127.0.0.1'
            $session.LogonTime | Should -BeOfType ([datetime])
            $session.IdleTime | Should -BeOfType ([TimeSpan])
            $session.IsCurrent | Should -BeFalse
        }
    }

    It 'Disconnect-UserSession -Logoff signs one session out and leaves the other' {
        $target = Get-SleepSessionId -Marker 701
        $other = Get-SleepSessionId -Marker 702
        $target | Should -Not -Be $other
        $result = Disconnect-UserSession -Id $target -Logoff -Wait -Force -PassThru
        $result.Completed | Should -BeTrue
        $left = @(Get-UserSession -UserName $TestUser)
        $left | Should -HaveCount 1
        $left[0].Id | Should -Be $other
        Get-WhoLine | Should -HaveCount 1
        Get-SleepSessionId -Marker 702 | Should -Be $other
    }
}
