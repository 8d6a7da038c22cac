#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# The ways of asking that could hit a session nobody asked for, from
# PowerShell, each with what must happen: nothing is signed out or
# disconnected that was not asked for, and the protected sessions (the
# caller's own, session 0, listeners) only with -IncludeProtected. Every
# test that expects nothing to happen lists the sessions again to see it.

BeforeDiscovery {
    $OnWindows = $env:OS -eq 'Windows_NT'
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $RealHelperPath = Initialize-TestHelper
    # SIM01 (also sim01.contoso.com and 10.0.0.10): the caller in session 1,
    # session 0, listeners in states Listen and Down, ordinary sessions 2,
    # 3 and 4; SRV02 has its own session 2.
    $SafetyFixture = @'
{
  "computerName": "SIM01", "currentSessionId": 1, "elevated": true, "now": "2026-11-24T12:00:00Z",
  "aliases": ["sim01.contoso.com", "10.0.0.10"],
  "sessions": [
    {"id": 0, "sessionName": "Services", "state": "Disconnected"},
    {"id": 1, "sessionName": "Console", "userName": "admin", "domain": "CONTOSO", "state": "Active", "lastInputTime": "2026-11-24T11:59:00Z"},
    {"id": 2, "sessionName": "RDP-Tcp#3", "userName": "eve", "state": "Active"},
    {"id": 3, "sessionName": "RDP-Tcp#7", "userName": "bob", "domain": "CONTOSO", "state": "Active", "lastInputTime": "2026-11-24T06:00:00Z",
     "processes": [{"processId": 5000, "name": "excel.exe"}]},
    {"id": 4, "userName": "carol", "state": "Disconnected", "disconnectTime": "2026-11-24T06:00:00Z"},
    {"id": 65536, "sessionName": "RDP-Tcp", "state": "Listen"},
    {"id": 65537, "sessionName": "ICA-tcp", "state": "Down"}
  ],
  "hosts": {"SRV02": {"aliases": ["srv02.contoso.com"], "sessions": [{"id": 2, "userName": "dave", "state": "Active"}]}}
}
'@
    # Every session of SIM01 and SRV02 with its state, to compare before and after.
    function Get-SafetyState {
        $local = @(Get-UserSession | ForEach-Object { '{0}/{1}/{2}' -f $_.ComputerName, $_.Id, $_.State })
        $remote = @(Get-UserSession -ComputerName SRV02 | ForEach-Object { '{0}/{1}/{2}' -f $_.ComputerName, $_.Id, $_.State })
        ($local + $remote) -join ' '
    }
}

Describe 'Safety: nothing is signed out that was not asked for' {
    BeforeEach {
        Import-TestModule -Json $SafetyFixture
        $before = Get-SafetyState
    }

    Context 'an empty selection never widens to all' {
        It 'Get-UserSession -Id with an empty list is an error, and the sweep after it signs out nobody' {
            $staleIds = @()
            { Get-UserSession -Id $staleIds } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Get-UserSession'
            try {
                Get-UserSession -Id $staleIds | Disconnect-UserSession -Logoff -Force
            } catch {
                $_.FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,Get-UserSession'
            }
            Get-SafetyState | Should -Be $before
        }

        It '<Command> -<Parameter> @() is an error' -ForEach @(
            @{ Command = 'Get-UserSession'; Parameter = 'UserName' }
            @{ Command = 'Get-UserSession'; Parameter = 'State' }
            @{ Command = 'Get-UserSession'; Parameter = 'ComputerName' }
            @{ Command = 'Disconnect-UserSession'; Parameter = 'Id' }
            @{ Command = 'Send-UserSessionMessage'; Parameter = 'Id' }
            @{ Command = 'Get-UserSessionProcess'; Parameter = 'Id' }
            @{ Command = 'Get-UserSessionProcess'; Parameter = 'Name' }
        ) {
            $splat = @{ $Parameter = @() }
            if ($Command -eq 'Send-UserSessionMessage') {
                $splat['Text'] = 'hello'
            }
            if ($Command -eq 'Disconnect-UserSession') {
                $splat['Force'] = $true
            }
            { & $Command @splat } | Should -Throw -ErrorId "ParameterArgumentValidationError,$Command"
            Get-SafetyState | Should -Be $before
        }

        It 'Disconnect-UserSession with no -Id and no input is an error, not "all"' {
            { Disconnect-UserSession -Logoff -Force } | Should -Throw -ErrorId 'UserSession.NoTarget,Disconnect-UserSession'
            Get-SafetyState | Should -Be $before
        }
    }

    Context 'the same host named twice is asked once' {
        It 'lists each session once under every name of the local machine' {
            $sessions = @(Get-UserSession -ComputerName 'SIM01', 'localhost', '.', 'sim01.contoso.com', '10.0.0.10', '127.0.0.1')
            $sessions | Should -HaveCount 7
            @($sessions | Group-Object -Property 'ComputerName', 'Id' | Where-Object { $_.Count -gt 1 }) | Should -HaveCount 0
        }

        It 'lists a remote host once under its name and its alias' {
            @(Get-UserSession -ComputerName 'SRV02', 'srv02.contoso.com', 'SRV02') | Should -HaveCount 1
        }
    }

    Context 'every name of the local machine protects the caller''s own session' {
        It 'refuses session 1 named by <_>, even with -Force' -ForEach @('SIM01', 'sim01', 'localhost', '.', 'sim01.contoso.com', '10.0.0.10', '127.0.0.1', '::1') {
            Disconnect-UserSession -ComputerName $_ -Id 1 -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.RefusedForSafety,Disconnect-UserSession'
            Get-SafetyState | Should -Be $before
        }

        It 'marks the caller''s session current under every name' {
            foreach ($name in @('sim01.contoso.com', '10.0.0.10', '127.0.0.1')) {
                (Get-UserSession -ComputerName $name -Id 1).IsCurrent | Should -BeTrue
            }
        }
    }

    Context '-Force skips the prompt and lifts no protection' {
        It 'refuses <Name> with -Force' -ForEach @(
            @{ Name = 'the caller''s own session'; Id = 1 }
            @{ Name = 'session 0'; Id = 0 }
            @{ Name = 'a listener (Listen)'; Id = 65536 }
            @{ Name = 'a listener id in state Down'; Id = 65537 }
        ) {
            foreach ($logoff in @($true, $false)) {
                Disconnect-UserSession -Id $Id -Logoff:$logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
                $errors | Should -HaveCount 1
                $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.RefusedForSafety,Disconnect-UserSession'
            }
            Get-SafetyState | Should -Be $before
        }

        It 'refuses the protected sessions piped from Get-UserSession with -Force, and signs out the rest' {
            Get-UserSession | Disconnect-UserSession -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 4
            ($errors | ForEach-Object { $_.TargetObject } | Sort-Object) | Should -Be @(0, 1, 65536, 65537)
            (@(Get-UserSession) | ForEach-Object { $_.Id }) | Should -Be @(0, 1, 65536, 65537)
        }

        It 'acts on the protected sessions only with -IncludeProtected' {
            Disconnect-UserSession -Id 65537 -Logoff -Force -IncludeProtected
            Get-UserSession -Id 65537 | Should -BeNullOrEmpty
        }

        It 'is not used by the examples to lift protection' {
            foreach ($file in Get-ChildItem -Path (Join-Path -Path $TestRepositoryRoot -ChildPath 'powershell/examples') -Filter '*.ps1') {
                (Get-Content -LiteralPath $file.FullName -Raw) | Should -Not -Match 'IncludeProtected' -Because "$($file.Name) must not lift the protection"
            }
        }
    }

    Context 'foreign objects in the pipeline' {
        It '<Command> refuses Get-Process-shaped objects (Id, SessionId, no computer)' -ForEach @(
            @{ Command = 'Disconnect-UserSession' }
            @{ Command = 'Send-UserSessionMessage' }
            @{ Command = 'Get-UserSessionProcess' }
        ) {
            $processLike = [pscustomobject]@{ Id = 3; SessionId = 4; ProcessName = 'excel'; Name = 'excel' }
            $splat = @{ ErrorVariable = 'errors'; ErrorAction = 'SilentlyContinue' }
            switch ($Command) {
                'Disconnect-UserSession' { $splat['Logoff'] = $true; $splat['Force'] = $true }
                'Send-UserSessionMessage' { $splat['Text'] = 'hello'; $splat['Wait'] = $true }
            }
            $out = @($processLike | & $Command @splat)
            $out | Should -HaveCount 0
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be "UserSession.InvalidInput,$Command"
            Get-SafetyState | Should -Be $before
        }

        It 'refuses a real Get-Process object: its Id is a process id' {
            Get-Process -Id $PID | Disconnect-UserSession -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].Exception.Message | Should -BeLike '*is a process, not a session*'
            Get-SafetyState | Should -Be $before
        }

        It 'acts on the HostServer of Get-RDUserSession-shaped objects, not on the local machine' {
            [pscustomobject]@{ SessionId = 2; UnifiedSessionId = 2; HostServer = 'SRV02'; UserName = 'dave' } | Disconnect-UserSession -Logoff -Force
            @(Get-UserSession -ComputerName SRV02) | Should -HaveCount 0
            (Get-UserSession -Id 2).UserName | Should -Be 'eve'
        }

        It 'refuses an object whose computer differs from -ComputerName' {
            [pscustomobject]@{ SessionId = 2; HostServer = 'SRV02' } | Disconnect-UserSession -ComputerName SIM01 -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            Get-SafetyState | Should -Be $before
        }

        It 'keeps the computer of an object piped with the same -ComputerName when -ComputerName was not resolved before' {
            # Taken as $null, the unresolved name would send session 2 of SRV02 to this computer.
            $target = InModuleScope UserSession { Resolve-UserSessionInput -InputObject ([pscustomobject]@{ SessionId = 2; HostServer = 'SRV02' }) -ComputerName 'SRV02' }
            $target.Error | Should -BeNullOrEmpty
            $target.ComputerName | Should -Be 'SRV02'
        }

        It 'refuses a session object that is no longer the same logon' {
            # As if bob's session 3 had been listed when mallory had it.
            $stale = [pscustomobject]@{ PSTypeName = 'UserSession.Session'; ComputerName = 'SIM01'; Id = 3; UserName = 'mallory'; Domain = 'CONTOSO'; AccountName = 'CONTOSO\mallory'; LogonTime = $null; SessionName = ''; State = 'Active'; IdleTime = $null; IsCurrent = $false }
            $stale | Disconnect-UserSession -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.RefusedForSafety,Disconnect-UserSession'
            $errors[0].Exception.Message | Should -BeLike '*not CONTOSO\mallory*'
            Get-SafetyState | Should -Be $before
        }
    }

    Context '-WhatIf and the prompt' {
        It '-WhatIf changes nothing, for every session piped' {
            Get-UserSession | Disconnect-UserSession -Logoff -IncludeProtected -WhatIf
            Get-UserSession | Disconnect-UserSession -IncludeProtected -WhatIf
            Get-SafetyState | Should -Be $before
        }

        It 'a caller''s $WhatIfPreference reaches the module' {
            & {
                $WhatIfPreference = $true
                Disconnect-UserSession -Id 3 -Logoff -Confirm:$false
            }
            Get-SafetyState | Should -Be $before
        }

        It 'names whom it hits: <Expected>' -ForEach @(
            @{ Id = 3; Expected = 'Sign out CONTOSO\bob (session 3, RDP-Tcp#7, idle 6 h) on this computer' }
            @{ Id = 4; Expected = 'Sign out carol (session 4, Disconnected, idle 6 h) on this computer' }
        ) {
            $verbose = @(Disconnect-UserSession -Id $Id -Logoff -Force -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            ($verbose | ForEach-Object { $_.Message }) | Should -Contain $Expected
        }

        It 'names the remote computer of a piped session' {
            $verbose = @(Get-UserSession -ComputerName SRV02 | Disconnect-UserSession -Force -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            ($verbose | ForEach-Object { $_.Message }) | Should -Contain 'Disconnect dave (session 2) on SRV02'
        }
    }

    Context 'errors name what failed' {
        It 'a logoff on an unreachable host says logoff, not list' {
            Disconnect-UserSession -ComputerName NOPE -Id 2 -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].Exception.Message | Should -BeLike '*logoff: host unreachable (NOPE)*'
        }
    }
}

Describe 'Safety: a helper that dies during a sign-out' -Skip:$OnWindows {
    It 'reports the outcome as unknown, and sends nothing to a new helper' {
        # Answers server.info and the lookup of session 3, then exits when
        # the logoff comes, without answering it.
        $fake = Join-Path -Path $TestDrive -ChildPath 'dying-helper'
        Import-TestModule
        $version = InModuleScope UserSession { $script:ModuleVersion }
        $script = @"
#!/bin/sh
while read -r line; do
  id=`$(printf '%s' "`$line" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  case "`$line" in
    *server.info*) echo '{"jsonrpc":"2.0","id":'`$id',"result":{"name":"usersession","version":"$version","computerName":"SIM01","localNames":["SIM01"]}}' ;;
    *session.list*) echo '{"jsonrpc":"2.0","id":'`$id',"result":{"sessions":[{"computerName":"SIM01","id":3,"userName":"bob","domain":"","state":"Active","sessionName":"","idleSeconds":null,"logonTime":null,"connectTime":null,"disconnectTime":null,"lastInputTime":null,"clientName":"","clientAddress":"","protocol":"","locked":null,"isCurrent":false,"isConsole":false}],"failures":[]}}' ;;
    *session.logoff*) echo 'gone' >&2; exit 3 ;;
  esac
done
"@
        [System.IO.File]::WriteAllText($fake, $script.Replace("`r`n", "`n"))
        & chmod 'u+x' $fake
        $env:USERSESSION_PATH = $fake
        try {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            Disconnect-UserSession -Id 3 -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $watch.Stop()
        } finally {
            $env:USERSESSION_PATH = $RealHelperPath
        }
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.HelperExited,Disconnect-UserSession'
        $errors[0].Exception.Message | Should -BeLike '*is unknown*'
        # It failed when the helper exited, not after the 50 s it may wait.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 40
    }
}

Describe 'The audit trail' {
    AfterEach {
        Remove-Item -Path Env:USERSESSION_AUDIT_LOG -ErrorAction SilentlyContinue
    }

    It 'records the intent of each sign-out before it, its result after, and each refusal, with -Reason' {
        $log = Join-Path -Path $TestDrive -ChildPath 'audit.jsonl'
        $env:USERSESSION_AUDIT_LOG = $log
        Import-TestModule -Json $SafetyFixture
        Disconnect-UserSession -Id 3 -Logoff -Force -Reason 'CHG-1234 patching'
        $lines = @(Get-Content -LiteralPath $log)
        $lines | Should -HaveCount 2
        Disconnect-UserSession -Id 1 -Logoff -Force -Reason 'oops' -ErrorAction SilentlyContinue
        Send-UserSessionMessage -Id 4 -Text 'hi' -Reason 'heads-up' | Out-Null
        $records = @(Get-Content -LiteralPath $log | ForEach-Object { ConvertFrom-Json -InputObject $_ })
        $records | Should -HaveCount 5
        $records[0].action | Should -Be 'logoff'
        $records[0].sessionId | Should -Be 3
        $records[0].result | Should -Be 'intent'
        $records[1].action | Should -Be 'logoff'
        $records[1].sessionId | Should -Be 3
        $records[1].userName | Should -Be 'bob'
        $records[1].domain | Should -Be 'CONTOSO'
        $records[1].reason | Should -Be 'CHG-1234 patching'
        $records[1].result | Should -Be 'completed'
        $records[1].actor.pid | Should -BeGreaterThan 0
        $records[2].result | Should -Be 'refused'
        $records[2].code | Should -Be -32003
        $records[2].userName | Should -Be 'admin'
        $records[3].action | Should -Be 'message'
        $records[3].result | Should -Be 'intent'
        $records[4].action | Should -Be 'message'
        $records[4].reason | Should -Be 'heads-up'
    }
}
