#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
}

Describe 'Disconnect-UserSession' {
    BeforeEach {
        Import-TestModule
    }

    Context 'parameters' {
        It 'is a high-impact ShouldProcess command' {
            $command = Get-Command -Name Disconnect-UserSession
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
            $metadata = New-Object -TypeName System.Management.Automation.CommandMetadata -ArgumentList $command
            $metadata.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
        }

        It 'takes pipeline input only through -InputObject, never -Id by property name' {
            $command = Get-Command -Name Disconnect-UserSession
            $attribute = { param($Name) $command.Parameters[$Name].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0] }
            (& $attribute 'InputObject').ValueFromPipeline | Should -BeTrue
            (& $attribute 'Id').ValueFromPipelineByPropertyName | Should -BeFalse
            (& $attribute 'ComputerName').ValueFromPipelineByPropertyName | Should -BeFalse
        }

        It 'does not take -GraceSeconds together with -Ask' {
            { Disconnect-UserSession -Id 3 -Ask -GraceSeconds 5 -Force } | Should -Throw
        }
    }

    Context '-WhatIf' {
        It 'never sends the disconnect' {
            Disconnect-UserSession -Id 3 -WhatIf
            (Get-UserSession -Id 3).State | Should -Be 'Active'
        }

        It 'never sends the logoff, even with -Force' {
            Disconnect-UserSession -Id 3 -Logoff -Force -WhatIf
            Get-UserSession -Id 3 | Should -Not -BeNullOrEmpty
        }

        It 'never sends the warning or the logoff with -Message' {
            Disconnect-UserSession -Id 3 -Logoff -Message 'Bye' -GraceSeconds 0 -Force -WhatIf
            Get-UserSession -Id 3 | Should -Not -BeNullOrEmpty
        }

        It 'never sends anything for piped sessions' {
            Get-UserSession | Disconnect-UserSession -Logoff -Force -WhatIf
            @(Get-UserSession) | Should -HaveCount 5
        }
    }

    Context 'acting' {
        It 'disconnects a session' {
            Disconnect-UserSession -Id 3 -Confirm:$false
            (Get-UserSession -Id 3).State | Should -Be 'Disconnected'
        }

        It 'signs a session out with -Logoff' {
            Disconnect-UserSession -Id 3 -Logoff -Confirm:$false
            Get-UserSession -Id 3 | Should -BeNullOrEmpty
        }

        It '-Force skips the confirmation' {
            Disconnect-UserSession -Id 3 -Logoff -Force
            Get-UserSession -Id 3 | Should -BeNullOrEmpty
        }

        It 'writes nothing without -PassThru' {
            $output = @(Disconnect-UserSession -Id 3 -Force)
            $output | Should -HaveCount 0
        }

        It '-PassThru returns UserSession.ActionResult objects' {
            $result = Disconnect-UserSession -Id 3 -Logoff -Force -PassThru -Wait
            $result.PSObject.TypeNames[0] | Should -Be 'UserSession.ActionResult'
            $result.Id | Should -Be 3
            $result.ComputerName | Should -Be 'SIM01'
            $result.Action | Should -Be 'logoff'
            $result.Completed | Should -BeTrue
        }

        It '-PassThru without -Wait says not completed, as Windows does for a request only sent' {
            $result = Disconnect-UserSession -Id 3 -Logoff -Force -PassThru
            $result.Completed | Should -BeFalse
            @(Get-UserSession -Id 3) | Should -HaveCount 0
            $result = Disconnect-UserSession -Id 5 -Force -PassThru
            $result.Completed | Should -BeFalse
        }

        It 'acts on several ids' {
            Disconnect-UserSession -Id 3, 5 -Logoff -Force
            @(Get-UserSession -Id 3, 5) | Should -HaveCount 0
        }
    }

    Context '-IncludeProtected and the safety policy' {
        It 'refuses the caller''s own session, also with -Force, as a SecurityError' {
            Disconnect-UserSession -Id 1 -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.RefusedForSafety,Disconnect-UserSession'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::SecurityError)
            $errors[0].Exception.Message | Should -BeLike '*-IncludeProtected*'
            $errors[0].ErrorDetails.RecommendedAction | Should -BeLike '*-IncludeProtected*'
            Get-UserSession -Id 1 | Should -Not -BeNullOrEmpty
        }

        It 'signs out the caller''s own session with -IncludeProtected (force is sent)' {
            Disconnect-UserSession -Id 1 -Logoff -IncludeProtected -Force
            Get-UserSession -Id 1 | Should -BeNullOrEmpty
        }
    }

    Context 'errors' {
        It 'writes a non-terminating ObjectNotFound error for a missing session and goes on' {
            Disconnect-UserSession -Id 99, 3 -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.SessionNotFound,Disconnect-UserSession'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
            # The target (id and computer), not a bare number.
            $errors[0].TargetObject | Should -Not -BeOfType ([int])
            $errors[0].TargetObject.Id | Should -Be 99
            $errors[0].TargetObject.PSObject.Properties.Name | Should -Contain 'ComputerName'
            Get-UserSession -Id 3 | Should -BeNullOrEmpty
        }

        It 'writes a ConnectionError for an unreachable computer' {
            Disconnect-UserSession -ComputerName DEAD01 -Id 2 -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.HostUnreachable,Disconnect-UserSession'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)
        }
    }

    Context 'pipeline binding' {
        It 'signs out the sessions disconnected for more than two hours (the documented one-liner)' {
            Get-UserSession | Where-Object { $_.State -eq 'Disconnected' -and $_.IdleTime -gt '02:00:00' } | Disconnect-UserSession -Logoff -Force
            Get-UserSession -Id 4 | Should -BeNullOrEmpty
            # Session 0 is disconnected too, but its idle time is unknown.
            Get-UserSession -Id 0 | Should -Not -BeNullOrEmpty
            @(Get-UserSession) | Should -HaveCount 4
        }

        It 'takes SessionId and ComputerName from any object' {
            [pscustomobject]@{ SessionId = 4; ComputerName = 'SIM01' } | Disconnect-UserSession -Logoff -Force
            Get-UserSession -Id 4 | Should -BeNullOrEmpty
        }

        It 'takes the SessionId of UserSession.Process objects, never their process id' {
            Get-UserSessionProcess -Name 'excel.exe' | Disconnect-UserSession -Logoff -Force
            Get-UserSession -Id 3 | Should -BeNullOrEmpty
        }

        It 'acts on remote sessions piped from Get-UserSession -ComputerName' {
            $result = Get-UserSession -ComputerName SRV02 | Disconnect-UserSession -Logoff -Force -PassThru
            $result.ComputerName | Should -Be 'SRV02'
            $result.Id | Should -Be 2
            @(Get-UserSession -ComputerName SRV02) | Should -HaveCount 0
        }
    }

    Context '-Message and -GraceSeconds' {
        It 'warns, waits the grace period, then acts' {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            Disconnect-UserSession -Id 3 -Logoff -Message 'Maintenance' -GraceSeconds 1 -Force
            $watch.Stop()
            $watch.Elapsed.TotalMilliseconds | Should -BeGreaterThan 900
            Get-UserSession -Id 3 | Should -BeNullOrEmpty
        }

        It 'waits once for all piped sessions' {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            Get-UserSession -Id 3, 4, 5 | Disconnect-UserSession -Logoff -Message 'Maintenance' -GraceSeconds 1 -Force
            $watch.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            @(Get-UserSession -Id 3, 4, 5) | Should -HaveCount 0
        }
    }

    Context '-Ask' {
        BeforeEach {
            # bob answers No, frank Yes, zoe never; gina's desktop is
            # locked, hal's lock state is unknown, carol is disconnected.
            Import-TestModule -Json @'
{
  "computerName": "SIM01", "currentSessionId": 1, "elevated": true, "now": "2026-11-24T12:00:00Z",
  "sessions": [
    {"id": 1, "userName": "admin", "state": "Active", "locked": false},
    {"id": 3, "sessionName": "RDP-Tcp#7", "userName": "bob", "state": "Active", "locked": false, "messageResponse": "no"},
    {"id": 4, "userName": "carol", "state": "Disconnected", "messageResponse": "yes"},
    {"id": 5, "userName": "zoe", "state": "Active", "locked": false},
    {"id": 6, "userName": "frank", "state": "Active", "locked": false, "messageResponse": "yes"},
    {"id": 7, "userName": "gina", "state": "Active", "locked": true, "messageResponse": "yes"},
    {"id": 8, "userName": "hal", "state": "Active", "messageResponse": "yes"}
  ]
}
'@
        }

        It 'skips a session whose user answers No, with a warning' {
            Disconnect-UserSession -Id 3 -Logoff -Ask -Force -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings | Should -HaveCount 1
            "$($warnings[0])" | Should -BeLike "*'no'*"
            Get-UserSession -Id 3 | Should -Not -BeNullOrEmpty
        }

        It 'acts on a session whose user answers Yes' {
            $result = Disconnect-UserSession -Id 6 -Logoff -Ask -Force -PassThru -WarningVariable warnings
            $warnings | Should -HaveCount 0
            $result.Answer | Should -Be 'yes'
            $result.Action | Should -Be 'logoff'
            Get-UserSession -Id 6 | Should -BeNullOrEmpty
        }

        It 'does not act when nobody answers before the timeout: silence is not a yes' {
            $result = Disconnect-UserSession -Id 5 -Logoff -Ask -AskTimeoutSeconds 1 -Force -PassThru -WarningAction SilentlyContinue
            $result.Answer | Should -Be 'timeout'
            $result.Action | Should -Be 'none'
            $result.Completed | Should -BeFalse
            Get-UserSession -Id 5 | Should -Not -BeNullOrEmpty
        }

        It 'acts on no answer only with -ProceedWithoutAnswer' {
            $result = Disconnect-UserSession -Id 5 -Logoff -Ask -AskTimeoutSeconds 1 -ProceedWithoutAnswer -Force -PassThru
            $result.Answer | Should -Be 'timeout'
            $result.Action | Should -Be 'logoff'
            Get-UserSession -Id 5 | Should -BeNullOrEmpty
        }

        It 'does not ask <Name>, whose user cannot see it: notShown, not acted on' -ForEach @(
            @{ Name = 'a disconnected session'; Id = 4 }
            @{ Name = 'a locked session'; Id = 7 }
            @{ Name = 'a session whose lock state is unknown'; Id = 8 }
        ) {
            $log = Join-Path -Path $TestDrive -ChildPath "audit-$Id.jsonl"
            $env:USERSESSION_AUDIT_LOG = $log
            try {
                Import-TestModule -Json ([System.IO.File]::ReadAllText($env:USERSESSION_SIMULATE))
                $result = Disconnect-UserSession -Id $Id -Logoff -Ask -Force -PassThru -WarningAction SilentlyContinue
            } finally {
                Remove-Item -Path Env:USERSESSION_AUDIT_LOG
            }
            $result.Answer | Should -Be 'notShown'
            $result.Action | Should -Be 'none'
            Get-UserSession -Id $Id | Should -Not -BeNullOrEmpty
            # Not asked either: nothing was sent to the session.
            Test-Path -LiteralPath $log | Should -BeFalse
        }

        It 'says in the question that no answer goes ahead, default text or custom' -ForEach @(
            @{ Message = $null }
            @{ Message = 'May I sign you out?' }
        ) {
            $splat = @{}
            if ($Message) {
                $splat['Message'] = $Message
            }
            $verbose = @(Disconnect-UserSession -Id 6 -Ask -ProceedWithoutAnswer -AskTimeoutSeconds 7 -Force -Verbose @splat 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            $sent = @($verbose | Where-Object { $_.Message -like '*asking: *' })
            $sent | Should -HaveCount 1
            $sent = $sent[0].Message
            $sent | Should -BeLike '*If nobody answers within 7 seconds, it goes ahead.'
            if ($Message) {
                $sent | Should -BeLike "*asking: $Message *"
            }
        }

        It 'asks every piped session and acts on each answer' {
            $results = @(Get-UserSession -Id 3, 6 | Disconnect-UserSession -Ask -Message 'May I disconnect you?' -Force -PassThru -WarningAction SilentlyContinue)
            $results | Should -HaveCount 2
            ($results | Where-Object { $_.Id -eq 6 }).Action | Should -Be 'disconnect'
            ($results | Where-Object { $_.Id -eq 3 }).Action | Should -Be 'none'
            ($results | Where-Object { $_.Id -eq 3 }).Answer | Should -Be 'no'
            (Get-UserSession -Id 6).State | Should -Be 'Disconnected'
            (Get-UserSession -Id 3).State | Should -Be 'Active'
        }
    }
}
