#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# Watch-UserSession against the simulator's timeline, which starts with the
# first watch of the helper.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $TimelineFixture = @'
{
  "computerName": "SIM01", "currentSessionId": 1, "elevated": true,
  "sessions": [
    {"id": 1, "userName": "admin", "domain": "CONTOSO", "state": "Active", "locked": false},
    {"id": 3, "userName": "bob", "domain": "CONTOSO", "state": "Active"}
  ],
  "hosts": {"SRV02": {"sessions": [{"id": 2, "userName": "dave", "state": "Active"}]}},
  "timeline": [
    {"afterMs": 300, "event": "disconnect", "id": 3},
    {"afterMs": 600, "event": "logon", "session": {"id": 5, "userName": "erin", "domain": "CONTOSO", "state": "Active"}},
    {"afterMs": 900, "event": "lock", "id": 1},
    {"afterMs": 1200, "host": "SRV02", "event": "unreachable"},
    {"afterMs": 2600, "event": "logoff", "id": 5}
  ]
}
'@
}

Describe 'Watch-UserSession' {
    BeforeEach {
        Import-TestModule -Json $TimelineFixture
    }

    It 'writes each change as a UserSession.Event, in order, until -Count' {
        $events = @(Watch-UserSession -Count 3 -Timeout '00:00:30')
        $events | Should -HaveCount 3
        ($events | ForEach-Object { '{0}/{1}/{2}' -f $_.Event, $_.Id, $_.UserName }) | Should -Be @('Disconnect/3/bob', 'Logon/5/erin', 'Lock/1/admin')
        $events[0].PSObject.TypeNames[0] | Should -Be 'UserSession.Event'
        $events[0].ComputerName | Should -Be 'SIM01'
        $events[0].Time | Should -BeOfType ([datetime])
        $events[0].Session.State | Should -Be 'Disconnected'
        $events[1].Session.PSObject.TypeNames | Should -Contain 'UserSession.Session'
    }

    It 'keeps only the events asked for with -EventType' {
        $events = @(Watch-UserSession -EventType 'Logon', 'Logoff' -Count 2 -DurationSeconds 30)
        ($events | ForEach-Object { $_.Event }) | Should -Be @('Logon', 'Logoff')
        $events[1].Session | Should -BeNullOrEmpty
    }

    It 'reports a computer that stops answering once, with the reason' {
        $events = @(Watch-UserSession -ComputerName SRV02 -Count 1 -Timeout '00:00:30')
        $events[0].Event | Should -Be 'Unreachable'
        $events[0].ComputerName | Should -Be 'SRV02'
        $events[0].Reason | Should -BeLike '*unreachable*'
    }

    It 'ends at -Timeout with what came' {
        $events = @(Watch-UserSession -Event Logoff -Timeout '00:00:01')
        $events | Should -HaveCount 0
    }

    It 'takes -Event as the alias of -EventType, so no parameter hides $Event' {
        $command = Get-Command -Name Watch-UserSession
        $command.Parameters.ContainsKey('Event') | Should -BeFalse
        $command.Parameters['EventType'].Aliases | Should -Contain 'Event'
        $events = @(Watch-UserSession -Event Lock -Count 1 -DurationSeconds 30)
        $events[0].Event | Should -Be 'Lock'
    }

    It 'reads -DurationSeconds 2 and -Timeout 2 as two seconds' {
        # The disconnect comes at 0.3 s and the logon at 0.6 s: a watch of
        # 2 seconds sees both; 2 ticks (the old -Timeout 2) saw none.
        @(Watch-UserSession -EventType Disconnect, Logon -DurationSeconds 2) | Should -HaveCount 2
        Import-TestModule -Json $TimelineFixture
        @(Watch-UserSession -EventType Disconnect, Logon -Timeout 2) | Should -HaveCount 2
    }

    It 'refuses -DurationSeconds with -Timeout, and a -Timeout that is no time' {
        { Watch-UserSession -DurationSeconds 1 -Timeout 1 } | Should -Throw -ErrorId 'UserSession.InvalidDuration,Watch-UserSession'
        { Watch-UserSession -Timeout 'soon' } | Should -Throw -ErrorId 'UserSession.InvalidDuration,Watch-UserSession'
        { Watch-UserSession -Timeout 0 } | Should -Throw -ErrorId 'UserSession.InvalidDuration,Watch-UserSession'
    }

    It 'sends each event down the pipeline as it happens' {
        # The first event comes at 0.3 s, the logoff at 2.6 s: the first is
        # handled long before the watch ends.
        $seen = @(Watch-UserSession -EventType 'Disconnect', 'Logoff' -Count 2 -Timeout '00:00:30' | ForEach-Object { [pscustomobject]@{ Event = $_.Event; At = [DateTime]::UtcNow } })
        $seen | Should -HaveCount 2
        ($seen[1].At - $seen[0].At).TotalSeconds | Should -BeGreaterThan 1
    }

    It 'stops the watch when it ends: no more events are kept' {
        $null = @(Watch-UserSession -Count 1 -Timeout '00:00:30')
        Start-Sleep -Milliseconds 800
        $null = Get-UserSession
        InModuleScope UserSession { $script:Helper.Events.Count } | Should -Be 0
    }

    It 'takes computer names from the pipeline' {
        $events = @('SRV02' | Watch-UserSession -Count 1 -Timeout '00:00:30')
        $events[0].ComputerName | Should -Be 'SRV02'
    }
}
