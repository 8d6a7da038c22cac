#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
}

Describe 'Send-UserSessionMessage' {
    # Nothing here changes the simulator's sessions: one import (and one
    # helper) serves every test of the block.
    BeforeAll {
        Import-TestModule
    }

    It 'returns UserSession.MessageResponse objects with the answer when waiting' {
        $response = Send-UserSessionMessage -Id 3 -Text 'Restart at 18:00?' -Title 'Maintenance' -Buttons yesNo -TimeoutSeconds 30 -Wait
        $response.PSObject.TypeNames[0] | Should -Be 'UserSession.MessageResponse'
        $response.Id | Should -Be 3
        $response.ComputerName | Should -Be 'SIM01'
        $response.Response | Should -Be 'no'
    }

    It 'returns async when not waiting' {
        (Send-UserSessionMessage -Id 3 -Text 'Hello').Response | Should -Be 'async'
    }

    It 'returns timeout when nobody answers in time' {
        (Send-UserSessionMessage -Id 5 -Text 'Anyone?' -TimeoutSeconds 1 -Wait).Response | Should -Be 'timeout'
    }

    It 'takes the text as the first positional parameter and sessions from the pipeline' {
        $responses = @(Get-UserSession -Id 3, 4 | Send-UserSessionMessage 'Please sign out' -Buttons yesNo -TimeoutSeconds 30 -Wait)
        $responses | Should -HaveCount 2
        ($responses | Where-Object { $_.Id -eq 3 }).Response | Should -Be 'no'
        ($responses | Where-Object { $_.Id -eq 4 }).Response | Should -Be 'yes'
    }

    It 'takes SessionId with its computer from any object' {
        $response = [pscustomobject]@{ SessionId = 4; ComputerName = 'SIM01' } | Send-UserSessionMessage -Text 'Hi' -Buttons yesNo -Wait -TimeoutSeconds 30
        $response.Response | Should -Be 'yes'
    }

    It 'refuses an object that names no computer' {
        $responses = @([pscustomobject]@{ SessionId = 4 } | Send-UserSessionMessage -Text 'Hi' -ErrorVariable errors -ErrorAction SilentlyContinue)
        $responses | Should -HaveCount 0
        $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.InvalidInput,Send-UserSessionMessage'
    }

    It 'accepts -Buttons in any case and sends the wire name' {
        (Send-UserSessionMessage -Id 4 -Text 'Hi' -Buttons YESNO -Wait -TimeoutSeconds 30).Response | Should -Be 'yes'
    }

    It 'rejects unknown buttons' {
        { Send-UserSessionMessage -Id 4 -Text 'Hi' -Buttons 'abortRetry' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Send-UserSessionMessage'
    }

    It 'sends non-ASCII text' {
        $text = 'Caf' + [char]0xe9 + ' ' + [char]0x2014 + ' ' + [char]0x2713
        (Send-UserSessionMessage -Id 3 -Text $text -Title $text).Response | Should -Be 'async'
    }

    It 'sends nothing with -WhatIf' {
        $output = @(Send-UserSessionMessage -Id 3 -Text 'Hi' -WhatIf)
        $output | Should -HaveCount 0
    }

    It 'writes a non-terminating ObjectNotFound error for a missing session' {
        $responses = @(Send-UserSessionMessage -Id 99, 4 -Text 'Hi' -ErrorVariable errors -ErrorAction SilentlyContinue)
        $responses | Should -HaveCount 1
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'UserSession.SessionNotFound,Send-UserSessionMessage'
        $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        # The target (id and computer), not a bare number.
        $errors[0].TargetObject | Should -Not -BeOfType ([int])
        $errors[0].TargetObject.Id | Should -Be 99
    }

    It 'writes a ConnectionError for an unreachable computer' {
        Send-UserSessionMessage -ComputerName DEAD01 -Id 1 -Text 'Hi' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors | Should -HaveCount 1
        $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)
    }
}
