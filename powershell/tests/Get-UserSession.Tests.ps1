#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
}

Describe 'Get-UserSession' -Tag 'CallerStrict' {
    # Nothing here changes the simulator's sessions: one import (and one
    # helper) serves every test of the block.
    BeforeAll {
        Import-TestModule
    }

    Context 'the local computer' {
        It 'lists every session of the fixture as UserSession.Session objects' {
            $sessions = @(Get-UserSession)
            $sessions | Should -HaveCount 5
            ($sessions | ForEach-Object { $_.Id }) | Should -Be @(0, 1, 3, 4, 5)
            foreach ($session in $sessions) {
                $session.PSObject.TypeNames[0] | Should -Be 'UserSession.Session'
                $session.ComputerName | Should -Be 'SIM01'
            }
        }

        It 'converts idleSeconds to a [TimeSpan] IdleTime' {
            $carol = Get-UserSession -Id 4
            $carol.IdleTime | Should -BeOfType ([TimeSpan])
            $carol.IdleTime | Should -Be ([TimeSpan]::FromHours(6))
            (Get-UserSession -Id 1).IdleTime | Should -Be ([TimeSpan]::FromSeconds(60))
        }

        It 'returns times as local [datetime] values' {
            $admin = Get-UserSession -Id 1
            $admin.LogonTime | Should -BeOfType ([datetime])
            $admin.LogonTime.Kind | Should -Be ([System.DateTimeKind]::Local)
            $admin.LogonTime.ToUniversalTime() | Should -Be (New-Object -TypeName datetime -ArgumentList 2026, 11, 24, 7, 55, 0, ([System.DateTimeKind]::Utc))
            $admin.LastInputTime.ToUniversalTime() | Should -Be (New-Object -TypeName datetime -ArgumentList 2026, 11, 24, 11, 59, 0, ([System.DateTimeKind]::Utc))
        }

        It 'returns $null for what is not known, never 0 or a 1601 date' {
            $services = Get-UserSession -Id 0
            $services.IdleTime | Should -BeNullOrEmpty
            $services.LogonTime | Should -BeNullOrEmpty
            $services.DisconnectTime | Should -BeNullOrEmpty
            $services.Locked | Should -BeNullOrEmpty
            $bob = Get-UserSession -Id 3
            $bob.LogonTime | Should -BeNullOrEmpty
            $bob.IdleTime | Should -BeNullOrEmpty
        }

        It 'carries the other fields of the wire' {
            $bob = Get-UserSession -Id 3
            $bob.UserName | Should -Be 'bob'
            $bob.SessionName | Should -Be 'RDP-Tcp#7'
            $bob.State | Should -Be 'Active'
            $bob.ClientName | Should -Be 'LAPTOP-7'
            $bob.ClientAddress | Should -Be '10.0.0.7'
            $bob.Protocol | Should -Be 'RDP'
            $bob.IsCurrent | Should -BeFalse
            (Get-UserSession -Id 1).IsCurrent | Should -BeTrue
            (Get-UserSession -Id 1).Domain | Should -Be 'CONTOSO'
        }

        It 'decodes non-ASCII names' {
            (Get-UserSession -Id 5).UserName | Should -BeExactly ('zo' + [char]0xeb)
        }
    }

    Context 'filters' {
        It '-Id selects sessions by id' {
            $sessions = @(Get-UserSession -Id 3, 4)
            ($sessions | ForEach-Object { $_.UserName }) | Should -Be @('bob', 'carol')
        }

        It '-UserName takes wildcards and ignores case' {
            $sessions = @(Get-UserSession -UserName 'B*')
            $sessions | Should -HaveCount 1
            $sessions[0].UserName | Should -Be 'bob'
        }

        It '-State selects sessions by state' {
            $sessions = @(Get-UserSession -State Disconnected)
            ($sessions | ForEach-Object { $_.Id }) | Should -Be @(0, 4)
        }

        It '-State accepts only the known states, and says which exist' {
            $record = { Get-UserSession -State 'Sleeping' } | Should -Throw -ErrorId 'UserSession.InvalidState,Get-UserSession' -PassThru
            $record.Exception.Message | Should -BeLike '*Active, Connected, ConnectQuery, Shadow, Disconnected, Idle, Listen, Reset, Down, Init*'
        }

        It '-State takes quser''s abbreviations in any case' {
            ($sessions = @(Get-UserSession -State 'disc')) | Out-Null
            ($sessions | ForEach-Object { $_.Id }) | Should -Be @(0, 4)
            @(Get-UserSession -State 'Disc', 'ACTIVE') | Should -HaveCount 5
        }

        It 'returns nothing, and no error, when nothing matches' {
            $sessions = @(Get-UserSession -UserName 'nobody' -ErrorVariable errors)
            $sessions | Should -HaveCount 0
            $errors | Should -HaveCount 0
        }
    }

    Context 'remote computers' {
        It 'lists the sessions of a remote computer with the Remote type name first' {
            $sessions = @(Get-UserSession -ComputerName SRV02)
            $sessions | Should -HaveCount 1
            $sessions[0].ComputerName | Should -Be 'SRV02'
            $sessions[0].UserName | Should -Be 'dave'
            $sessions[0].PSObject.TypeNames[0] | Should -Be 'UserSession.Session.Remote'
            $sessions[0].PSObject.TypeNames | Should -Contain 'UserSession.Session'
        }

        It 'shows what a remote session costs with -IncludeResources: the Resources.Remote view, which names the computer too' {
            $session = Get-UserSession -ComputerName SRV02 -IncludeResources
            $session.PSObject.TypeNames[0] | Should -Be 'UserSession.Session.Resources.Remote'
            $session.PSObject.TypeNames | Should -Contain 'UserSession.Session.Resources'
            $session.PSObject.TypeNames | Should -Contain 'UserSession.Session.Remote'
            $text = $session | Format-Table | Out-String -Width 200
            (@($text -split "`r?`n" | Where-Object { $_.Trim() }))[0] | Should -Match '^COMPUTER\s+USERNAME\s+ID\s+STATE\s+IDLE TIME\s+PROCS\s+MEMORY\s+CPU$'
        }

        It 'writes a non-terminating ConnectionError for an unreachable computer and still lists the others' {
            $sessions = @(Get-UserSession -ComputerName 'SRV02', 'DEAD01' -ErrorVariable errors -ErrorAction SilentlyContinue)
            $sessions | Should -HaveCount 1
            $sessions[0].UserName | Should -Be 'dave'
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.HostUnreachable,Get-UserSession'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)
            $errors[0].TargetObject | Should -Be 'DEAD01'
            $errors[0].Exception.Message | Should -BeLike 'DEAD01:*'
        }

        It 'takes computer names from the pipeline' {
            $sessions = @('SRV02', 'DEAD01' | Get-UserSession -ErrorVariable errors -ErrorAction SilentlyContinue)
            $sessions | Should -HaveCount 1
            $errors | Should -HaveCount 1
        }

        It 'takes ComputerName by property name from piped objects' {
            $sessions = @([pscustomobject]@{ ComputerName = 'SRV02' } | Get-UserSession)
            $sessions | Should -HaveCount 1
            $sessions[0].ComputerName | Should -Be 'SRV02'
        }

        It 'queries each computer once even when it is named twice' {
            $sessions = @(Get-UserSession -ComputerName 'SRV02', 'srv02')
            $sessions | Should -HaveCount 1
        }

        It 'accepts -TimeoutSeconds' {
            $sessions = @(Get-UserSession -ComputerName SRV02 -TimeoutSeconds 5)
            $sessions | Should -HaveCount 1
        }
    }
}
