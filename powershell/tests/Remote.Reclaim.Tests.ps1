#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# Invoke-, Register- and Unregister-UserSessionReclaim -PSSession over real
# SSH remoting. A new login of the test user is made idle for two hours
# (its terminal's access time, which is its last input on Linux, is set
# back), as is the caller's own login (root's, which runs this suite);
# every other login's terminal is touched, so that the policy (idle for
# an hour) can only choose those two, and the run must refuse the
# caller's own, which only the caller can tell the target.
# RemoteSetup.ps1 says what powershell/remote_linux_test.go sets up.

BeforeDiscovery {
    $HaveRemote = [bool]$env:USERSESSION_TEST_REMOTE_HOSTS
}

Describe 'Reclaim through PSSessions' -Tag 'RealRemote', 'RemoteReclaim' -Skip:(-not $HaveRemote) {
    BeforeAll {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
        . (Join-Path -Path $PSScriptRoot -ChildPath 'RemoteSetup.ps1')
        $Session = New-TestSession -HostName $Hosts[1]
        $Login = Start-TestLogin -Marker 741
        $signedIn = Wait-TestCondition -Seconds 30 -Condition { try { $null = Get-SleepSessionId -Marker 741; $true } catch { $false } }
        $signedIn | Should -BeTrue -Because 'the login running sleep 741 shows up'
        $IdleId = Get-SleepSessionId -Marker 741
        $Own = @(Get-UserSession | Where-Object { $_.IsCurrent })
        $Own | Should -HaveCount 1 -Because 'the suite runs as root signed in over ssh'
        $Policy = @{ IdleFor = '1h'; IdleAction = 'Logoff'; AllowUnwarnedLogoff = $true; Reason = 'RealRemote reclaim test' }

        # The idle login and the caller's own: idle for two hours; every
        # other login: just used.
        function Set-TestIdleTime {
            foreach ($s in @(Get-UserSession)) {
                if (-not $s.SessionName) {
                    continue
                }
                $tty = "/dev/$($s.SessionName)"
                if (-not (Test-Path -LiteralPath $tty)) {
                    continue
                }
                if (($s.Id -eq $IdleId) -or ($s.Id -eq $Own[0].Id)) {
                    & touch -a -d '-2 hours' $tty
                } else {
                    & touch -a $tty
                }
            }
        }
    }

    AfterAll {
        if (-not $Login.HasExited) {
            $Login.Kill()
        }
        Get-PSSession | Remove-PSSession -ErrorAction SilentlyContinue
    }

    It 'dry run (-WhatIf): chooses the idle login, refuses the caller''s own, names the host, and changes nothing' {
        Set-TestIdleTime
        $before = Get-WhoLine
        $decisions = @(Invoke-UserSessionReclaim -PSSession $Session @Policy -WhatIf -ErrorAction Stop)
        $decisions.Count | Should -BeGreaterThan 1
        foreach ($d in $decisions) {
            $d.PSObject.TypeNames[0] | Should -Be 'UserSession.ReclaimDecision'
            $d.ComputerName | Should -Be $Session.ComputerName
            $d.TargetComputerName | Should -Be ([Environment]::MachineName)
            $d.PSSession.InstanceId | Should -Be $Session.InstanceId
        }
        $chosen = @($decisions | Where-Object { $_.Decision -in @('logoff', 'disconnect') })
        $chosen | Should -HaveCount 1 -Because ($decisions | Format-Table -AutoSize | Out-String -Width 250)
        $chosen[0].Id | Should -Be $IdleId
        $chosen[0].UserName | Should -Be $TestUser
        $chosen[0].Decision | Should -Be 'logoff'
        $chosen[0].Completed | Should -BeNullOrEmpty
        $own = @($decisions | Where-Object { $_.Id -eq $Own[0].Id })
        $own | Should -HaveCount 1
        $own[0].Decision | Should -Be 'skip'
        $own[0].Reason | Should -BeLike "*caller's own session*as the caller claims*"

        Get-WhoLine | Should -Be $before
        $Login.HasExited | Should -BeFalse
    }

    It 'gives one error naming a target whose PSSession broke, while the other''s run arrives' {
        $broken = New-TestSession -HostName $Hosts[2]
        & kill -KILL (Invoke-Command -Session $broken -ScriptBlock { $PID })
        Wait-TestCondition -Seconds 60 -Condition { $broken.State -ne 'Opened' } | Should -BeTrue
        Set-TestIdleTime
        $decisions = @(Invoke-UserSessionReclaim -PSSession $broken, $Session @Policy -TimeoutSeconds 3 -WhatIf -ErrorAction SilentlyContinue -ErrorVariable failed)
        $failed | Should -HaveCount 1
        $failed[0].TargetObject | Should -Be $broken.ComputerName
        $failed[0].Exception.Message | Should -BeLike "$($broken.ComputerName):*"
        $decisions.Count | Should -BeGreaterThan 1
        @($decisions | Where-Object { $_.ComputerName -ne $Session.ComputerName }) | Should -HaveCount 0
        $Login.HasExited | Should -BeFalse
    }

    It '-WhatIf tells the truth and names the host, for the run and for the schedule' {
        # What if: lines go to the host, not to a stream: a child PowerShell writes them.
        Set-TestIdleTime
        $before = Get-WhoLine
        $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name '$TestManifestPath'
`$s = New-PSSession -HostName '$($Session.ComputerName)' -UserName root -KeyFilePath '$env:USERSESSION_TEST_REMOTE_KEY' -Port $env:USERSESSION_TEST_REMOTE_PORT -Options @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
`$null = Invoke-UserSessionReclaim -PSSession `$s -IdleFor 1h -IdleAction Logoff -AllowUnwarnedLogoff -WhatIf
Register-UserSessionReclaim -PSSession `$s -Every 15m -DisconnectedFor 8h -WhatIf
Unregister-UserSessionReclaim -PSSession `$s -WhatIf
"@
        $output = @(& $env:USERSESSION_TEST_PWSH -NoProfile -NonInteractive -Command $child 2>&1) -join "`n"
        $whatIf = @($output -split "`n" | Where-Object { $_ -like 'What if:*' })
        $whatIf | Should -HaveCount 3 -Because $output
        $whatIf[0] | Should -BeLike "What if: Performing the operation `"logoff`" on target `"$TestUser (session $IdleId) on $($Session.ComputerName): idle 2h*at or over the limit 1h*`"."
        $whatIf[1] | Should -BeLike "What if: Performing the operation `"Register the reclaim job`" on target `"usersession schedule install --every 900s -- --disconnected-for 28800s on $($Session.ComputerName)`"."
        $whatIf[2] | Should -BeLike "What if: Performing the operation `"Unregister the reclaim job`" on target `"usersession schedule remove on $($Session.ComputerName)`"."
        Get-WhoLine | Should -Be $before
        Test-Path -LiteralPath '/etc/systemd/system/usersession-reclaim.timer' | Should -BeFalse
    }

    It 'errs out on a confirmation nobody can answer and changes nothing' {
        Set-TestIdleTime
        $before = Get-WhoLine
        # The dry run comes first (it changes nothing), then the one
        # question, which a non-interactive PowerShell cannot ask.
        { Invoke-UserSessionReclaim -PSSession $Session @Policy -ErrorAction Stop } | Should -Throw -ExpectedMessage '*NonInteractive*'
        Get-WhoLine | Should -Be $before
        $Login.HasExited | Should -BeFalse
    }

    It 'signs out the idle login only, and refuses the caller''s own session, which only the caller knows' {
        Set-TestIdleTime
        $before = Get-WhoLine
        $decisions = @(Invoke-UserSessionReclaim -PSSession $Session @Policy -Confirm:$false -ErrorAction Stop)
        $acted = @($decisions | Where-Object { $null -ne $_.Completed })
        $acted | Should -HaveCount 1 -Because ($decisions | Format-Table -AutoSize | Out-String -Width 250)
        $acted[0].Id | Should -Be $IdleId
        $acted[0].ComputerName | Should -Be $Session.ComputerName
        $acted[0].Error | Should -BeNullOrEmpty
        @($decisions | Where-Object { $_.Id -eq $Own[0].Id })[0].Reason | Should -BeLike "*caller's own session*as the caller claims*"

        Wait-TestCondition -Seconds 15 -Condition { $Login.HasExited } | Should -BeTrue
        Wait-TestCondition -Seconds 15 -Condition { (Get-WhoLine).Count -eq ($before.Count - 1) } | Should -BeTrue
        $after = Get-WhoLine
        @($before | Where-Object { $after -notcontains $_ }) | Should -HaveCount 1
        @($after | Where-Object { $before -notcontains $_ }) | Should -HaveCount 0
        @(Get-UserSession -Id $Own[0].Id) | Should -HaveCount 1
    }

    It 'registers and unregisters the job where the target can schedule it, and says why where it cannot' {
        $timer = '/etc/systemd/system/usersession-reclaim.timer'
        $systemd = Test-Path -LiteralPath '/run/systemd/system' -PathType Container
        $hadTimer = Test-Path -LiteralPath $timer
        Register-UserSessionReclaim -PSSession $Session -Every 15m -DisconnectedFor 8h -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable registerErrors
        Unregister-UserSessionReclaim -PSSession $Session -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable unregisterErrors
        if ($systemd) {
            $registerErrors | Should -HaveCount 0
            $unregisterErrors | Should -HaveCount 0
            Test-Path -LiteralPath $timer | Should -BeFalse
        } else {
            # This system is not run by systemd (a container): the helper
            # on the target refuses, one error naming the host, and
            # writes no unit.
            foreach ($failed in @($registerErrors, $unregisterErrors)) {
                $failed | Should -HaveCount 1
                $failed[0].TargetObject | Should -Be $Session.ComputerName
                $failed[0].Exception.Message | Should -BeLike "$($Session.ComputerName): usersession schedule *failed (exit 1)*systemd does not run this system*"
            }
            Test-Path -LiteralPath $timer | Should -Be $hadTimer
        }
    }
}
