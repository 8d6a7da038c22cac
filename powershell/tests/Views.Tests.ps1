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
