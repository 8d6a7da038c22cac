#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# The module's Windows PowerShell 5.1 path: JavaScriptSerializer's shapes,
# converted at the boundary (ConvertFrom-UserSessionJson), through the
# stand-in of DesktopJson.ps1.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $Message = '{"jsonrpc":"2.0","id":7,"result":{"sessions":[{"id":3,"userName":"bob","idleSeconds":12.5,"cpuSeconds":1e-7,"workingSetBytes":12345678901,"logonTime":"2026-11-24T07:55:00Z","locked":null,"isCurrent":false,"tags":[]}],"failures":[{"computerName":"DEAD01","code":-32005,"data":{"win32Code":1722,"ratio":2.5E+3}}]}}'
}

Describe 'The stand-in for JavaScriptSerializer.DeserializeObject' {
    It 'returns its shapes: dictionaries with case-sensitive keys, object arrays, int, long, decimal and double, times as strings' {
        $parsed = ConvertFrom-TestDesktopJson -Json $Message
        $parsed | Should -BeOfType ([System.Collections.Generic.Dictionary[string, object]])
        $session = $parsed['result']['sessions'][0]
        , $parsed['result']['sessions'] | Should -BeOfType ([object[]])
        $session['id'] | Should -BeOfType ([int])
        $cased = ConvertFrom-TestDesktopJson -Json '{"id":1,"Id":2}'
        $cased.Keys -join ',' | Should -Be 'id,Id'
        $cased['Id'] | Should -Be 2
        $session['idleSeconds'] | Should -BeOfType ([decimal])
        $session['cpuSeconds'] | Should -BeOfType ([double])
        $session['workingSetBytes'] | Should -BeOfType ([long])
        $session['logonTime'] | Should -BeOfType ([string])
        $session['locked'] | Should -BeNullOrEmpty
        $session['isCurrent'] | Should -BeOfType ([bool])
        $parsed['result']['failures'][0]['data']['ratio'] | Should -BeOfType ([double])
    }
}

Describe 'ConvertFrom-UserSessionJson on the Desktop path' -Tag 'CallerStrict' {
    BeforeAll {
        Import-TestModule
        Set-TestJsonParser -Parser ${function:ConvertFrom-TestDesktopJson}
    }
    AfterAll {
        Remove-Module -Name UserSession -Force -ErrorAction SilentlyContinue
    }

    It 'gives the shape ConvertFrom-Json gives in PowerShell 7: objects, object arrays, long and double' {
        $desktop = InModuleScope UserSession -Parameters @{ Json = $Message } { param($Json) ConvertFrom-UserSessionJson -Json $Json }
        $desktop | Should -BeOfType ([System.Management.Automation.PSCustomObject])
        $desktop.result.sessions.GetType() | Should -Be ([object[]])
        , $desktop.result.sessions[0].tags | Should -BeOfType ([object[]])
        $desktop.result.sessions[0].tags | Should -HaveCount 0
        $desktop.id | Should -BeOfType ([long])
        $desktop.result.sessions[0].idleSeconds | Should -BeOfType ([double])
        $desktop.result.sessions[0].idleSeconds | Should -Be 12.5
        $desktop.result.sessions[0].cpuSeconds | Should -Be 1e-7
        $desktop.result.sessions[0].workingSetBytes | Should -Be 12345678901
        $desktop.result.failures[0].data.win32Code | Should -BeOfType ([long])
        $desktop.result.failures[0].data.ratio | Should -Be 2500
        $desktop.result.sessions[0].PSObject.Properties.Name -join ',' | Should -Be 'id,userName,idleSeconds,cpuSeconds,workingSetBytes,logonTime,locked,isCurrent,tags'
    }

    It 'lets every command run: Get-UserSession, Get-UserSessionProcess, Send-UserSessionMessage and Disconnect-UserSession -WhatIf' {
        $sessions = @(Get-UserSession)
        $sessions | Should -HaveCount 5
        ($sessions | Where-Object Id -EQ 4).DisconnectTime | Should -BeOfType ([datetime])
        ($sessions | Where-Object Id -EQ 1).IdleTime | Should -Be ([TimeSpan]::FromSeconds(60))
        @(Get-UserSessionProcess -Id 3)[0].Name | Should -Be 'excel.exe'
        (Send-UserSessionMessage -Id 3 -Title 't' -Text 'x' -Buttons YesNo -TimeoutSeconds 30 -Wait).Response | Should -Be 'No'
        Disconnect-UserSession -Id 3 -WhatIf
        @(Get-UserSession -Id 3) | Should -HaveCount 1
        @(Get-UserSession -ComputerName DEAD01 -ErrorAction SilentlyContinue -ErrorVariable failed) | Should -HaveCount 0
        $failed | Should -HaveCount 1
    }
}

Describe 'The desktop leg' -Skip:($env:USERSESSION_TEST_DESKTOP_JSON -ne '1') {
    It 'parses through the stand-in after Import-TestModule' {
        Import-TestModule
        $parser = & (Get-Module -Name UserSession) { $script:JsonDeserializer }
        $parser | Should -Be ${function:ConvertFrom-TestDesktopJson}
    }
}
