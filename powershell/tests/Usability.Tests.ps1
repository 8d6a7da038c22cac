#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# The module as admins coming from quser, QuserObject, Cassia,
# PSAppDeployToolkit and the RemoteDesktop module expect it: the output,
# the names, completion, preferences, and a helper that behaves.

BeforeDiscovery {
    $OnWindows = $env:OS -eq 'Windows_NT'
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $RealHelperPath = Initialize-TestHelper
    $WideFixture = @'
{
  "computerName": "SIM01", "currentSessionId": 1, "elevated": true, "now": "2026-11-24T12:00:00Z",
  "sessions": [
    {"id": 1, "sessionName": "Console", "userName": "admin", "domain": "CONTOSO", "state": "Active",
     "logonTime": "2026-11-24T07:55:00Z", "lastInputTime": "2026-11-24T11:59:30Z", "sid": "S-1-5-21-1-2-3-500"},
    {"id": 3, "sessionName": "RDP-Tcp#7", "userName": "a.very.long.user.name", "domain": "LONGDOMAINNAME", "state": "Disconnected",
     "disconnectTime": "2026-11-22T09:56:00Z",
     "processes": [{"processId": 10, "name": "excel.exe", "workingSetBytes": 104857600, "cpuSeconds": 30},
                   {"processId": 11, "name": "outlook.exe", "workingSetBytes": 52428800, "cpuSeconds": 12.5}]},
    {"id": 65536, "sessionName": "RDP-Tcp", "state": "Listen"}
  ],
  "hosts": {
    "SRV02": {"latencyMs": 10, "sessions": [{"id": 2, "userName": "dave", "state": "Active"}]},
    "SLOW01": {"latencyMs": 400, "sessions": [{"id": 7, "userName": "sam", "state": "Active"}]},
    "HUNG01": {"hangMs": 20000, "sessions": []},
    "DEAD01": {"unreachable": true}
  }
}
'@
}

Describe 'Output like quser' -Tag 'CallerStrict' {
    BeforeEach {
        Import-TestModule -Json $WideFixture
    }

    It 'has quser''s columns, marks the caller''s own session with >, and cuts no listener id or DOMAIN\user name' {
        $text = Get-UserSession | Format-Table | Out-String -Width 200
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^\s*USERNAME\s+SESSIONNAME\s+ID\s+STATE\s+IDLE TIME\s+LOGON TIME\s*$'
        $text | Should -Match '>CONTOSO\\admin\s+Console\s+1\s+Active\s+\.'
        $text | Should -Match ' LONGDOMAINNAME\\a\.very\.long\.user\.name\s+RDP-Tcp#7\s+3\s+Disconnected\s+2\+02:04'
        $text | Should -Match 'RDP-Tcp\s+65536\s+Listen\s+none'
    }

    It 'puts the computer first on remote listings' {
        $text = Get-UserSession -ComputerName 'SRV02', 'SIM01' | Format-Table | Out-String -Width 120
        (@($text -split "`r?`n" | Where-Object { $_.Trim() }))[0] | Should -Match '^\s*COMPUTER\s+USERNAME\s+SESSIONNAME\s+ID\s+STATE'
        $text | Should -Match 'SRV02\s+ dave'
    }

    It 'has a list view with every field' {
        $text = Get-UserSession -Id 1 | Format-List | Out-String
        foreach ($field in @('ComputerName', 'AccountName', 'SID', 'IdleTime', 'LogonTime', 'ClientDisplay', 'IsRemote', 'Locked', 'IsCurrent')) {
            $text | Should -Match "(?m)^$field\s+:"
        }
        $text | Should -Match 'S-1-5-21-1-2-3-500'
    }

    It 'has views for <Name>' -ForEach @(
        @{ Name = 'action results'; Command = { Disconnect-UserSession -Id 3 -Force -PassThru }; Header = 'COMPUTER\s+ID\s+ACTION\s+COMPLETED' }
        @{ Name = 'message answers'; Command = { Send-UserSessionMessage -Id 3 -Text 'hi' }; Header = 'COMPUTER\s+ID\s+RESPONSE' }
        @{ Name = 'processes'; Command = { Get-UserSessionProcess -Id 3 }; Header = 'COMPUTER\s+SESSION\s+PID\s+NAME\s+USERNAME\s+MEMORY\s+CPU\s+THREADS\s+HANDLES' }
        @{ Name = 'resources'; Command = { Get-UserSession -IncludeResources }; Header = '^USERNAME\s+ID\s+STATE\s+IDLE TIME\s+PROCS\s+MEMORY\s+CPU$' }
    ) {
        $text = & $Command | Format-Table | Out-String -Width 200
        (@($text -split "`r?`n" | Where-Object { $_.Trim() }))[0] | Should -Match $Header
    }

    It 'adds what each session costs with -IncludeResources, summed over its processes' {
        $session = Get-UserSession -Id 3 -IncludeResources
        $session.ProcessCount | Should -Be 2
        $session.WorkingSetBytes | Should -Be 157286400
        $session.CpuTime | Should -Be ([TimeSpan]::FromSeconds(42.5))
        (Get-UserSession -Id 3 -IncludeResources | Format-Table | Out-String -Width 200) | Should -Match '150 MB'
        $top = @(Get-UserSession -IncludeResources | Sort-Object -Property WorkingSetBytes -Descending | Select-Object -First 1)
        $top[0].Id | Should -Be 3
    }
}

Describe 'Names scripts already use' -Tag 'CallerStrict' {
    BeforeEach {
        Import-TestModule -Json $WideFixture
    }

    It 'has <Alias> as an alias of <Property>' -ForEach @(
        @{ Alias = 'SessionId'; Property = 'Id' }
        @{ Alias = 'Server'; Property = 'ComputerName' }
        @{ Alias = 'IsCurrentSession'; Property = 'IsCurrent' }
        @{ Alias = 'NTAccount'; Property = 'AccountName' }
        @{ Alias = 'ConnectionState'; Property = 'State' }
        @{ Alias = 'DomainName'; Property = 'Domain' }
        @{ Alias = 'ClientIPAddress'; Property = 'ClientAddress' }
        @{ Alias = 'LoginTime'; Property = 'LogonTime' }
        @{ Alias = 'IsConsoleSession'; Property = 'IsConsole' }
        @{ Alias = 'HostServer'; Property = 'ComputerName' }
    ) {
        $session = Get-UserSession -Id 1
        $session.PSObject.Properties[$Alias].MemberType | Should -Be 'AliasProperty'
        $session.$Alias | Should -Be $session.$Property
    }

    It 'carries SID and NTAccount as PSAppDeployToolkit names them' {
        $session = Get-UserSession -Id 1
        $session.SID | Should -Be 'S-1-5-21-1-2-3-500'
        $session.NTAccount | Should -Be 'CONTOSO\admin'
    }

    It 'documents the aliases in about_UserSession' {
        $about = Get-Content -Raw -LiteralPath (Join-Path -Path $TestRepositoryRoot -ChildPath 'powershell/UserSession/en-US/about_UserSession.help.txt')
        foreach ($alias in @('SessionId', 'Server', 'IsCurrentSession', 'NTAccount', 'SID')) {
            $about | Should -Match "\b$alias\b"
        }
    }

    It 'takes -ComputerName from objects with a <Property> property' -ForEach @(
        @{ Property = 'ComputerName' }, @{ Property = 'CN' }, @{ Property = 'Server' }, @{ Property = 'ServerName' },
        @{ Property = 'PSComputerName' }, @{ Property = 'DNSHostName' }, @{ Property = 'HostServer' }
    ) {
        $sessions = @([pscustomobject]@{ $Property = 'SRV02'; Name = 'ignored' } | Get-UserSession)
        $sessions | Should -HaveCount 1
        $sessions[0].ComputerName | Should -Be 'SRV02'
    }

    It 'takes -ComputerName from Get-ADComputer-shaped objects (DNSHostName)' {
        $computers = @(
            [pscustomobject]@{ Name = 'SRV02'; DNSHostName = 'SRV02'; DistinguishedName = 'CN=SRV02,OU=RDS,DC=contoso,DC=com' }
            [pscustomobject]@{ Name = 'SLOW01'; DNSHostName = 'SLOW01'; DistinguishedName = 'CN=SLOW01,OU=RDS,DC=contoso,DC=com' }
        )
        @($computers | Get-UserSession | ForEach-Object { $_.UserName } | Sort-Object) | Should -Be @('dave', 'sam')
    }
}

Describe 'Completion' -Tag 'CallerStrict' {
    BeforeEach {
        Import-TestModule -Json $WideFixture
    }

    It 'completes -State <Word> to <Expected>' -ForEach @(
        @{ Word = 'Di'; Expected = 'Disconnected' }
        @{ Word = 'Li'; Expected = 'Listen' }
        @{ Word = 'conn'; Expected = 'Connected' }
    ) {
        $line = "Get-UserSession -State $Word"
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($result.CompletionMatches | ForEach-Object { $_.CompletionText }) | Should -Contain $Expected
    }

    It 'completes -Id from the helper, with the user in the tooltip' {
        $line = 'Disconnect-UserSession -Id '
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completions = @($result.CompletionMatches)
        @($completions | ForEach-Object { $_.CompletionText }) | Should -Be @('1', '3', '65536')
        ($completions | Where-Object { $_.CompletionText -eq '3' }).ToolTip | Should -BeLike '*LONGDOMAINNAME\a.very.long.user.name*'
    }

    It 'completes -Id of the computer already typed' {
        $line = 'Get-UserSession -ComputerName SRV02 -Id '
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($result.CompletionMatches | ForEach-Object { $_.CompletionText }) | Should -Be @('2')
    }

    It 'completes -UserName from the helper' {
        $line = 'Get-UserSession -UserName a'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($result.CompletionMatches | ForEach-Object { $_.CompletionText }) | Should -Be @('admin', 'a.very.long.user.name')
    }

    It 'completes -ComputerName from the computers asked before' {
        $null = Get-UserSession -ComputerName SRV02
        $line = 'Get-UserSession -ComputerName S'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($result.CompletionMatches | ForEach-Object { $_.CompletionText }) | Should -Contain 'SRV02'
    }

    It 'never hangs the console: a computer that does not answer completes nothing, soon' {
        $line = 'Get-UserSession -ComputerName HUNG01 -Id '
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $watch.Stop()
        # Nothing from the helper (PowerShell may then offer file names).
        @($result.CompletionMatches | Where-Object { $_.CompletionText -match '^\d+$' }) | Should -HaveCount 0
        # The completer waits two seconds at most; the bound is loose for a shared machine.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
    }
}

Describe 'The caller''s preferences reach the module' -Tag 'CallerStrict' {
    BeforeEach {
        Import-TestModule -Json $WideFixture
    }

    It 'a script''s $ErrorActionPreference = ''Stop'' stops on the first error' {
        $reached = $false
        $caught = $null
        try {
            & {
                $ErrorActionPreference = 'Stop'
                Get-UserSession -ComputerName DEAD01
                $reached = $true
            }
        } catch {
            $caught = $_
        }
        $reached | Should -BeFalse
        $caught.FullyQualifiedErrorId | Should -BeLike 'UserSession.HostUnreachable*'
    }

    It 'a script''s $VerbosePreference shows the module''s verbose messages' {
        $records = & {
            $VerbosePreference = 'Continue'
            Get-UserSession -ComputerName SRV02 4>&1
        }
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -Not -BeNullOrEmpty
    }

    It 'a script''s $ConfirmPreference = ''None'' acts without a prompt' {
        & {
            $ConfirmPreference = 'None'
            Disconnect-UserSession -Id 3
        }
        (Get-UserSession -Id 3).State | Should -Be 'Disconnected'
    }

    It 'a common parameter wins over the caller''s preference' {
        $records = & {
            $ErrorActionPreference = 'Stop'
            Get-UserSession -ComputerName 'DEAD01', 'SRV02' -ErrorAction SilentlyContinue
        }
        @($records) | Should -HaveCount 1
    }

    It '$ErrorActionPreference = ''Stop'' stops a Disconnect-UserSession on the first failed session' {
        $caught = $null
        try {
            & {
                $ErrorActionPreference = 'Stop'
                Disconnect-UserSession -Id 99, 3 -Logoff -Force
            }
        } catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        Get-UserSession -Id 3 | Should -Not -BeNullOrEmpty
    }
}

Describe 'The helper''s lifecycle' {
    BeforeEach {
        Import-TestModule -Json $WideFixture
    }
    AfterEach {
        $env:USERSESSION_PATH = $RealHelperPath
    }

    It 'writes a non-terminating error per failing host and goes on with the rest' {
        $sessions = @(Get-UserSession -ComputerName 'DEAD01', 'SRV02', 'HUNG01' -TimeoutSeconds 1 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $sessions | Should -HaveCount 1
        $errors | Should -HaveCount 2
        @($errors | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*$', '' } | Sort-Object) | Should -Be @('UserSession.HostUnreachable', 'UserSession.TimedOut')
    }

    It 'waits for an answer longer than the helper may take (<Method>)' -ForEach @(
        @{ Method = 'session.logoff'; HelperSeconds = 600 }
        @{ Method = 'session.message'; HelperSeconds = 86410 }
    ) {
        $null = Get-UserSession
        $due = InModuleScope UserSession -Parameters @{ Method = $Method; HelperSeconds = $HelperSeconds } {
            param($Method, $HelperSeconds)
            $id = Send-UserSessionRequest -Method $Method -HelperSeconds $HelperSeconds -Target 'a test'
            $pending = $script:Helper.Pending[$id]
            Clear-UserSessionRequest -Id $id
            ($pending.Due - [DateTime]::UtcNow).TotalSeconds
        }
        $due | Should -BeGreaterThan $HelperSeconds
    }

    It 'drops the answers of abandoned requests, so a long loop holds constant memory' {
        foreach ($round in 1..30) {
            $first = Get-UserSession -ComputerName 'SRV02', 'SLOW01' | Select-Object -First 1
            $first.ComputerName | Should -Be 'SRV02'
        }
        Start-Sleep -Milliseconds 900
        $null = Get-UserSession
        $tables = InModuleScope UserSession { [pscustomobject]@{ Responses = $script:Helper.Responses.Count; Pending = $script:Helper.Pending.Count } }
        $tables.Responses | Should -Be 0
        # Abandoned requests are forgotten when their answers come.
        $tables.Pending | Should -BeLessOrEqual 2
    }

    It 'sends its actions at once and writes each result as it arrives' {
        $slow = Get-UserSession -ComputerName SLOW01
        $fast = Get-UserSession -ComputerName SRV02
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $results = @($slow, $fast | Disconnect-UserSession -Force -PassThru)
        $watch.Stop()
        ($results | ForEach-Object { $_.ComputerName }) | Should -Be @('SRV02', 'SLOW01')
    }

    It 'fails the listing in flight at once with HelperExited when the helper dies, one error per computer' -Skip:$OnWindows {
        # Answers server.info, then exits at the listing of the three
        # computers (one request), answering none.
        $fake = Join-Path -Path $TestDrive -ChildPath 'dying-helper'
        $version = InModuleScope UserSession { $script:ModuleVersion }
        $script = @"
#!/bin/sh
while read -r line; do
  id=`$(printf '%s' "`$line" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  case "`$line" in
    *server.info*) echo '{"jsonrpc":"2.0","id":'`$id',"result":{"name":"usersession","version":"$version","computerName":"SIM01","localNames":["SIM01"]}}' ;;
    *session.list*) echo 'crashed' >&2; exit 2 ;;
  esac
done
"@
        [System.IO.File]::WriteAllText($fake, $script.Replace("`r`n", "`n"))
        & chmod 'u+x' $fake
        $env:USERSESSION_PATH = $fake
        Import-Module -Name $TestManifestPath -Force
        Use-TestJsonParser
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $sessions = @(Get-UserSession -ComputerName 'A', 'B', 'C' -TimeoutSeconds 600 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $watch.Stop()
        $sessions | Should -HaveCount 0
        $errors | Should -HaveCount 3
        @($errors | Where-Object { $_.FullyQualifiedErrorId -eq 'UserSession.HelperExited,Get-UserSession' }) | Should -HaveCount 3
        ($errors | ForEach-Object { $_.TargetObject }) | Should -Be @('A', 'B', 'C')
        $errors[0].Exception.Message | Should -BeLike '*crashed*'
        # None waited for its 600 s; the bound is loose for a shared machine.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 60
    }
}

Describe 'Release hygiene' {
    It 'has a manifest that Test-ModuleManifest accepts, ready for the Gallery' {
        $manifest = Test-ModuleManifest -Path $TestManifestPath -ErrorAction Stop
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $data = Import-PowerShellDataFile -Path $TestManifestPath
        foreach ($key in @('Tags', 'ProjectUri', 'LicenseUri', 'ReleaseNotes')) {
            $data.PrivateData.PSData[$key] | Should -Not -BeNullOrEmpty
        }
        $root = Split-Path -Path $TestManifestPath -Parent
        foreach ($file in $data.FileList) {
            Join-Path -Path $root -ChildPath $file | Should -Exist
        }
        Join-Path -Path $TestRepositoryRoot -ChildPath 'LICENSE' | Should -Exist
    }

    It 'stops at import with one clear error in Constrained Language mode' {
        $exe = $env:USERSESSION_TEST_PWSH
        if (-not $exe) {
            $exe = (Get-Process -Id $PID).Path
        }
        $command = "`$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'; try { Import-Module -Name '$TestManifestPath' -ErrorAction Stop; 'imported' } catch { `$_.Exception.Message }"
        $output = @(& $exe -NoProfile -NonInteractive -Command $command)
        ($output -join ' ') | Should -BeLike '*ConstrainedLanguage mode*Full Language*signed*'
    }
}
