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

    Context 'a session id names one computer' {
        It '<Command> -Id with several computers is a clear error, and nothing is done' -ForEach @(
            @{ Command = 'Disconnect-UserSession' }
            @{ Command = 'Send-UserSessionMessage' }
        ) {
            $before = Get-SafetyState
            $arguments = @{ Id = 3; ComputerName = @('SIM01', 'SRV02'); Force = $true }
            if ($Command -eq 'Send-UserSessionMessage') {
                $arguments = @{ Id = 3; ComputerName = @('SIM01', 'SRV02'); Text = 'hi' }
            }
            $record = $null
            try {
                & $Command @arguments
            } catch {
                $record = $_
            }
            $record.FullyQualifiedErrorId | Should -Be "UserSession.InvalidInput,$Command"
            $record.Exception.Message | Should -BeLike '*one computer*pipe them*'
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
            ($errors | ForEach-Object { $_.TargetObject.Id } | Sort-Object) | Should -Be @(0, 1, 65536, 65537)
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

Describe 'Safety: fail closed, one rule per layer' {
    BeforeEach {
        Import-TestModule -Json $SafetyFixture
        $before = Get-SafetyState
    }

    Context 'a target value that is present but null, empty or blank is an error, never the local computer' {
        It '<Command> -ComputerName <Shown> is an error' -ForEach @(
            foreach ($command in @('Disconnect-UserSession', 'Send-UserSessionMessage', 'Get-UserSessionProcess')) {
                @{ Command = $command; Value = $null; Shown = '$null' }
                @{ Command = $command; Value = ''; Shown = "''" }
                @{ Command = $command; Value = '   '; Shown = "'   '" }
            }
        ) {
            # $server = 'RDS02'; ... -ComputerName $sever (a typo) is $null.
            $splat = @{ ComputerName = $Value; Id = 2 }
            switch ($Command) {
                'Disconnect-UserSession' { $splat['Logoff'] = $true; $splat['Force'] = $true }
                'Send-UserSessionMessage' { $splat['Text'] = 'hello'; $splat['Wait'] = $true }
            }
            $out = $null
            { $script:out = & $Command @splat } | Should -Throw
            $out | Should -BeNullOrEmpty
            Get-SafetyState | Should -Be $before
        }
    }

    Context '-ComputerName given an object, a number or an object turned into text is an error naming the parameter' {
        It '<Command> -ComputerName <Shown> is an error that names -ComputerName' -ForEach @(
            foreach ($command in @('Disconnect-UserSession', 'Send-UserSessionMessage', 'Get-UserSessionProcess', 'Invoke-UserSessionReclaim', 'Get-UserSession', 'Watch-UserSession')) {
                @{ Command = $command; Shape = 'hashtable'; Shown = "@{ ComputerName = 'SRV02' }" }
                @{ Command = $command; Shape = 'session'; Shown = 'a session object' }
                @{ Command = $command; Shape = 'deserialized'; Shown = 'a deserialized session' }
                @{ Command = $command; Shape = 'number'; Shown = '5' }
                @{ Command = $command; Shape = 'text'; Shown = "'@{ComputerName=SRV02; Id=2}'" }
                @{ Command = $command; Shape = 'typeName'; Shown = "'System.Collections.Hashtable'" }
            }
        ) {
            $session = Get-UserSession -ComputerName SRV02 -Id 2
            $value = switch ($Shape) {
                'hashtable' { @{ ComputerName = 'SRV02' } }
                'session' { $session }
                'deserialized' { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($session)) }
                'number' { 5 }
                'text' { '@{ComputerName=SRV02; Id=2}' }
                'typeName' { 'System.Collections.Hashtable' }
            }
            $splat = @{ ComputerName = $value }
            switch ($Command) {
                'Disconnect-UserSession' { $splat['Id'] = 2; $splat['Logoff'] = $true; $splat['Force'] = $true }
                'Send-UserSessionMessage' { $splat['Id'] = 2; $splat['Text'] = 'hello'; $splat['Wait'] = $true }
                'Get-UserSessionProcess' { $splat['Id'] = 2 }
                'Invoke-UserSessionReclaim' { $splat['DisconnectedFor'] = '1h'; $splat['Force'] = $true }
            }
            $thrown = $null
            try {
                $null = & $Command @splat
            } catch {
                $thrown = $_
            }
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.FullyQualifiedErrorId | Should -BeLike "ParameterArgumentValidationError,$Command"
            $thrown.Exception.Message | Should -BeLike "*parameter 'ComputerName'*"
            $thrown.Exception.Message | Should -Not -BeLike '*unreachable*'
            Get-SafetyState | Should -Be $before
        }

        It '<Command> -ComputerName <Shown> is taken' -ForEach @(
            foreach ($command in @('Get-UserSession', 'Get-UserSessionProcess')) {
                @{ Command = $command; Value = 'SRV02'; Shown = "'SRV02'" }
                @{ Command = $command; Value = 'sim01.contoso.com'; Shown = 'a fully qualified name' }
                @{ Command = $command; Value = '127.0.0.1'; Shown = 'an IPv4 address' }
                @{ Command = $command; Value = '::1'; Shown = 'an IPv6 address' }
                @{ Command = $command; Value = '[::1]'; Shown = 'an IPv6 address in brackets' }
                @{ Command = $command; Value = '.'; Shown = "'.'" }
                @{ Command = $command; Value = ('SRV02' | Add-Member -NotePropertyName Note -NotePropertyValue 1 -PassThru); Shown = 'a string with a note' }
            }
        ) {
            $splat = @{ ComputerName = $Value; ErrorAction = 'Stop' }
            if ($Command -eq 'Get-UserSessionProcess') {
                $splat['Id'] = 2
            }
            { $null = & $Command @splat } | Should -Not -Throw
        }
    }

    Context 'a parameter given twice is an error, where PowerShell 7 lets the named one win' {
        It '<Command>: -<Parameter> in a splatted hashtable and by name' -ForEach @(
            @{ Command = 'Disconnect-UserSession'; Parameter = 'Id'; Splat = @{ Id = 3; Logoff = $true; Force = $true }; Named = @{ Id = 2 } }
            @{ Command = 'Disconnect-UserSession'; Parameter = 'ComputerName'; Splat = @{ ComputerName = 'SRV02'; Id = 2; Force = $true }; Named = @{ CN = 'SIM01' } }
            @{ Command = 'Send-UserSessionMessage'; Parameter = 'Id'; Splat = @{ Id = 3; Text = 'hi' }; Named = @{ Id = 2 } }
            @{ Command = 'Get-UserSessionProcess'; Parameter = 'Id'; Splat = @{ Id = 3 }; Named = @{ Id = 1 } }
            @{ Command = 'Get-UserSession'; Parameter = 'UserName'; Splat = @{ UserName = 'bob' }; Named = @{ UserName = 'eve' } }
        ) {
            $typed = @($Named.Keys)[0]
            # The statement as a script writes it: @Splat and -Name value.
            $block = [scriptblock]::Create("param(`$Splat) $Command @Splat -$typed '$($Named[$typed])'")
            { & $block $Splat } | Should -Throw -ErrorId "UserSession.InvalidArgument,$Command"
            Get-SafetyState | Should -Be $before
        }

        It 'two hashtables that give the same parameter are an error too' {
            $a = @{ Id = 3 }
            $b = @{ Id = 4; Logoff = $true; Force = $true }
            { Disconnect-UserSession @a @b } | Should -Throw
            Get-SafetyState | Should -Be $before
        }

        It 'a splat and named parameters that do not overlap are taken' {
            $common = @{ Logoff = $true; Force = $true }
            Disconnect-UserSession @common -Id 3
            (Get-UserSession -Id 3) | Should -BeNullOrEmpty
        }
    }

    Context 'an empty pipeline does nothing and says nothing; no target at all is an error' {
        It '<Command>: an empty pipeline writes nothing, no error, and changes nothing' -ForEach @(
            @{ Command = 'Disconnect-UserSession'; Splat = @{ Logoff = $true; Force = $true } }
            @{ Command = 'Send-UserSessionMessage'; Splat = @{ Text = 'hi'; Wait = $true } }
            @{ Command = 'Get-UserSessionProcess'; Splat = @{} }
        ) {
            $out = @(@(Get-UserSession -UserName 'nobody') | & $Command @Splat -ErrorVariable errors)
            $out | Should -HaveCount 0
            $errors | Should -HaveCount 0
            Get-SafetyState | Should -Be $before
        }

        It 'Get-UserSession -ComputerName SRV02 -UserName nobody | Get-UserSessionProcess lists no process of this computer' {
            @(Get-UserSession -ComputerName SRV02 -UserName nobody | Get-UserSessionProcess) | Should -HaveCount 0
        }

        It '<Command>: a $null piped in (an unset variable) is an error' -ForEach @(
            @{ Command = 'Disconnect-UserSession'; Splat = @{ Logoff = $true; Force = $true } }
            @{ Command = 'Send-UserSessionMessage'; Splat = @{ Text = 'hi'; Wait = $true } }
            @{ Command = 'Get-UserSessionProcess'; Splat = @{} }
        ) {
            # What an unset variable gives outside strict mode.
            $unset = $null
            $out = @($unset | & $Command @Splat -ErrorVariable errors -ErrorAction SilentlyContinue)
            $out | Should -HaveCount 0
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be "UserSession.InvalidInput,$Command"
            Get-SafetyState | Should -Be $before
        }

        It 'Get-UserSessionProcess: a blank computer name piped in is an error, not this computer' -ForEach @(
            @{ Name = '' }
            @{ Name = '   ' }
        ) {
            $out = @($Name | Get-UserSessionProcess -ErrorVariable errors -ErrorAction SilentlyContinue)
            $out | Should -HaveCount 0
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.InvalidInput,Get-UserSessionProcess'
        }

        It 'Send-UserSessionMessage with no -Id and no input is an error' {
            { Send-UserSessionMessage -Text 'hi' } | Should -Throw -ErrorId 'UserSession.NoTarget,Send-UserSessionMessage'
        }
    }

    Context 'deserialized sessions keep every check; other deserialized objects are foreign' {
        It 'acts on a deserialized session of <Computer> on its own computer' -ForEach @(
            @{ Computer = 'SRV02'; Expected = 'SIM01/0/Disconnected SIM01/1/Active SIM01/2/Active SIM01/3/Active SIM01/4/Disconnected SIM01/65536/Listen SIM01/65537/Down' }
            @{ Computer = 'SIM01'; Expected = 'SIM01/0/Disconnected SIM01/1/Active SIM01/3/Active SIM01/4/Disconnected SIM01/65536/Listen SIM01/65537/Down SRV02/2/Active' }
        ) {
            # Session 2 exists on both computers: dave on SRV02, eve here.
            $file = Join-Path -Path $TestDrive -ChildPath 'sessions.clixml'
            Get-UserSession -ComputerName $Computer -Id 2 | Export-Clixml -LiteralPath $file
            $imported = Import-Clixml -LiteralPath $file
            $imported.PSObject.TypeNames[0] | Should -BeLike 'Deserialized.UserSession.Session*'
            $imported | Disconnect-UserSession -Logoff -Force
            Get-SafetyState | Should -Be $Expected
        }

        It 'refuses a deserialized session whose id is now another logon''s, without advising -IncludeProtected' {
            $file = Join-Path -Path $TestDrive -ChildPath 'bob.clixml'
            Get-UserSession -Id 3 | Export-Clixml -LiteralPath $file
            # Session 3 is now mallory's: bob signed out, the id was given again.
            Import-TestModule -Json ($SafetyFixture.Replace('"userName": "bob"', '"userName": "mallory"'))
            $before = Get-SafetyState
            foreach ($include in @($false, $true)) {
                Import-Clixml -LiteralPath $file | Disconnect-UserSession -Logoff -Force -IncludeProtected:$include -ErrorVariable errors -ErrorAction SilentlyContinue
                $errors | Should -HaveCount 1
                $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.RefusedForSafety,Disconnect-UserSession'
                $errors[0].Exception.Message | Should -BeLike '*not CONTOSO\bob*'
                $errors[0].Exception.Message | Should -Not -BeLike '*IncludeProtected*'
            }
            Get-SafetyState | Should -Be $before
        }

        It 'still advises -IncludeProtected where it lifts the refusal' {
            Disconnect-UserSession -Id 1 -Logoff -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].Exception.Message | Should -BeLike '*-IncludeProtected*'
        }

        It '<Command> refuses a deserialized Get-Process with SessionId and PSComputerName' -ForEach @(
            @{ Command = 'Disconnect-UserSession'; Splat = @{ Logoff = $true; Force = $true } }
            @{ Command = 'Send-UserSessionMessage'; Splat = @{ Text = 'hi'; Wait = $true } }
            @{ Command = 'Get-UserSessionProcess'; Splat = @{} }
        ) {
            $process = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((Get-Process -Id $PID), 1))
            $process | Add-Member -MemberType NoteProperty -Name 'PSComputerName' -Value 'SRV02'
            $process.SessionId = 2
            $process.PSObject.TypeNames[0] | Should -Be 'Deserialized.System.Diagnostics.Process'
            $out = @($process | & $Command @Splat -ErrorVariable errors -ErrorAction SilentlyContinue)
            $out | Should -HaveCount 0
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be "UserSession.InvalidInput,$Command"
            Get-SafetyState | Should -Be $before
        }
    }

    Context '-WhatIf and the prompt say what the real run would do' {
        It '-WhatIf says "would be refused" for each protected session, and nothing else of them' {
            # What if: lines go to the host, not to a stream: a child PowerShell writes them.
            $exe = $env:USERSESSION_TEST_PWSH
            if (-not $exe) {
                $exe = (Get-Process -Id $PID).Path
            }
            $command = "Import-Module -Name '$TestManifestPath'; Get-UserSession | Disconnect-UserSession -Logoff -WhatIf; Disconnect-UserSession -Id 1 -WhatIf"
            $output = @(& $exe -NoProfile -NonInteractive -Command $command) -join "`n"
            $output | Should -BeLike '*What if: Sign out CONTOSO\admin (session 1, Console, idle 1 min, your own session) on this computer: would be refused: your own session*'
            $output | Should -BeLike '*What if: Disconnect CONTOSO\admin (session 1, Console, idle 1 min, your own session) on this computer: would be refused: your own session*'
            $output | Should -BeLike '*What if: Sign out nobody (session 0, Services, Disconnected) on this computer: would be refused: session 0*'
            $output | Should -BeLike '*What if: Sign out nobody (session 65536, RDP-Tcp, Listen) on this computer: would be refused: a listener*'
            $output | Should -BeLike '*What if: Sign out nobody (session 65537, ICA-tcp, Down) on this computer: would be refused: a listener*'
            $output | Should -BeLike '*What if: Sign out CONTOSO\bob (session 3, RDP-Tcp#7, idle 6 h) on this computer*'
            @($output -split "`n" | Where-Object { $_ -like '*would be refused*' }) | Should -HaveCount 5
            ([regex]::Matches($output, 'What if: ')).Count | Should -Be 8
            Get-SafetyState | Should -Be $before
        }

        It 'does not offer a protected session in the prompt: the run refuses it without asking' {
            # -Confirm in a non-interactive PowerShell fails at the first prompt it would show.
            Disconnect-UserSession -Id 1 -Logoff -Confirm -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.RefusedForSafety,Disconnect-UserSession'
            Get-SafetyState | Should -Be $before
        }

        It 'lists why a session is protected' {
            (Get-UserSession -Id 1).Protected | Should -Be 'your own session'
            (Get-UserSession -Id 3).Protected | Should -BeNullOrEmpty
        }
    }

    Context 'a warning that cannot be shown to an active session means no action on it' {
        It 'does not sign out a session whose -Message warning failed' {
            Import-TestModule -Json ($SafetyFixture.Replace('"userName": "bob",', '"userName": "bob", "messageNotShown": true,'))
            $before = Get-SafetyState
            Disconnect-UserSession -Id 3 -Logoff -Message 'Bye' -GraceSeconds 0 -Force -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].Exception.Message | Should -BeLike '*could not be shown, so it is not acted on*'
            Get-SafetyState | Should -Be $before
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
        # Not waited for: sent, not seen done, as Windows reports it.
        $records[1].result | Should -Be 'requested'
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
