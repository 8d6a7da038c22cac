#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $script:LabFixture = @'
{"computerName":"LAB01","currentSessionId":1,"elevated":true,"now":"2026-11-24T10:00:00Z",
 "sessions":[
  {"id":0,"sessionName":"Services","state":"Disconnected","disconnectTime":"2026-11-20T00:00:00Z"},
  {"id":1,"sessionName":"Console","userName":"admin","state":"Active","lastInputTime":"2026-11-24T06:00:00Z","locked":false},
  {"id":2,"userName":"carol","state":"Disconnected","disconnectTime":"2026-11-24T01:00:00Z","logonTime":"2026-11-23T20:00:00Z"},
  {"id":3,"userName":"dave","state":"Disconnected","disconnectTime":"2026-11-24T09:30:00Z"},
  {"id":4,"userName":"bob","state":"Active","lastInputTime":"2026-11-24T08:00:00Z","locked":false},
  {"id":5,"userName":"erin","state":"Active","lastInputTime":"2026-11-24T08:00:00Z","locked":false,"inputOnMessage":true},
  {"id":6,"userName":"kiosk","domain":"LAB","state":"Disconnected","disconnectTime":"2026-11-24T01:00:00Z"}]}
'@
}

Describe 'Invoke-UserSessionReclaim' {
    BeforeEach {
        Import-TestModule -Json $script:LabFixture
    }

    It 'is exported, with help and examples' {
        $command = Get-Command -Name Invoke-UserSessionReclaim -Module UserSession
        $command.Verb | Should -BeIn (Get-Verb).Verb
        (Get-Help -Name Invoke-UserSessionReclaim).Examples.Example.Count | Should -BeGreaterOrEqual 2
    }

    It 'decides with reasons in numbers under -WhatIf and changes nothing' {
        $decisions = @(Invoke-UserSessionReclaim -DisconnectedFor 8h -IdleFor 1h -IdleAction Logoff -WarnFor 1s -Exclude 'LAB\kiosk' -WhatIf)
        $decisions | Should -HaveCount 7
        $decisions[0].PSObject.TypeNames[0] | Should -Be 'UserSession.ReclaimDecision'
        $carol = $decisions | Where-Object { $_.Id -eq 2 }
        $carol.Decision | Should -Be 'logoff'
        $carol.IdleTime | Should -Be ([TimeSpan]::FromHours(9))
        $carol.Limit | Should -Be ([TimeSpan]::FromHours(8))
        $carol.Reason | Should -Be 'disconnected 9h, at or over the limit 8h'
        $carol.Completed | Should -BeNullOrEmpty
        ($decisions | Where-Object { $_.Id -eq 6 }).Reason | Should -Be 'excluded: LAB\kiosk matches LAB\kiosk'
        ($decisions | Where-Object { $_.Id -eq 1 }).Decision | Should -Be 'skip'
        ($decisions | Where-Object { $_.Id -eq 4 }).Warning | Should -Be 'dryRun'
        @(Get-UserSession).Count | Should -Be 7
    }

    It 'acts with -Force: the warned user who came back stays, the others go' {
        $decisions = @(Invoke-UserSessionReclaim -DisconnectedFor 8h -IdleFor 1h -IdleAction Logoff -WarnFor '00:00:01' -Exclude 'LAB\kiosk' -Force -Reason 'lab policy')
        ($decisions | Where-Object { $_.Id -eq 2 }).Completed | Should -BeTrue
        ($decisions | Where-Object { $_.Id -eq 4 }).Decision | Should -Be 'logoff'
        ($decisions | Where-Object { $_.Id -eq 4 }).Warning | Should -Be 'sent'
        ($decisions | Where-Object { $_.Id -eq 5 }).Decision | Should -Be 'cancelled'
        $left = @(Get-UserSession | ForEach-Object { $_.Id })
        $left | Should -Not -Contain 2
        $left | Should -Not -Contain 4
        $left | Should -Contain 5
        $left | Should -Contain 6
    }

    It 'refuses a run without a rule' {
        { Invoke-UserSessionReclaim -WhatIf -ErrorAction Stop } | Should -Throw -ExpectedMessage '*No rule*'
        @(Get-UserSession).Count | Should -Be 7
    }

    It 'refuses a duration that is not one' {
        { Invoke-UserSessionReclaim -DisconnectedFor 'soon' -WhatIf -ErrorAction Stop } | Should -Throw -ExpectedMessage "*'soon' is not a duration*"
        { Invoke-UserSessionReclaim -DisconnectedFor '0s' -WhatIf -ErrorAction Stop } | Should -Throw -ExpectedMessage '*more than zero*'
    }

    It 'shows decisions as a table' {
        $text = Invoke-UserSessionReclaim -DisconnectedFor 8h -WhatIf | Out-String -Width 200
        $text | Should -Match 'ComputerName\s+Id\s+UserName\s+State\s+Decision\s+IdleTime\s+Reason'
        $text | Should -Match 'LAB01\s+2\s+carol\s+Disconnected\s+logoff\s+09:00:00\s+disconnected 9h'
    }
}

Describe 'Register-UserSessionReclaim' {
    BeforeEach {
        Import-TestModule
    }

    It 'installs the helper''s schedule with the policy as flags and --yes added by the helper' {
        Mock -ModuleName UserSession -CommandName Invoke-UserSessionHelperCommand -MockWith { $script:sent = $ArgumentList }
        Register-UserSessionReclaim -Every 15m -DisconnectedFor 8h -IdleFor '01:00:00' -IdleAction Logoff -WarnFor 5m -Exclude 'LAB\kiosk' -Reason 'lab policy' -Confirm:$false
        Should -Invoke -ModuleName UserSession -CommandName Invoke-UserSessionHelperCommand -Times 1 -Exactly -ParameterFilter {
            ($ArgumentList -join ' ') -eq 'schedule install --every 900s -- --disconnected-for 28800s --idle-for 3600s --warn 300s --action logoff --exclude LAB\kiosk --reason lab policy'
        }
    }

    It 'installs nothing under -WhatIf, and refuses a policy without a rule' {
        Mock -ModuleName UserSession -CommandName Invoke-UserSessionHelperCommand -MockWith { throw 'installed' }
        Register-UserSessionReclaim -Every 15m -DisconnectedFor 8h -WhatIf
        { Register-UserSessionReclaim -Every 15m -Confirm:$false -ErrorAction Stop } | Should -Throw -ExpectedMessage '*No rule*'
        { Register-UserSessionReclaim -Every 'often' -DisconnectedFor 8h -Confirm:$false -ErrorAction Stop } | Should -Throw -ExpectedMessage "*-Every*'often' is not a duration*"
        Should -Invoke -ModuleName UserSession -CommandName Invoke-UserSessionHelperCommand -Times 0 -Exactly
    }

    It 'shows what the helper would install: SYSTEM, the interval, one instance, a time limit' {
        $argv = @('schedule', 'show', '--every', '15m', '--', '--disconnected-for', '8h')
        $text = (& $env:USERSESSION_PATH @argv) -join "`n"
        $LASTEXITCODE | Should -Be 0
        $text | Should -Match '<UserId>S-1-5-18</UserId>'
        $text | Should -Match '<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>'
        $text | Should -Match 'OnUnitActiveSec=900'
    }

    It 'removes through the helper' {
        Mock -ModuleName UserSession -CommandName Invoke-UserSessionHelperCommand -MockWith { $null }
        Unregister-UserSessionReclaim -Confirm:$false
        Should -Invoke -ModuleName UserSession -CommandName Invoke-UserSessionHelperCommand -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join ' ') -eq 'schedule remove' }
    }
}
