#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')

    # Twelve hosts with one session each, one that cannot be reached and one
    # that refuses the caller.
    $hosts = [ordered]@{}
    for ($i = 1; $i -le 12; $i++) {
        $hosts[('H{0:D2}' -f $i)] = @{
            sessions = @(@{ id = 2; userName = ('user{0:D2}' -f $i); state = 'Active'; processes = @(@{ processId = 100 + $i; name = 'app.exe' }) })
        }
    }
    $hosts['DEAD01'] = @{ unreachable = $true }
    $hosts['LOCKED01'] = @{ accessDenied = $true }
    $fixture = [ordered]@{
        computerName     = 'SIM01'
        currentSessionId = 1
        elevated         = $true
        now              = '2026-11-24T12:00:00Z'
        sessions         = @(@{ id = 1; userName = 'admin'; state = 'Active' })
        hosts            = $hosts
    }
    $ThrottleFixture = $fixture | ConvertTo-Json -Depth 8
    # The same hosts, each taking 300 ms to answer anything: all twelve
    # would be in flight at once were the commands not to wait.
    foreach ($name in @($hosts.Keys)) {
        if ($name -like 'H*') {
            $hosts[$name]['latencyMs'] = 300
        }
    }
    $SlowFixture = $fixture | ConvertTo-Json -Depth 8
    $ThrottleHosts = @($hosts.Keys | Where-Object { $_ -like 'H*' })

    # Runs $Command with the module's debug stream on and returns what it
    # wrote to the helper and read from it, in order: one object per
    # message (Direction '<-' sent, '->' read) with its parsed JSON.
    function Get-TestWire {
        param([scriptblock]$Command)
        $DebugPreference = 'Continue'
        $records = @(& $Command 5>&1 2>$null)
        foreach ($record in $records) {
            if (($record -is [System.Management.Automation.DebugRecord]) -and ($record.Message -match '^usersession (<-|->) (.*)$')) {
                [pscustomobject]@{ Direction = $Matches[1]; Message = ($Matches[2] | ConvertFrom-Json) }
            }
        }
    }

    # The most requests of $Method in flight at once: sent and not yet answered.
    function Get-TestMostInFlight {
        param([object[]]$Wire, [string]$Method)
        $open = @{}
        $most = 0
        foreach ($entry in $Wire) {
            $id = $entry.Message.PSObject.Properties['id']
            if ($null -eq $id) {
                continue
            }
            if ($entry.Direction -eq '<-') {
                if ($entry.Message.method -eq $Method) {
                    $open[[long]$id.Value] = $true
                }
            } else {
                $open.Remove([long]$id.Value)
            }
            $most = [Math]::Max($most, $open.Count)
        }
        return $most
    }
}

Describe '-ThrottleLimit with -ComputerName' -Tag 'CallerStrict' {
    BeforeAll {
        Import-TestModule -Json $ThrottleFixture
    }

    Context 'Get-UserSession' {
        It 'asks the helper for every computer in one request, -ThrottleLimit of them at a time' {
            $wire = @(Get-TestWire { Get-UserSession -ComputerName $ThrottleHosts -ThrottleLimit 5 })
            $lists = @($wire | Where-Object { ($_.Direction -eq '<-') -and ($_.Message.method -eq 'session.list') })
            $lists | Should -HaveCount 1
            @($lists[0].Message.params.computerNames) | Should -Be $ThrottleHosts
            $lists[0].Message.params.throttleLimit | Should -Be 5
            Get-TestMostInFlight -Wire $wire -Method 'session.list' | Should -Be 1
        }

        It 'sends the default of 32' {
            $wire = @(Get-TestWire { Get-UserSession -ComputerName 'H01', 'H02' })
            $list = @($wire | Where-Object { ($_.Direction -eq '<-') -and ($_.Message.method -eq 'session.list') })
            $list[0].Message.params.throttleLimit | Should -Be 32
        }

        It 'lists every computer that answers and writes one error per computer that does not, naming it' {
            $names = @('H01', 'DEAD01', 'H02', 'LOCKED01', 'H03')
            $sessions = @(Get-UserSession -ComputerName $names -ThrottleLimit 2 -ErrorVariable failed -ErrorAction SilentlyContinue)
            ($sessions | ForEach-Object { $_.ComputerName }) | Should -Be @('H01', 'H02', 'H03')
            ($sessions | ForEach-Object { $_.UserName }) | Should -Be @('user01', 'user02', 'user03')
            $failed | Should -HaveCount 2
            ($failed | ForEach-Object { $_.TargetObject } | Sort-Object) | Should -Be @('DEAD01', 'LOCKED01')
            foreach ($record in $failed) {
                $record.Exception.Message | Should -BeLike "$($record.TargetObject):*"
            }
        }

        It 'refuses a -ThrottleLimit of <Value>' -TestCases @(
            @{ Value = 0 }, @{ Value = -1 }, @{ Value = $null }, @{ Value = 1025 }
        ) {
            param($Value)
            { Get-UserSession -ComputerName 'H01', 'H02' -ThrottleLimit $Value -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Get-UserSession'
        }
    }

    Context 'Get-UserSessionProcess' {
        It 'keeps at most -ThrottleLimit requests in flight and reads every computer' {
            $wire = @(Get-TestWire { Get-UserSessionProcess -ComputerName $ThrottleHosts -ThrottleLimit 3 })
            $sent = @($wire | Where-Object { ($_.Direction -eq '<-') -and ($_.Message.method -eq 'session.processes') })
            ($sent | ForEach-Object { $_.Message.params.computerName }) | Should -Be $ThrottleHosts
            Get-TestMostInFlight -Wire $wire -Method 'session.processes' | Should -Be 3
            $processes = @(Get-UserSessionProcess -ComputerName $ThrottleHosts -ThrottleLimit 3)
            ($processes | ForEach-Object { $_.ProcessId } | Sort-Object) | Should -Be @(101..112)
        }

        It 'writes one error per computer that does not answer, naming it, and lists the others' {
            $processes = @(Get-UserSessionProcess -ComputerName 'H01', 'DEAD01', 'H02', 'LOCKED01' -ThrottleLimit 1 -ErrorVariable failed -ErrorAction SilentlyContinue)
            ($processes | ForEach-Object { $_.ProcessId } | Sort-Object) | Should -Be @(101, 102)
            $failed | Should -HaveCount 2
            ($failed | ForEach-Object { $_.TargetObject } | Sort-Object) | Should -Be @('DEAD01', 'LOCKED01')
        }

        It 'refuses a -ThrottleLimit of <Value>' -TestCases @(
            @{ Value = 0 }, @{ Value = -1 }, @{ Value = $null }, @{ Value = 1025 }
        ) {
            param($Value)
            { Get-UserSessionProcess -ComputerName 'H01', 'H02' -ThrottleLimit $Value -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Get-UserSessionProcess'
        }
    }

    Context 'the acting commands, on sessions piped from several computers' {
        BeforeEach {
            Import-TestModule -Json $SlowFixture
        }

        It 'Disconnect-UserSession keeps at most -ThrottleLimit actions in flight and acts on every session' {
            $sessions = @(Get-UserSession -ComputerName $ThrottleHosts)
            $sessions | Should -HaveCount 12
            $wire = @(Get-TestWire { $sessions | Disconnect-UserSession -Force -ThrottleLimit 3 })
            $sent = @($wire | Where-Object { ($_.Direction -eq '<-') -and ($_.Message.method -eq 'session.disconnect') })
            ($sent | ForEach-Object { $_.Message.params.computerName }) | Should -Be $ThrottleHosts
            Get-TestMostInFlight -Wire $wire -Method 'session.disconnect' | Should -BeLessOrEqual 3
            @(Get-UserSession -ComputerName $ThrottleHosts -State Disconnected) | Should -HaveCount 12
        }

        It 'Send-UserSessionMessage keeps at most -ThrottleLimit messages in flight and answers for every session' {
            $sessions = @(Get-UserSession -ComputerName $ThrottleHosts)
            $wire = @(Get-TestWire { $sessions | Send-UserSessionMessage -Title 'Maintenance' -Text 'Save your work.' -ThrottleLimit 3 })
            $sent = @($wire | Where-Object { ($_.Direction -eq '<-') -and ($_.Message.method -eq 'session.message') })
            ($sent | ForEach-Object { $_.Message.params.computerName }) | Should -Be $ThrottleHosts
            Get-TestMostInFlight -Wire $wire -Method 'session.message' | Should -BeLessOrEqual 3
            @($sessions | Send-UserSessionMessage -Title 'Maintenance' -Text 'Save your work.' -ThrottleLimit 3) | Should -HaveCount 12
        }
    }
}
