#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# Watch-UserSession -PSSession over real SSH remoting: a real login of the
# test user on the watched hosts, a host killed mid-watch, and no helper
# left running on the targets afterwards. RemoteSetup.ps1 says what
# powershell/remote_linux_test.go sets up.

BeforeDiscovery {
    $HaveRemote = [bool]$env:USERSESSION_TEST_REMOTE_HOSTS
}

Describe 'Watch-UserSession through PSSessions' -Tag 'RealRemote', 'RemoteWatch' -Skip:(-not $HaveRemote) {
    BeforeAll {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
        . (Join-Path -Path $PSScriptRoot -ChildPath 'RemoteSetup.ps1')
        $Logins = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()

        # The helpers running on a target, read there: processes whose
        # executable is the helper this build copies or installs.
        $HelperProcessesOnTarget = {
            param($Roots)
            foreach ($dir in [System.IO.Directory]::GetDirectories('/proc')) {
                $name = [System.IO.Path]::GetFileName($dir)
                if ($name -notmatch '^\d+$') {
                    continue
                }
                try {
                    $exe = [System.IO.File]::ResolveLinkTarget("$dir/exe", $false)
                } catch {
                    continue
                }
                foreach ($root in $Roots) {
                    if (($null -ne $exe) -and $exe.FullName.StartsWith($root + '/')) {
                        [int]$name
                    }
                }
            }
        }
        function Get-TargetHelperProcess {
            param($Session)
            @(Invoke-Command -Session $Session -ScriptBlock $HelperProcessesOnTarget -ArgumentList (, [string[]]@($InstallRoot, $ModuleRoot)))
        }
    }

    AfterAll {
        foreach ($login in $Logins) {
            if (-not $login.HasExited) {
                $login.Kill()
            }
        }
        Get-PSSession | Remove-PSSession -ErrorAction SilentlyContinue
    }

    It 'writes the logon and the sign-out of a new login on each host as local objects, and stops every remote helper at the end' {
        $sessions = @(New-TestSession -HostName $Hosts[0..1])
        $state = @{ Ready = 0; Logons = 0; Login = $null }
        $events = @(Watch-UserSession -PSSession $sessions -EventType Logon, Logoff -DurationSeconds 120 -Verbose 4>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.VerboseRecord]) {
                    if ($_.Message -like '*: watching as *') {
                        $state.Ready++
                        if ($state.Ready -eq $sessions.Count) {
                            # Both watches are set up: sign in.
                            $state.Login = Start-TestLogin -Marker 731
                            $Logins.Add($state.Login)
                        }
                    }
                    return
                }
                if ($_.UserName -ne $TestUser) {
                    return
                }
                if ($_.Event -eq 'Logon') {
                    $state.Logons++
                    if ($state.Logons -eq $sessions.Count) {
                        # Each host saw it: sign out.
                        $state.Login.Kill()
                    }
                }
                $_
            } | Select-Object -First (2 * $sessions.Count))

        $events | Should -HaveCount (2 * $sessions.Count)
        foreach ($session in $sessions) {
            $mine = @($events | Where-Object { $_.ComputerName -eq $session.ComputerName })
            @($mine | ForEach-Object { $_.Event }) | Should -Be @('Logon', 'Logoff')
            foreach ($e in $mine) {
                # Select-Object puts its own name first.
                $e.PSObject.TypeNames[1] | Should -Be 'UserSession.Event'
                $e.PSSession.InstanceId | Should -Be $session.InstanceId
                $e.TargetComputerName | Should -Be ([Environment]::MachineName)
                $e.Time | Should -BeOfType ([datetime])
                $e.UserName | Should -Be $TestUser
            }
            $mine[0].Id | Should -Be $mine[1].Id
            # The session of the logon goes back through its PSSession.
            $mine[0].Session.PSObject.TypeNames | Should -Contain 'UserSession.Session'
            $mine[0].Session.ComputerName | Should -Be $session.ComputerName
            $mine[0].Session.PSSession.InstanceId | Should -Be $session.InstanceId
            $mine[0].Session.Id | Should -Be $mine[0].Id
            $mine[1].Session | Should -BeNullOrEmpty
        }
        # The view shows them as it shows local events.
        ($events | Out-String -Width 200) | Should -Match "Logon\s.*$TestUser"

        # The end of the pipeline stopped the watch on each target.
        foreach ($session in $sessions) {
            Get-TargetHelperProcess -Session $session | Should -HaveCount 0 -Because "no helper may be left on $($session.ComputerName)"
        }
    }

    It 'ends after -DurationSeconds with no remote helper left, and -Count stops it earlier' {
        $session = New-TestSession -HostName $Hosts[2]
        $started = [DateTime]::UtcNow
        $none = @(Watch-UserSession -PSSession $session -EventType Logon -DurationSeconds 3 -ErrorAction Stop)
        $elapsed = ([DateTime]::UtcNow - $started).TotalSeconds
        $none | Should -HaveCount 0
        $elapsed | Should -BeGreaterOrEqual 3
        Get-TargetHelperProcess -Session $session | Should -HaveCount 0

        $state = @{ Login = $null }
        $one = @(Watch-UserSession -PSSession $session -EventType Logon -Count 1 -Timeout '00:02:00' -Verbose 4>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.VerboseRecord]) {
                    if ($_.Message -like '*: watching as *') {
                        $state.Login = Start-TestLogin -Marker 732
                        $Logins.Add($state.Login)
                    }
                    return
                }
                $_
            })
        $one | Should -HaveCount 1
        $one[0].Event | Should -Be 'Logon'
        $one[0].UserName | Should -Be $TestUser
        Get-TargetHelperProcess -Session $session | Should -HaveCount 0
        $state.Login.Kill()
    }

    It 'gives one error naming a host killed mid-watch, while the other host goes on' {
        $good = New-TestSession -HostName $Hosts[3]
        $doomed = New-TestSession -HostName $Hosts[0]
        $doomedPid = Invoke-Command -Session $doomed -ScriptBlock { $PID }
        $state = @{ Ready = 0; Errors = [System.Collections.Generic.List[object]]::new(); Login = $null }
        $events = @(Watch-UserSession -PSSession $good, $doomed -EventType Logon -DurationSeconds 120 -Verbose -ErrorAction Continue 4>&1 2>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.VerboseRecord]) {
                    if ($_.Message -like '*: watching as *') {
                        $state.Ready++
                        if ($state.Ready -eq 2) {
                            # Both are watching: kill the remote PowerShell of one.
                            & kill -KILL $doomedPid
                        }
                    }
                    return
                }
                if ($_ -is [System.Management.Automation.ErrorRecord]) {
                    $state.Errors.Add($_)
                    if ($null -eq $state.Login) {
                        # The failure is reported: now sign in, and the other
                        # host must still see it.
                        $state.Login = Start-TestLogin -Marker 733
                        $Logins.Add($state.Login)
                    }
                    return
                }
                if ($_.UserName -eq $TestUser) {
                    $_
                }
            } | Select-Object -First 1)

        $state.Errors | Should -HaveCount 1
        $state.Errors[0].Exception.Message | Should -BeLike "$($doomed.ComputerName):*"
        $state.Errors[0].TargetObject | Should -Be $doomed.ComputerName
        $events | Should -HaveCount 1
        $events[0].ComputerName | Should -Be $good.ComputerName
        $events[0].Event | Should -Be 'Logon'
        # The killed host's helper ended with its PowerShell (the helper
        # watches its parent), and the other was stopped.
        Wait-TestCondition -Seconds 10 -Condition { (Get-TargetHelperProcess -Session $good).Count -eq 0 } | Should -BeTrue
        $state.Login.Kill()
    }
}
