#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# The module over PowerShell remoting, through real SSH: listing, acting on
# piped sessions, zero-install and failing hosts. RemoteSetup.ps1 says what
# powershell/remote_linux_test.go sets up.

BeforeDiscovery {
    $HaveRemote = [bool]$env:USERSESSION_TEST_REMOTE_HOSTS
}

Describe 'The module through PSSessions' -Tag 'RealRemote' -Skip:(-not $HaveRemote) {
    BeforeAll {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
        . (Join-Path -Path $PSScriptRoot -ChildPath 'RemoteSetup.ps1')

        function Get-FileSha256 {
            param([string]$Path)
            (Get-FileHash -Algorithm SHA256 -Path $Path).Hash
        }

        # Zero-install is shown on targets that have neither the module nor
        # the helper: the remote PowerShell finds no UserSession module, and
        # the versioned folder is removed first.
        if (Test-Path -LiteralPath $InstallRoot) {
            Remove-Item -LiteralPath $InstallRoot -Recurse -Force
        }
        if (Test-Path -LiteralPath $ModuleRoot) {
            Remove-Item -LiteralPath $ModuleRoot -Recurse -Force
        }
        $Sessions = @(New-TestSession -HostName $Hosts[0..2])
        $Stopped = [System.Collections.Generic.List[int]]::new()
    }

    AfterAll {
        foreach ($processId in $Stopped) {
            & kill -KILL $processId 2>$null
        }
        Get-PSSession | Remove-PSSession -ErrorAction SilentlyContinue
        foreach ($path in @($InstallRoot, $ModuleRoot)) {
            if (Test-Path -LiteralPath $path) {
                Remove-Item -LiteralPath $path -Recurse -Force
            }
        }
    }

    It 'copies the helper to a target without the module, to a folder only root can write, and checks it before every start' {
        @(Invoke-Command -Session $Sessions[0] -ScriptBlock { Get-Module -ListAvailable -Name UserSession }) | Should -HaveCount 0
        Test-Path -LiteralPath $InstallRoot | Should -BeFalse

        $listed = @(Get-UserSession -PSSession $Sessions[0] -UserName $TestUser -ErrorAction Stop)
        $listed | Should -HaveCount 2

        $installed = Join-Path $InstallRoot 'linux-x64/usersession'
        Get-FileSha256 -Path $installed | Should -Be (Get-FileSha256 -Path $env:USERSESSION_PATH)
        foreach ($path in @($installed, (Split-Path $installed), $InstallRoot)) {
            $item = Get-Item -LiteralPath $path
            $item.User | Should -Be 'root'
            $item.UnixMode | Should -Match '^.....-..-.$' -Because "$path must be writable by its owner only"
        }

        # A file put in its place is never started: it is replaced by the
        # checked copy.
        $marker = Join-Path ([System.IO.Path]::GetTempPath()) ("usersession-swapped-{0}" -f [guid]::NewGuid())
        [System.IO.File]::WriteAllText($installed, "#!/bin/sh`ntouch '$marker'`n")
        & chmod 755 $installed
        @(Get-UserSession -PSSession $Sessions[0] -UserName $TestUser -ErrorAction Stop) | Should -HaveCount 2
        Test-Path -LiteralPath $marker | Should -BeFalse
        Get-FileSha256 -Path $installed | Should -Be (Get-FileSha256 -Path $env:USERSESSION_PATH)
    }

    It 'Get-UserSession -PSSession returns UserSession.Session objects named by each host that match who' {
        $who = Get-WhoLine
        $who | Should -HaveCount 2
        $all = @(Get-UserSession -PSSession $Sessions -UserName $TestUser -ErrorAction Stop)
        $all | Should -HaveCount (2 * $Sessions.Count)
        foreach ($session in $Sessions) {
            $mine = @($all | Where-Object { $_.ComputerName -eq $session.ComputerName })
            @($mine | ForEach-Object { '{0} {1}' -f $_.UserName, $_.SessionName } | Sort-Object) | Should -Be $who
            foreach ($object in $mine) {
                $object.PSObject.TypeNames[0] | Should -Be 'UserSession.Session.Remote'
                $object.PSObject.TypeNames | Should -Contain 'UserSession.Session'
                $object.PSSession.InstanceId | Should -Be $session.InstanceId
                $object.TargetComputerName | Should -Be ([Environment]::MachineName)
                $object.Protocol | Should -Be 'SSH'
                $object.IdleTime | Should -BeOfType ([TimeSpan])
            }
        }
    }

    It 'names the host in the prompt and in -WhatIf, and $WhatIfPreference changes nothing' {
        $object = @(Get-UserSession -PSSession $Sessions[1] -UserName $TestUser -ErrorAction Stop)[0]
        $description = & (Get-Module UserSession) { param($o) Get-UserSessionDescription -Target ([pscustomobject]@{ Id = $o.Id; ComputerName = $o.ComputerName; Session = $o }) } $object
        $description | Should -BeLike "$TestUser (session $($object.Id), *) on $($Sessions[1].ComputerName)"

        $WhatIfPreference = $true
        try {
            $object | Disconnect-UserSession -Logoff -Force -ErrorAction Stop
        } finally {
            $WhatIfPreference = $false
        }
        Get-WhoLine | Should -HaveCount 2
    }

    It 'errs out on a confirmation nobody can answer and changes nothing' {
        $object = @(Get-UserSession -PSSession $Sessions[1] -UserName $TestUser -ErrorAction Stop)[0]
        { $object | Disconnect-UserSession -Logoff -ErrorAction Stop } | Should -Throw
        Get-WhoLine | Should -HaveCount 2
    }

    It 'signs out a piped object through its own PSSession; the other session stays; the object is refused once stale' {
        $gone = Get-SleepSessionId -Marker 711
        $stays = Get-SleepSessionId -Marker 712
        $object = @(Get-UserSession -PSSession $Sessions[2] -Id $gone -ErrorAction Stop)
        $object | Should -HaveCount 1
        $before = Get-WhoLine

        $result = $object | Disconnect-UserSession -Logoff -Force -Wait -PassThru -ErrorAction Stop -Verbose 4>&1
        $verbose = @($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
        $passThru = @($result | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $passThru | Should -HaveCount 1
        $passThru[0].ComputerName | Should -Be $Sessions[2].ComputerName
        $passThru[0].Id | Should -Be $gone
        # Sent to the helper through that PSSession and no other.
        @($verbose | Where-Object { $_ -like "$($Sessions[2].ComputerName): helper *" }) | Should -HaveCount 1
        @($verbose | Where-Object { $_ -like '*: helper *' }) | Should -HaveCount 1

        $after = Get-WhoLine
        $after | Should -HaveCount 1
        @($before | Where-Object { $after -notcontains $_ }) | Should -HaveCount 1
        @(Get-UserSession -Id $stays) | Should -HaveCount 1

        # Stale: the same object again is refused, and nothing else changes.
        $object | Disconnect-UserSession -Logoff -Force -ErrorAction SilentlyContinue -ErrorVariable stale
        $stale | Should -HaveCount 1
        $stale[0].FullyQualifiedErrorId | Should -BeLike 'UserSession.SessionNotFound*'
        # An object of the session that stays, as if listed before an
        # earlier logon with its id: refused, force or not.
        $later = @(Get-UserSession -PSSession $Sessions[2] -Id $stays -ErrorAction Stop)[0]
        $later.LogonTime = $later.LogonTime.AddHours(-1)
        $later | Disconnect-UserSession -Logoff -Force -IncludeProtected -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'UserSession.RefusedForSafety*'
        $refused[0].Exception.Message | Should -BeLike '*later logon*'
        Get-WhoLine | Should -HaveCount 1
    }

    It "refuses the admin's own session, which only the caller knows" {
        $own = @(Get-UserSession | Where-Object { $_.IsCurrent })
        $own | Should -HaveCount 1 -Because 'the suite runs as root signed in over ssh'
        $object = @(Get-UserSession -PSSession $Sessions[0] -Id $own[0].Id -ErrorAction Stop)
        $object | Should -HaveCount 1
        # The helper on the target runs in no session: it cannot tell.
        $object[0].IsCurrent | Should -BeFalse
        $object | Disconnect-UserSession -Logoff -Force -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'UserSession.RefusedForSafety*'
        $refused[0].Exception.Message | Should -BeLike "*caller's own session*as the caller claims*"
        @(Get-UserSession -Id $own[0].Id) | Should -HaveCount 1
    }

    It 'refuses an object whose PSSession is not a live one here' {
        $object = @(Get-UserSession -PSSession $Sessions[0] -UserName $TestUser -ErrorAction Stop)[0]
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($object))
        $copy | Disconnect-UserSession -Logoff -Force -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused | Should -HaveCount 1
        $refused[0].Exception.Message | Should -BeLike '*PSSession that is not available here*'
        Get-WhoLine | Should -HaveCount 1
    }

    It 'installs the whole module on a target, whose helper the commands then use, and which runs there on its own' {
        $installed = @(Install-UserSessionModule -PSSession $Sessions[1] -Force -ErrorAction Stop)
        $installed | Should -HaveCount 1
        $installed[0].ComputerName | Should -Be $Sessions[1].ComputerName
        $installed[0].Path | Should -Be $ModuleRoot
        (Invoke-Command -Session $Sessions[1] -ScriptBlock { [string](Get-Module -ListAvailable -Name UserSession).Version }) | Should -Be $Version

        $output = @(Get-UserSession -PSSession $Sessions[1] -UserName $TestUser -ErrorAction Stop -Verbose 4>&1)
        @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -eq "$($Sessions[1].ComputerName): helper $ModuleRoot/bin/linux-x64/usersession" }) | Should -HaveCount 1
        @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -HaveCount (Get-WhoLine).Count

        # Invoke-Command with the module inside: it runs, and its objects
        # come back deserialized, named by the target.
        $inside = @(Invoke-Command -Session $Sessions[1] -ScriptBlock { param($u) Import-Module UserSession; Get-UserSession -UserName $u } -ArgumentList $TestUser)
        $inside | Should -HaveCount (Get-WhoLine).Count
        $inside[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.UserSession.Session'
        $inside[0].PSComputerName | Should -Be $Sessions[1].ComputerName
    }

    It 'gives one error naming each dead, black-hole or killed host while the others answer' {
        $good = New-TestSession -HostName $Hosts[3]
        $dead, $hole, $killed = @(New-TestSession -HostName $Hosts[0..2])
        $remotePid = @{}
        foreach ($s in @($dead, $hole, $killed)) {
            $remotePid[$s.InstanceId] = Invoke-Command -Session $s -ScriptBlock { $PID }
        }
        $parentOf = { param($p) [int]((Get-Content "/proc/$p/stat" -Raw) -replace '^.*\) \S+ (\d+) .*$', '$1') }
        # Dead host: its connection ends (the sshd process serving it is killed).
        & kill -KILL (& $parentOf $remotePid[$dead.InstanceId])
        # Black hole: the connection stays open and nothing answers.
        foreach ($p in @($remotePid[$hole.InstanceId], (& $parentOf $remotePid[$hole.InstanceId]))) {
            $Stopped.Add($p)
            & kill -STOP $p
        }
        # Killed remote pwsh.
        & kill -KILL $remotePid[$killed.InstanceId]
        # PowerShell marks a PSSession Broken or Closed once its connection
        # has ended; the command is asked after that, so that each of these
        # fails the same way every run.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((($dead.State -eq 'Opened') -or ($killed.State -eq 'Opened')) -and ([DateTime]::UtcNow -lt $deadline)) {
            Start-Sleep -Milliseconds 50
        }
        $dead.State | Should -Not -Be 'Opened'
        $killed.State | Should -Not -Be 'Opened'

        $listed = @(Get-UserSession -PSSession $dead, $hole, $good, $killed -UserName $TestUser -TimeoutSeconds 3 -ErrorAction SilentlyContinue -ErrorVariable failed)
        $listed | Should -HaveCount 1
        $listed[0].ComputerName | Should -Be $Hosts[3]
        $failed | Should -HaveCount 3
        foreach ($name in @($dead.ComputerName, $hole.ComputerName, $killed.ComputerName)) {
            @($failed | Where-Object { $_.Exception.Message -like "${name}:*" }) | Should -HaveCount 1 -Because "one error names $name"
        }
        @($failed | Where-Object { $_.Exception.Message -like "$($hole.ComputerName):*" })[0].FullyQualifiedErrorId | Should -BeLike 'UserSession.TimedOut*'
    }
}
