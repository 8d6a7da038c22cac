#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# What a script that exports sessions gets: the properties of
# UserSession.Session, without the names kept for scripts written for other
# tools (SessionId, NTAccount, ...), which are hidden aliases of the type
# data (UserSession.Types.ps1xml) and still work by name.

Describe 'Exported sessions' -Tag 'CallerStrict' {
    BeforeAll {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
        Import-TestModule
        $Columns = @(
            'ComputerName', 'Id', 'SessionName', 'UserName', 'Domain', 'AccountName', 'SID', 'State', 'IdleTime',
            'LogonTime', 'ConnectTime', 'DisconnectTime', 'LastInputTime', 'ClientName', 'ClientAddress', 'ClientBuild',
            'ClientDisplay', 'Protocol', 'IsRemote', 'Locked', 'IsCurrent', 'IsConsole', 'Protected'
        )
        $Hidden = @{
            SessionId = 'Id'; Server = 'ComputerName'; HostServer = 'ComputerName'; IsCurrentSession = 'IsCurrent'
            NTAccount = 'AccountName'; IsConsoleSession = 'IsConsole'; ConnectionState = 'State'; SessionState = 'State'
            DomainName = 'Domain'; ClientIPAddress = 'ClientAddress'; LoginTime = 'LogonTime'; WindowStationName = 'SessionName'
        }
    }

    It 'writes exactly the session properties to a CSV file' {
        $path = Join-Path -Path $TestDrive -ChildPath 'sessions.csv'
        Get-UserSession | Export-Csv -LiteralPath $path -NoTypeInformation
        $header = @(Get-Content -LiteralPath $path -TotalCount 1)[0]
        $header | Should -BeExactly (($Columns | ForEach-Object { '"' + $_ + '"' }) -join ',')
        $rows = @(Import-Csv -LiteralPath $path)
        $rows | Should -HaveCount 5
        @($rows | Where-Object Id -EQ '3')[0].AccountName | Should -Be 'bob'
    }

    It 'adds only ProcessCount, WorkingSetBytes and CpuTime with -IncludeResources' {
        $header = @(Get-UserSession -IncludeResources | ConvertTo-Csv -NoTypeInformation)[0]
        $header | Should -BeExactly ((@($Columns) + @('ProcessCount', 'WorkingSetBytes', 'CpuTime') | ForEach-Object { '"' + $_ + '"' }) -join ',')
    }

    It 'writes exactly the session properties to JSON' {
        $json = Get-UserSession | ConvertTo-Json -Depth 3
        $objects = @($json | ConvertFrom-Json)
        $objects | Should -HaveCount 5
        foreach ($object in $objects) {
            @($object.PSObject.Properties.Name) | Should -Be $Columns
        }
    }

    It 'gives Select-Object * and Get-Member the session properties only' {
        @((Get-UserSession -Id 3 | Select-Object -Property *).PSObject.Properties.Name) | Should -Be $Columns
        @(Get-UserSession -Id 3 | Get-Member -MemberType Properties | ForEach-Object Name | Sort-Object) |
            Should -Be @($Columns | Sort-Object)
    }

    It 'still answers to <_> by name' -ForEach @(
        'SessionId', 'Server', 'HostServer', 'IsCurrentSession', 'NTAccount', 'IsConsoleSession', 'ConnectionState',
        'SessionState', 'DomainName', 'ClientIPAddress', 'LoginTime', 'WindowStationName'
    ) {
        $session = Get-UserSession -Id 3
        $session.PSObject.Properties[$_].MemberType | Should -Be 'AliasProperty'
        $session.$_ | Should -Be $session.($Hidden[$_])
        @(Get-UserSession -Id 3 | Select-Object -Property $_)[0].$_ | Should -Be $session.($Hidden[$_])
        @(Get-Member -InputObject $session -Name $_ -Force) | Should -HaveCount 1
    }

    It 'filters by a hidden name in Where-Object, under the caller''s strict mode too' {
        $ids = & {
            Set-StrictMode -Version Latest
            @(Get-UserSession | Where-Object SessionId -EQ 3 | ForEach-Object { $_.SessionId })
            @(Get-UserSession | Where-Object { $_.NTAccount -eq 'bob' } | ForEach-Object { $_.Id })
            @(Get-UserSession | Where-Object ConnectionState -EQ 'Disconnected' | ForEach-Object { $_.SessionId })
        }
        $ids | Should -Be @(3, 3, 0, 4)
    }

    It 'keeps every property the checks read on a deserialized session, and the names' {
        $live = Get-UserSession -Id 3
        $path = Join-Path -Path $TestDrive -ChildPath 'session.clixml'
        $live | Export-Clixml -LiteralPath $path
        $copy = Import-Clixml -LiteralPath $path
        $copy.PSObject.TypeNames[0] | Should -Be 'Deserialized.UserSession.Session'
        foreach ($name in @('ComputerName', 'Id', 'UserName', 'Domain', 'AccountName', 'LogonTime', 'State', 'Protected')) {
            $copy.PSObject.Properties[$name] | Should -Not -BeNullOrEmpty -Because $name
        }
        $copy.SessionId | Should -Be 3
        $copy.NTAccount | Should -Be $live.AccountName
    }

    It 'ships the type data with the module' {
        $manifest = Import-PowerShellDataFile -LiteralPath $TestManifestPath
        $manifest.TypesToProcess | Should -Be @('UserSession.Types.ps1xml')
        $manifest.FileList | Should -Contain 'UserSession.Types.ps1xml'
        @((Get-TypeData -TypeName 'UserSession.Session').Members.Keys | Sort-Object) | Should -Be @($Hidden.Keys | Sort-Object)
    }
}
