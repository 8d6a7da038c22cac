#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

BeforeDiscovery {
    $OnWindows = $env:OS -eq 'Windows_NT'
    $StrictLeg = $env:USERSESSION_TEST_STRICT -eq '1'
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $null = Initialize-TestHelper
    $RealHelper = $env:USERSESSION_PATH
}

Describe 'The module' -Tag 'CallerStrict' {
    It 'exports exactly the five public functions' {
        Import-TestModule
        $module = Get-Module -Name UserSession
        @($module.ExportedFunctions.Keys | Sort-Object) | Should -Be @('Disconnect-UserSession', 'Get-UserSession', 'Get-UserSessionProcess', 'Install-UserSessionModule', 'Invoke-UserSessionReclaim', 'Register-UserSessionReclaim', 'Send-UserSessionMessage', 'Unregister-UserSessionReclaim', 'Watch-UserSession')
        $module.ExportedCmdlets.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'runs its own code under Set-StrictMode 3.0, whatever the caller set' {
        Import-TestModule
        InModuleScope UserSession {
            { $null = $script:NoSuchVariable } | Should -Throw -ErrorId 'VariableIsUndefined'
            { $null = ([pscustomobject]@{ a = 1 }).b } | Should -Throw -ErrorId 'PropertyNotFoundStrict'
        }
    }

    It 'is tested with the caller''s Set-StrictMode in the strict leg' -Skip:(-not $StrictLeg) {
        { $null = $NoSuchVariableInTheCallersScope } | Should -Throw -ErrorId 'VariableIsUndefined'
    }

    It 'has help with examples for <_>' -ForEach @('Get-UserSession', 'Disconnect-UserSession', 'Send-UserSessionMessage', 'Get-UserSessionProcess', 'Watch-UserSession', 'Install-UserSessionModule') {
        Import-TestModule
        $help = Get-Help -Name $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
    }
}

Describe 'The helper process' {
    BeforeAll {
        # A fresh console PowerShell that imports the module against a
        # fixture and then runs -Script; its output is redirected.
        function Start-TestConsolePowerShell {
            param([string]$Script)
            $exe = $env:USERSESSION_TEST_PWSH
            if (-not $exe) {
                $exe = (Get-Process -Id $PID).Path
            }
            $fixture = Write-TestFixture
            $startInfo = New-Object -TypeName System.Diagnostics.ProcessStartInfo
            $startInfo.FileName = $exe
            foreach ($argument in @('-NoProfile', '-NonInteractive', '-Command', "`$env:USERSESSION_SIMULATE = '$fixture'; Import-Module -Name '$TestManifestPath'; $Script")) {
                $startInfo.ArgumentList.Add($argument)
            }
            $startInfo.UseShellExecute = $false
            $startInfo.RedirectStandardOutput = $true
            [System.Diagnostics.Process]::Start($startInfo)
        }

        # Whether the process -Id is gone within 10 seconds.
        function Wait-TestHelperGone {
            param([int]$Id)
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ($true) {
                $helper = Get-Process -Id $Id -ErrorAction SilentlyContinue
                # A zombie waiting for its parent to reap it has exited too.
                if (($null -eq $helper) -or $helper.HasExited -or ((-not $TestOnWindows) -and ((Get-Content -LiteralPath "/proc/$Id/stat" -ErrorAction SilentlyContinue) -match '^\d+ \(.*\) Z'))) {
                    return $true
                }
                if ([DateTime]::UtcNow -ge $deadline) {
                    return $false
                }
                Start-Sleep -Milliseconds 100
            }
        }
    }

    AfterEach {
        $env:USERSESSION_PATH = $RealHelper
    }

    It 'is started once and reused' {
        Import-TestModule
        $null = Get-UserSession
        $first = InModuleScope UserSession { $script:Helper.Process.Id }
        $null = Get-UserSession
        $null = Get-UserSessionProcess
        InModuleScope UserSession { $script:Helper.Process.Id } | Should -Be $first
    }

    It 'is restarted when it has died' {
        Import-TestModule
        $null = Get-UserSession
        InModuleScope UserSession {
            $script:Helper.Process.Kill()
            $null = $script:Helper.Process.WaitForExit(5000)
        }
        @(Get-UserSession) | Should -HaveCount 5
    }

    It 'is stopped when the module is removed (OnRemove)' {
        Import-TestModule
        $null = Get-UserSession
        $helperId = InModuleScope UserSession { $script:Helper.Process.Id }
        Get-Process -Id $helperId -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
        Remove-Module -Name UserSession
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Get-Process -Id $helperId -ErrorAction SilentlyContinue) -and ([DateTime]::UtcNow -lt $deadline)) {
            Start-Sleep -Milliseconds 100
        }
        Get-Process -Id $helperId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'never outlives the PowerShell that started it, even when that is killed' {
        $shell = Start-TestConsolePowerShell -Script "`$null = Get-UserSession; [Console]::Out.WriteLine(('{0} {1}' -f `$PID, (& (Get-Module UserSession) { `$script:Helper.Process.Id }))); [Console]::Out.Flush(); Start-Sleep -Seconds 120"
        try {
            $ids = @($shell.StandardOutput.ReadLine() -split ' ')
            $powerShellId = [int]$ids[0]
            $helperId = [int]$ids[1]
            Get-Process -Id $helperId -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
            # Killed: no PowerShell.Exiting, no OnRemove. (PowerShell
            # installed as a .NET tool runs under a launcher: $PID is the
            # PowerShell itself.)
            Stop-Process -Id $powerShellId -Force
            Wait-TestHelperGone -Id $helperId | Should -BeTrue
        } finally {
            if (-not $shell.HasExited) {
                $shell.Kill()
            }
        }
    }

    It 'ends with the console PowerShell that started it, which subscribes no handler for its own runspace' {
        # The console's own runspace closes only as its process exits, and
        # the helper's standard input closes with that process, so the
        # module does not build the PowerShell.Exiting handler there (its
        # cost fell on every one-shot script's first command). Runspaces.Tests.ps1
        # covers the runspaces that close while their process goes on.
        $shell = Start-TestConsolePowerShell -Script "`$null = Get-UserSession; [Console]::Out.WriteLine(('{0} {1} {2}' -f `$Host.Name, (& (Get-Module UserSession) { `$script:Helper.Process.Id }), (& (Get-Module UserSession) { `$null -eq `$script:ExitingSubscriber }))); [Console]::Out.Flush()"
        try {
            $fields = @($shell.StandardOutput.ReadLine() -split ' ')
            $fields | Should -HaveCount 3
            $fields[0] | Should -Be 'ConsoleHost'
            $fields[2] | Should -Be 'True'
            $shell.WaitForExit(30000) | Should -BeTrue
            Wait-TestHelperGone -Id ([int]$fields[1]) | Should -BeTrue
        } finally {
            if (-not $shell.HasExited) {
                $shell.Kill()
            }
        }
    }

    It 'is a clear terminating error naming the path when missing' {
        $missing = Join-Path -Path $TestDrive -ChildPath 'no-such-helper'
        Import-TestModule
        # Read when the helper starts, at the first command.
        $env:USERSESSION_PATH = $missing
        $record = { Get-UserSession } | Should -Throw -ErrorId 'UserSession.HelperNotFound,Get-UserSession' -PassThru
        $record.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $record.Exception.Message | Should -BeLike "*$missing*"
    }

    It 'is a clear terminating error when the fixture is missing' {
        Import-TestModule
        $env:USERSESSION_SIMULATE = Join-Path -Path $TestDrive -ChildPath 'no-such-fixture.json'
        Import-Module -Name $TestManifestPath -Force
        Use-TestJsonParser
        { Get-UserSession } | Should -Throw -ErrorId 'UserSession.HelperStartFailed,Get-UserSession'
    }

    It 'says why a helper could not be started, without .NET''s "Exception calling" wrapper' {
        Import-TestModule
        # A file that is no program: the system refuses to start it.
        $notAProgram = Join-Path -Path $TestDrive -ChildPath 'not-a-program'
        [System.IO.File]::WriteAllBytes($notAProgram, [byte[]](0, 1, 2, 3, 0, 0, 0, 0))
        $env:USERSESSION_PATH = $notAProgram
        try {
            Import-Module -Name $TestManifestPath -Force
            Use-TestJsonParser
            $record = $null
            try {
                Get-UserSession
            } catch {
                $record = $_
            }
            $record.FullyQualifiedErrorId | Should -Be 'UserSession.HelperStartFailed,Get-UserSession'
            $record.Exception.Message | Should -BeLike "*could not be started: *"
            $record.Exception.Message | Should -Not -BeLike '*Exception calling*'
        } finally {
            $env:USERSESSION_PATH = $RealHelper
        }
    }

    It 'reports a helper that exits, with its path and what it wrote to stderr' -Skip:$OnWindows {
        $fakeHelper = Join-Path -Path $TestDrive -ChildPath 'crashing-helper'
        [System.IO.File]::WriteAllText($fakeHelper, "#!/bin/sh`necho 'boom: cannot serve' >&2`nexit 3`n")
        & chmod 'u+x' $fakeHelper
        Import-TestModule
        $env:USERSESSION_PATH = $fakeHelper
        $record = { Get-UserSession } | Should -Throw -ErrorId 'UserSession.HelperExited,Get-UserSession' -PassThru
        $record.Exception.Message | Should -BeLike "*$fakeHelper*"
        $record.Exception.Message | Should -BeLike '*boom*'
    }

    It 'refuses a helper of another version' -Skip:$OnWindows {
        $fakeHelper = Join-Path -Path $TestDrive -ChildPath 'old-helper'
        $reply = '{"jsonrpc":"2.0","id":1,"result":{"name":"usersession","version":"0.0.1","protocolVersion":"1.0","computerName":"OLD"}}'
        [System.IO.File]::WriteAllText($fakeHelper, "#!/bin/sh`nread line`necho '$reply'`nread line`n")
        & chmod 'u+x' $fakeHelper
        Import-TestModule
        $env:USERSESSION_PATH = $fakeHelper
        $record = { Get-UserSession } | Should -Throw -ErrorId 'UserSession.HelperVersionMismatch,Get-UserSession' -PassThru
        $record.Exception.Message | Should -BeLike '*0.0.1*'
    }

    It 'starts the <Bits>-bit helper <Where>' -Skip:(-not $OnWindows) -ForEach @(
        @{ Bits = 64; Where = 'from a 32-bit PowerShell (PROCESSOR_ARCHITEW6432 first)'; Wow64 = 'AMD64'; Expected = '*bin\win-x64\usersession.exe' }
        @{ Bits = 32; Where = 'on a 32-bit Windows (x86 and no PROCESSOR_ARCHITEW6432)'; Wow64 = $null; Expected = '*bin\win-x86\usersession.exe' }
    ) {
        Import-TestModule
        $path = InModuleScope UserSession -Parameters @{ Wow64 = $Wow64 } {
            param($Wow64)
            $saved = @($env:USERSESSION_PATH, $env:PROCESSOR_ARCHITEW6432, $env:PROCESSOR_ARCHITECTURE)
            try {
                $env:USERSESSION_PATH = $null
                $env:PROCESSOR_ARCHITEW6432 = $Wow64
                $env:PROCESSOR_ARCHITECTURE = 'x86'
                try {
                    Get-UserSessionHelperPath
                } catch {
                    $_.TargetObject
                }
            } finally {
                $env:USERSESSION_PATH = $saved[0]
                $env:PROCESSOR_ARCHITEW6432 = $saved[1]
                $env:PROCESSOR_ARCHITECTURE = $saved[2]
            }
        }
        $path | Should -BeLike $Expected
    }
}

Describe 'Error mapping' {
    BeforeAll {
        Import-TestModule
    }

    It 'maps code <Code> to UserSession.<Id> and <Category>' -ForEach @(
        @{ Code = -32001; Id = 'AccessDenied'; Category = 'PermissionDenied' }
        @{ Code = -32002; Id = 'SessionNotFound'; Category = 'ObjectNotFound' }
        @{ Code = -32003; Id = 'RefusedForSafety'; Category = 'SecurityError' }
        @{ Code = -32004; Id = 'NotSupported'; Category = 'NotImplemented' }
        @{ Code = -32005; Id = 'HostUnreachable'; Category = 'ConnectionError' }
        @{ Code = -32006; Id = 'TimedOut'; Category = 'OperationTimeout' }
        @{ Code = -32602; Id = 'InvalidParams'; Category = 'InvalidArgument' }
        @{ Code = -32601; Id = 'MethodNotFound'; Category = 'NotImplemented' }
        @{ Code = -32700; Id = 'ParseError'; Category = 'ProtocolError' }
        @{ Code = 17; Id = 'HelperError'; Category = 'NotSpecified' }
    ) {
        $record = InModuleScope UserSession -Parameters @{ Code = $Code } {
            param($Code)
            New-UserSessionErrorRecord -RpcError ([pscustomobject]@{ code = $Code; message = 'it failed'; data = [pscustomobject]@{ hint = 'try again' } }) -TargetObject 'SRV01'
        }
        $record.FullyQualifiedErrorId | Should -Be "UserSession.$Id"
        $record.CategoryInfo.Category | Should -Be $Category
        $record.TargetObject | Should -Be 'SRV01'
        $record.Exception.Message | Should -BeLike 'it failed*'
    }

    It 'puts the hint into RecommendedAction and the message' {
        $record = InModuleScope UserSession {
            New-UserSessionErrorRecord -RpcError ([pscustomobject]@{ code = -32001; message = 'access denied'; data = [pscustomobject]@{ hint = 'run elevated'; win32Code = 5 } })
        }
        $record.ErrorDetails.RecommendedAction | Should -BeExactly 'Run elevated.'
        $record.Exception.Message | Should -BeExactly 'access denied [Win32 error 5]. Run elevated.'
    }
}

Describe 'Wire conversions' {
    BeforeAll {
        Import-TestModule
    }

    It 'writes requests as ASCII JSON' {
        $json = InModuleScope UserSession {
            $params = [ordered]@{ text = 'Caf' + [char]0xe9 + ' "q" \ ' + [char]0x2713; ids = [int[]]@(3); wait = $true; none = $null }
            ConvertTo-UserSessionJson -InputObject $params
        }
        $json | Should -BeExactly '{"text":"Caf\u00e9 \"q\" \\ \u2713","ids":[3],"wait":true,"none":null}'
    }

    It 'escapes a line break at the end of a string or a member name, so that a request stays one line' {
        $json = InModuleScope UserSession {
            ConvertTo-UserSessionJson -InputObject ([ordered]@{ reason = "done`n"; ("key`r`n") = 'x'; text = "a`tb"; plain = 'A ~!#[]' })
        }
        $json | Should -BeExactly '{"reason":"done\u000a","key\u000d\u000a":"x","text":"a\u0009b","plain":"A ~!#[]"}'
    }

    It 'writes strings read by Get-Content as plain strings' {
        $file = Join-Path -Path $TestDrive -ChildPath 'servers.txt'
        Set-Content -Path $file -Value @('SRV02')
        $names = Get-Content -Path $file
        $json = InModuleScope UserSession -Parameters @{ Names = $names } {
            param($Names)
            ConvertTo-UserSessionJson -InputObject @{ computerNames = [string[]]@($Names) }
        }
        $json | Should -BeExactly '{"computerNames":["SRV02"]}'
    }

    It 'turns RFC 3339 UTC strings into local times and null into $null' {
        $result = InModuleScope UserSession {
            ConvertFrom-UserSessionWireTime -Value '2026-11-24T07:55:00Z'
        }
        $result.Kind | Should -Be ([System.DateTimeKind]::Local)
        $result.ToUniversalTime() | Should -Be (New-Object -TypeName datetime -ArgumentList 2026, 11, 24, 7, 55, 0, ([System.DateTimeKind]::Utc))
        InModuleScope UserSession { ConvertFrom-UserSessionWireTime -Value $null } | Should -BeNullOrEmpty
    }

    It 'parses a response larger than 2 MB' {
        $count = InModuleScope UserSession {
            $item = '{"computerName":"SIM01","sessionId":1,"processId":1,"name":"' + ('x' * 200) + '"}'
            $line = '{"jsonrpc":"2.0","id":1,"result":{"processes":[' + ((@($item) * 12000) -join ',') + ']}}'
            @((ConvertFrom-UserSessionJson -Json $line).result.processes).Count
        }
        $count | Should -Be 12000
    }
}
