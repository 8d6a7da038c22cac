#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# The views read properties only: an object that was serialized (what
# Invoke-Command, a job or Export-Clixml return) shows every column as the
# live object does.

Describe 'Views of serialized objects' {
    BeforeAll {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
        Import-TestModule
        $Tables = {
            param($Objects)
            ($Objects | Format-Table | Out-String -Width 200) -split "`n" | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ }
        }
    }

    It 'shows the same table for a deserialized session as for the live one (<Name>)' -ForEach @(
        @{ Name = 'local'; Arguments = @{} }
        @{ Name = 'remote'; Arguments = @{ ComputerName = 'SRV02' } }
        @{ Name = 'resources'; Arguments = @{ IncludeResources = $true } }
    ) {
        $live = @(Get-UserSession @Arguments)
        $copies = @($live | ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) })
        $copies[0].PSObject.TypeNames[0] | Should -BeLike 'Deserialized.UserSession.*'
        $want = & $Tables $live
        $got = & $Tables $copies
        $got | Should -Be $want
    }

    It 'writes the user with ">" on the own session and the idle time as quser does' {
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((Get-UserSession -Id 1)))
        $line = @(& $Tables @($copy))[-1]
        $line | Should -Match '^>CONTOSO\\admin\s+Console\s+1\s+Active\s+1\s'
    }
}

Describe 'The -IncludeResources table at 80 columns' -Tag 'CallerStrict' {
    BeforeAll {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
        # The demo fixture of the README and `usersession --simulate`.
        Import-TestModule -Json ([System.IO.File]::ReadAllText((Join-Path -Path $TestRepositoryRoot -ChildPath 'cmd/usersession/demo.json')))
        # The cells of a session's row as the table must write them, whole.
        $Cells = {
            param($Session)
            $user = if ($Session.IsCurrent) { '>' + $Session.AccountName } else { $Session.AccountName }
            $memory = '{0:N0} MB' -f ($Session.WorkingSetBytes / 1MB)
            $cpu = '{0}:{1:00}:{2:00}' -f [int][Math]::Floor($Session.CpuTime.TotalHours), $Session.CpuTime.Minutes, $Session.CpuTime.Seconds
            @($user, [string]$Session.Id, $Session.State, $Session.GetQuserIdleTime(), [string]$Session.ProcessCount, $memory, $cpu) | Where-Object { $_ }
        }
    }

    It 'shows every column and every value whole (<Name>)' -ForEach @(
        @{ Name = 'local'; Arguments = @{}; Headers = @('USERNAME', 'ID', 'STATE', 'IDLE', 'TIME', 'PROCS', 'MEMORY', 'CPU') }
        @{ Name = 'computers named'; Arguments = @{ ComputerName = 'RDS01', 'RDS02' }; Headers = @('COMPUTER', 'USERNAME', 'ID', 'STATE', 'IDLE', 'TIME', 'PROCS', 'MEMORY', 'CPU') }
    ) {
        $sessions = @(Get-UserSession -IncludeResources @Arguments -ErrorAction SilentlyContinue)
        $sessions.Count | Should -BeGreaterThan 6
        @($sessions | Where-Object { $_.WorkingSetBytes -gt 0 }).Count | Should -BeGreaterThan 2
        $lines = @(($sessions | Out-String -Width 80) -split "`r?`n" | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
        $lines | Should -HaveCount ($sessions.Count + 2)
        -split $lines[0] | Should -Be $Headers
        foreach ($line in $lines) {
            $line.Length | Should -BeLessOrEqual 80
            $line | Should -Not -Match ('[{0}]|\.\.\.' -f [char]0x2026)
        }
        for ($i = 0; $i -lt $sessions.Count; $i++) {
            $want = @(& $Cells $sessions[$i])
            if ($Arguments.ContainsKey('ComputerName')) {
                $want = @($sessions[$i].ComputerName) + $want
            }
            # Cells hold no run of spaces, so the row splits back into them.
            -split $lines[$i + 2] | Should -Be (-split ($want -join ' '))
        }
    }

    It 'says next to UserName what the USERNAME column shows' {
        $help = Get-Help -Name Get-UserSession -Full | Out-String -Width 200
        $help | Should -Match 'UserName is the user name alone'
        $help | Should -Match 'USERNAME\s+column of the tables is the AccountName property'
        $session = Get-UserSession -Id 2
        @(Get-UserSession | Where-Object UserName -EQ 'alice').Id | Should -Be 2
        @(Get-UserSession | Where-Object AccountName -EQ 'CONTOSO\alice').Id | Should -Be 2
        @(($session | Out-String -Width 80) -split "`n" | Where-Object { $_ -match '\balice\b' })[0] | Should -Match 'CONTOSO\\alice'
    }
}
