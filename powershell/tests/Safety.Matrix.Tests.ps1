#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# Safety as a property, not a list of rows: the cases are generated from
# the module's own parameter metadata. Every command that acts (that
# supports -WhatIf) times every parameter that names a target times every
# shape a script can hand it by mistake (absent, $null, '', '   ', @(),
# @($null), a name of the local machine, a deserialized object, a foreign
# object, a hashtable, a number, a live session object), each against a
# protected and an ordinary session. After each
# case nothing outside the named target has changed (the listing of both
# computers before and after, and the helper's audit trail of every
# sign-out, disconnect and message), and nothing the run refused was
# promised by the prompt (ShouldProcess's "Performing the operation").
#
# A new parameter of a command that acts must be classified below (a
# target, or one of the parameters that name none), so that a new way of
# naming a target cannot miss the matrix.

BeforeDiscovery {
    # The module sets its own strict mode, so the caller's changes only
    # this file's code: the strict leg does not run the matrix again.
    $StrictLeg = $env:USERSESSION_TEST_STRICT -eq '1'
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    Import-Module -Name $TestManifestPath -Force -ErrorAction Stop

    # The parameters that name no target: what to do, how, and how long.
    $NotTargets = @(
        'Logoff', 'Wait', 'Force', 'IncludeProtected', 'Reason', 'TimeoutSeconds', 'PassThru', 'Message', 'GraceSeconds',
        'Ask', 'AskTimeoutSeconds', 'ProceedWithoutAnswer', 'Title', 'Text', 'Buttons', 'ThrottleLimit'
    )
    # Parameters that name targets through PowerShell remoting: their
    # malformed shapes are refused by their own [ValidateNotNull()] (tested
    # below), and what they act on is tested against real remoting hosts
    # (the RealRemote leg), which this leg has none of.
    $RemoteTargets = @('PSSession')
    $Common = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
    # absent, $null, '', '   ', @(), @($null), a name of this computer, a
    # deserialized session, a foreign (Get-Process-shaped) object, a
    # hashtable, the session's number, the session object itself.
    $Shapes = @('absent', 'null', 'empty', 'blank', 'emptyArray', 'nullArray', 'localAlias', 'deserialized', 'foreign', 'hashtable', 'number', 'session')

    # Commands that act by a policy (which sessions have been idle or
    # disconnected too long), not on sessions a caller names, with their
    # own tests (Invoke-UserSessionReclaim.Tests.ps1): a command that acts
    # must be in the matrix or here.
    $ByPolicy = @('Invoke-UserSessionReclaim', 'Register-UserSessionReclaim', 'Unregister-UserSessionReclaim')
    $Acting = @(Get-Command -Module UserSession | Where-Object { $_.Parameters.ContainsKey('WhatIf') -and ($ByPolicy -notcontains $_.Name) } | Sort-Object -Property Name)
    $Unclassified = [System.Collections.Generic.List[string]]::new()
    $Cases = [System.Collections.Generic.List[hashtable]]::new()
    $RemoteCases = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($command in $Acting) {
        foreach ($parameter in $command.Parameters.Values) {
            if (($Common -contains $parameter.Name) -or ($NotTargets -contains $parameter.Name)) {
                continue
            }
            if ($RemoteTargets -contains $parameter.Name) {
                foreach ($shape in @('null', 'emptyArray', 'nullArray')) {
                    $RemoteCases.Add(@{ Command = $command.Name; Parameter = $parameter.Name; Shape = $shape })
                }
                continue
            }
            $pipeline = @($parameter.Attributes | Where-Object { ($_ -is [System.Management.Automation.ParameterAttribute]) -and $_.ValueFromPipeline }).Count -gt 0
            $names = @($parameter.Name) + @($parameter.Aliases)
            $kind = $null
            if ($pipeline) {
                $kind = 'Pipeline'
            } elseif (@($names | Where-Object { @('Id', 'SessionId') -contains $_ }).Count -gt 0) {
                $kind = 'Id'
            } elseif (@($names | Where-Object { @('ComputerName', 'CN') -contains $_ }).Count -gt 0) {
                $kind = 'ComputerName'
            } else {
                $Unclassified.Add("$($command.Name) -$($parameter.Name)")
                continue
            }
            foreach ($shape in $Shapes) {
                foreach ($sessionId in @(3, 1)) {
                    $Cases.Add(@{ Command = $command.Name; Parameter = $parameter.Name; Kind = $kind; Shape = $shape; SessionId = $sessionId })
                }
            }
        }
    }
    Remove-Module -Name UserSession -Force
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $null = Initialize-TestHelper
    # SIM01 (also sim01.contoso.com): the caller in session 1, bob in 3,
    # carol in 4; SRV02 has its own session 3, so that an action sent to
    # the wrong computer shows.
    $MatrixFixture = @'
{
  "computerName": "SIM01", "currentSessionId": 1, "elevated": true, "now": "2026-11-24T12:00:00Z",
  "aliases": ["sim01.contoso.com"],
  "sessions": [
    {"id": 0, "sessionName": "Services", "state": "Disconnected"},
    {"id": 1, "sessionName": "Console", "userName": "admin", "domain": "CONTOSO", "state": "Active"},
    {"id": 3, "sessionName": "RDP-Tcp#7", "userName": "bob", "state": "Active"},
    {"id": 4, "userName": "carol", "state": "Disconnected"}
  ],
  "hosts": {"SRV02": {"sessions": [{"id": 3, "userName": "dave", "state": "Active"}, {"id": 1, "userName": "erin", "state": "Active"}]}}
}
'@
    # Whether the next case needs a fresh helper, and its audit trail.
    $MatrixRun = @{ Dirty = $true; Audit = $null }

    # Computer/id -> state, of both computers.
    function Get-MatrixState {
        $state = @{}
        foreach ($session in @(Get-UserSession) + @(Get-UserSession -ComputerName SRV02)) {
            $state["$($session.ComputerName)/$($session.Id)"] = [string]$session.State
        }
        $state
    }

    # The value of one shape, for a parameter of one kind, naming session $SessionId of SIM01.
    function New-MatrixValue {
        param([string]$Shape, [string]$Kind, [int]$SessionId)
        switch ($Shape) {
            'null' { return , $null }
            'empty' { return '' }
            'blank' { return '   ' }
            'emptyArray' { return , @() }
            'nullArray' { return , @($null) }
            'localAlias' { return 'sim01.contoso.com' }
            'deserialized' {
                $session = Get-UserSession -Id $SessionId
                return [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($session))
            }
            'foreign' {
                # Get-Process-shaped: Id is a process id (here the target's
                # number), SessionId another session, no computer.
                return [pscustomobject]@{ Id = $SessionId; SessionId = 4; ProcessName = 'excel'; Name = 'excel' }
            }
            'hashtable' { return @{ ComputerName = 'SIM01'; Id = $SessionId } }
            'number' { return $SessionId }
            'session' { return Get-UserSession -Id $SessionId }
        }
        throw "no value for shape $Shape"
    }
}

Describe 'Safety matrix: generated from the parameters of the commands that act' -Skip:$StrictLeg {
    It 'finds commands that act and parameters that name targets: <Count> cases' -ForEach @(@{ Acting = @($Acting | ForEach-Object { $_.Name }); Kinds = @($Cases | ForEach-Object { $_.Kind } | Sort-Object -Unique); Count = $Cases.Count }) {
        $Acting | Should -Contain 'Disconnect-UserSession'
        $Acting | Should -Contain 'Send-UserSessionMessage'
        $Kinds | Should -Be @('ComputerName', 'Id', 'Pipeline')
    }

    It 'has classified every parameter of the commands that act' -ForEach @(@{ Unclassified = @($Unclassified) }) {
        $Unclassified | Should -BeNullOrEmpty -Because 'a parameter that names a target must be in the matrix, and one that does not must be listed as such'
    }

    It '<Command> -<Parameter> <Shape>, session <SessionId>' -ForEach $Cases {
        # A fresh helper only after a case that changed something: the
        # others leave the fixture as it was (each case compares its own
        # before and after, and reads only its own lines of the audit trail).
        if ($MatrixRun.Dirty) {
            $MatrixRun.Audit = Join-Path -Path $TestDrive -ChildPath ('audit-' + [guid]::NewGuid().ToString('N') + '.jsonl')
            $env:USERSESSION_AUDIT_LOG = $MatrixRun.Audit
            try {
                Import-TestModule -Json $MatrixFixture
                # The first command starts the helper, which reads the variable.
                $null = Get-MatrixState
            } finally {
                Remove-Item -Path Env:USERSESSION_AUDIT_LOG
            }
            $MatrixRun.Dirty = $false
        }
        $audit = $MatrixRun.Audit
        $auditBefore = 0
        if (Test-Path -LiteralPath $audit) {
            $auditBefore = @(Get-Content -LiteralPath $audit).Count
        }
        $before = Get-MatrixState
        $value = $null
        if ($Shape -ne 'absent') {
            $value = New-MatrixValue -Shape $Shape -Kind $Kind -SessionId $SessionId
        }

        $splat = @{ Verbose = $true; Confirm = $false }
        $acts = $Command -eq 'Disconnect-UserSession'
        if ($acts) {
            $splat['Logoff'] = $true
            $splat['Force'] = $true
        } else {
            $splat['Text'] = 'hello'
            $splat['Wait'] = $true
        }
        # What a correct run may touch: SIM01/<SessionId> when the value
        # names it, and for a sign-out only when it is not protected.
        $named = $false
        switch ($Kind) {
            'Id' {
                if ($Shape -ne 'absent') {
                    $splat['Id'] = $value
                }
                $named = $Shape -eq 'number'
            }
            'ComputerName' {
                $splat['Id'] = $SessionId
                if ($Shape -ne 'absent') {
                    $splat['ComputerName'] = $value
                }
                $named = @('absent', 'localAlias') -contains $Shape
            }
            'Pipeline' {
                $named = @('deserialized', 'session') -contains $Shape
            }
        }
        $allowed = @()
        if ($named -and -not ($acts -and ($SessionId -eq 1))) {
            $allowed = @("SIM01/$SessionId")
        }

        $records = @()
        $errors = @()
        try {
            if (($Kind -eq 'Pipeline') -and ($Shape -ne 'absent')) {
                $records = @($value | & $Command @splat -ErrorVariable +errors -ErrorAction SilentlyContinue 4>&1)
            } else {
                $records = @(& $Command @splat -ErrorVariable +errors -ErrorAction SilentlyContinue 4>&1)
            }
        } catch {
            $errors += $_
        }

        # 1. Nothing outside the named target changed.
        $after = Get-MatrixState
        $changed = @($before.Keys | Where-Object { $after[$_] -ne $before[$_] })
        # What was done: the results of the trail (an intent record comes
        # before each action sent, then its result: completed, requested,
        # or failed when it did not happen).
        $touched = @()
        if (Test-Path -LiteralPath $audit) {
            $lines = @(Get-Content -LiteralPath $audit)
            $mine = @(for ($i = $auditBefore; $i -lt $lines.Count; $i++) { $lines[$i] })
            $touched = @($mine | ForEach-Object { ConvertFrom-Json -InputObject $_ } |
                    Where-Object { @('completed', 'requested') -contains $_.result } | ForEach-Object { "$($_.computerName)/$($_.sessionId)" })
        }
        if (($changed.Count -gt 0) -or ($touched.Count -gt 0) -or ($allowed.Count -gt 0)) {
            $MatrixRun.Dirty = $true
        }
        foreach ($key in $changed) {
            $allowed | Should -Contain $key -Because "$key changed"
        }
        foreach ($key in $touched) {
            $allowed | Should -Contain $key -Because "$key was acted on or messaged"
        }
        # What was named and allowed was done, and anything else failed
        # closed: an error, never silence, except for an empty pipeline.
        if ($allowed.Count -gt 0) {
            $touched | Should -Contain $allowed[0]
            $errors | Should -BeNullOrEmpty
        } elseif (($Kind -eq 'Pipeline') -and ($Shape -eq 'emptyArray')) {
            $errors | Should -BeNullOrEmpty
            @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        } else {
            @($errors).Count | Should -BeGreaterThan 0 -Because 'a value that names no allowed target is an error'
        }
        # An object given as a computer name is refused as such, naming the
        # parameter, not sent as its text to fail as an unreachable host.
        if (($Kind -eq 'ComputerName') -and (@('deserialized', 'foreign', 'hashtable', 'number', 'session') -contains $Shape)) {
            $errors[0].FullyQualifiedErrorId | Should -BeLike "ParameterArgumentValidationError,$Command"
            $errors[0].Exception.Message | Should -BeLike "*parameter 'ComputerName'*"
        }

        # 2. No prompt promised what the run refused.
        # With -Force and -Verbose, ShouldProcess writes what it was asked
        # to confirm ("Sign out bob (session 3) on this computer") as a
        # verbose line; a protected session is written as not offered.
        $promised = @($records | Where-Object { ($_ -is [System.Management.Automation.VerboseRecord]) -and ($_.Message -match '^(Sign out|Disconnect|Show the message) ') -and ($_.Message -notmatch 'not offered|completed') } | ForEach-Object { $_.Message })
        $refused = @($errors | Where-Object { $_.FullyQualifiedErrorId -like 'UserSession.RefusedForSafety,*' })
        if ($refused.Count -gt 0) {
            $records.Count | Should -BeGreaterThan 0 -Because 'the run wrote what it considered'
        }
        foreach ($refusal in $refused) {
            # The error's target is the session's (computer and id).
            $refusedId = $refusal.TargetObject.Id
            $refusedId | Should -BeOfType [int]
            @($promised | Where-Object { $_ -match "\bsession $refusedId\b" }) | Should -BeNullOrEmpty -Because "session $refusedId was refused: $($refusal.Exception.Message)"
        }
    }

    It '<Command> -<Parameter> <Shape> is refused before anything is sent' -ForEach $RemoteCases {
        $before = Get-MatrixState
        $value = switch ($Shape) {
            'null' { $null }
            'emptyArray' { , @() }
            'nullArray' { , @($null) }
        }
        $splat = @{ Confirm = $false; PSSession = $value; ErrorAction = 'Stop' }
        if ($Command -eq 'Disconnect-UserSession') {
            $splat['Id'] = 3
            $splat['Logoff'] = $true
            $splat['Force'] = $true
        } elseif ($Command -eq 'Send-UserSessionMessage') {
            $splat['Id'] = 3
            $splat['Text'] = 'hello'
        }
        { & $Command @splat } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        $after = Get-MatrixState
        @($before.Keys | Where-Object { $after[$_] -ne $before[$_] }) | Should -BeNullOrEmpty
    }
}
