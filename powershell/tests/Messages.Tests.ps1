#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# Every error message and hint the module writes is made of sentences: a
# final '.', '!' or '?', no doubled full stop, and a hint that starts a
# sentence of its own. That holds for the texts the module spells out (a
# static check of its sources), for every hint the helper's sources can
# send (read from internal/ and cmd/), and for what a script sees when the
# helper refuses.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'StaticChecks.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MessageChecks.ps1')

    # Why a text is not made of sentences, or $null when it is.
    function Get-TestSentenceIssue {
        param([AllowNull()][string]$Text)
        if ([string]::IsNullOrWhiteSpace($Text)) {
            return 'empty'
        }
        if ($Text -cne $Text.Trim()) {
            return "space around: '$Text'"
        }
        if ($Text -notmatch '[.!?][)\]''"]*$') {
            return "no final punctuation: '$Text'"
        }
        if ($Text -match '(?<![.])\.\.(?![.\\/])') {
            return "a doubled full stop: '$Text'"
        }
        if ($Text -cmatch '[.!?] +[a-z]') {
            return "a sentence that starts in lower case: '$Text'"
        }
        $null
    }

    # The hints of the helper's Go sources: each Hint field and each
    # constant named *Hint or hint*, its literals joined, constants put
    # in, any other value as 'X'.
    function Get-TestHelperHint {
        $literal = '"(?:[^"\\]|\\.)*"|`[^`]*`'
        $term = "(?:$literal|[A-Za-z_][A-Za-z0-9_.]*(?:\([^()]*\))?)"
        $expression = "$term(?:\s*\+\s*$term)*"
        $files = @(Get-ChildItem -Path (Join-Path $TestRepositoryRoot 'internal'), (Join-Path $TestRepositoryRoot 'cmd') -Recurse -File -Filter '*.go' |
                Where-Object { $_.Name -notlike '*_test.go' -and $_.FullName -notmatch '[\\/]testdata[\\/]' })
        $constants = @{}
        $uses = [System.Collections.Generic.List[string]]::new()
        foreach ($file in $files) {
            $source = [System.IO.File]::ReadAllText($file.FullName)
            foreach ($m in [regex]::Matches($source, "(?m)^\s*(?:const\s+|var\s+)?(\w*[Hh]int\w*)\s*(?:string\s*)?=\s*($expression)")) {
                $constants[$m.Groups[1].Value] = $m.Groups[2].Value
            }
            foreach ($m in [regex]::Matches($source, "Hint:\s*($expression)")) {
                $uses.Add($m.Groups[1].Value)
            }
        }
        $join = {
            param([string]$Expression, [int]$Depth)
            $parts = foreach ($t in [regex]::Matches($Expression, $term)) {
                $v = $t.Value
                if ($v.StartsWith('"')) {
                    [regex]::Unescape($v.Substring(1, $v.Length - 2))
                } elseif ($v.StartsWith('`')) {
                    $v.Substring(1, $v.Length - 2)
                } elseif ($constants.ContainsKey($v) -and ($Depth -lt 3)) {
                    & $join $constants[$v] ($Depth + 1)
                } else {
                    'X'
                }
            }
            -join $parts
        }
        $hints = foreach ($expression in @($uses) + @($constants.Values)) {
            & $join $expression 0
        }
        @($hints | Sort-Object -Unique)
    }
}

Describe 'The messages the module spells out' {
    It 'end as sentences (static check of the module''s sources)' {
        $files = @(Get-ChildItem -Path (Join-Path -Path $TestRepositoryRoot -ChildPath 'powershell/UserSession') -Recurse -File -Include '*.ps1', '*.psm1')
        $files.Count | Should -BeGreaterThan 30
        $findings = foreach ($file in $files) {
            $parsed = ConvertTo-StaticAst -Source ([System.IO.File]::ReadAllText($file.FullName))
            foreach ($finding in @(Find-StaticMessageIssue -Parsed $parsed)) {
                '{0}:{1}' -f $file.Name, $finding
            }
        }
        $findings | Should -BeNullOrEmpty
    }

    It 'static check finds <Why>' -ForEach @(
        @{ Why = 'a warning without a full stop'; Source = 'Write-Warning -Message "the answer is no"' }
        @{ Why = 'a positional warning'; Source = 'Write-Warning ''skipped''' }
        @{ Why = 'an argument error'; Source = 'New-UserSessionArgumentError -Reason ''InvalidInput'' -Message ''Give -Id'' -TargetObject $null' }
        @{ Why = 'a format string'; Source = 'New-UserSessionTransportError -Reason ''HelperExited'' -Path $p -Message (''{0} exited early'' -f $p)' }
        @{ Why = 'a joined text'; Source = 'New-UserSessionTransportResponse -Id 1 -Reason ''HelperTimeout'' -Message ($a + '' timed out'')' }
        @{ Why = 'a thrown string'; Source = 'throw "the id $id is wrong"' }
        @{ Why = 'a doubled full stop'; Source = 'throw "The id is wrong.."' }
        @{ Why = 'a doubled full stop inside'; Source = 'Write-Warning -Message ''Skipped.. the session is gone.''' }
    ) {
        @(Find-StaticMessageIssue -Parsed (ConvertTo-StaticAst -Source $Source)) | Should -Not -BeNullOrEmpty
    }

    It 'static check lets through <Why>' -ForEach @(
        @{ Why = 'sentences'; Source = 'Write-Warning -Message "$x: skipped."; throw ''Give -Id or pipe sessions.''' }
        @{ Why = 'a text that ends with a value'; Source = 'throw "The helper said: $($answer.Message)"; Write-Warning ("{0} failed: {1}" -f $a, $b)' }
        @{ Why = 'a question, a quote and brackets'; Source = 'Write-Warning -Message ''Is it on?''; throw "It says ''no.''"; throw ''(see about_UserSession.)''' }
        @{ Why = 'an ellipsis and a relative path'; Source = 'throw ''Wait...''; throw "Run ..\bin\usersession.exe."' }
        @{ Why = 'a variable'; Source = 'New-UserSessionArgumentError -Message $message -Reason ''InvalidInput''' }
    ) {
        @(Find-StaticMessageIssue -Parsed (ConvertTo-StaticAst -Source $Source)) | Should -BeNullOrEmpty
    }
}

Describe 'The messages and hints of the helper, as the module writes them' {
    BeforeAll {
        Import-TestModule
        $Module = Get-Module -Name UserSession
        $BuildRecord = {
            param($RpcError, [string]$Prefix)
            & $Module { param($e, $p) New-UserSessionErrorRecord -RpcError $e -TargetObject 3 -Prefix $p } $RpcError $Prefix
        }
    }

    It 'finds the hints in the helper''s sources' {
        $hints = @(Get-TestHelperHint)
        $hints.Count | Should -BeGreaterThan 15
        $hints | Should -Contain 'run elevated; for a remote host, enable AllowRemoteRPC and open port 445'
        $hints | Should -Contain "run usersession as root (sudo) to act on another user's session"
    }

    It 'ends every hint of the helper as a sentence of its own, after the message (code <_>)' -ForEach @(-32001, -32002, -32003, -32004, -32005, -32006, -32007, -32602) {
        foreach ($hint in @(Get-TestHelperHint)) {
            $rpcError = [pscustomobject]@{ code = $_; message = 'logoff: it failed'; data = [pscustomobject]@{ hint = $hint; reason = 'a reason' } }
            $record = & $BuildRecord $rpcError 'Session 3 on SIM01: '
            Get-TestSentenceIssue -Text $record.Exception.Message | Should -BeNullOrEmpty -Because $hint
            Get-TestSentenceIssue -Text $record.ErrorDetails.Message | Should -BeNullOrEmpty -Because $hint
            Get-TestSentenceIssue -Text $record.ErrorDetails.RecommendedAction | Should -BeNullOrEmpty -Because $hint
            $record.Exception.Message | Should -BeLike "*. $($record.ErrorDetails.RecommendedAction)"
        }
    }

    It 'ends a message as a sentence: <Text>' -ForEach @(
        @{ Text = 'access denied'; Want = 'Session 3: access denied. Run elevated.' }
        @{ Text = 'access denied.'; Want = 'Session 3: access denied. Run elevated.' }
        @{ Text = 'access denied..'; Want = 'Session 3: access denied. Run elevated.' }
        @{ Text = 'the helper said: '; Want = 'Session 3: the helper said. Run elevated.' }
        @{ Text = 'is it on?'; Want = 'Session 3: is it on? Run elevated.' }
    ) {
        $rpcError = [pscustomobject]@{ code = -32001; message = $Text; data = [pscustomobject]@{ hint = 'run elevated.' } }
        (& $BuildRecord $rpcError 'Session 3: ').Exception.Message | Should -BeExactly $Want
    }

    It 'ends the module''s own errors built from a text that ends with a value' {
        $record = & $Module { New-UserSessionTransportError -Reason 'HelperStartFailed' -Path '/x' -Message "The UserSession helper at '/x' could not be started: permission denied" }
        $record.Exception.Message | Should -BeExactly "The UserSession helper at '/x' could not be started: permission denied."
        $record = & $Module { New-UserSessionArgumentError -Reason 'InvalidInput' -Message '-Every: not a time' -TargetObject $null }
        $record.Exception.Message | Should -BeExactly '-Every: not a time.'
    }
}

Describe 'What a script sees when the helper refuses' -Tag 'CallerStrict' {
    BeforeAll {
        $DeniedFixture = $TestFixtureJson.Replace('"elevated": true', '"elevated": false')
    }

    It 'reads sentences with the hint last: <Name>' -ForEach @(
        @{ Name = 'an unreachable host'; Id = 'UserSession.HostUnreachable,Get-UserSession'; Denied = $false; Command = { Get-UserSession -ComputerName DEAD01 -ErrorAction SilentlyContinue -ErrorVariable e; $e } }
        @{ Name = 'a host the fixture lacks'; Id = 'UserSession.HostUnreachable,Get-UserSession'; Denied = $false; Command = { Get-UserSession -ComputerName NOPE01 -ErrorAction SilentlyContinue -ErrorVariable e; $e } }
        @{ Name = 'session 0'; Id = 'UserSession.RefusedForSafety,Disconnect-UserSession'; Denied = $false; Command = { Disconnect-UserSession -Id 0 -Force -ErrorAction SilentlyContinue -ErrorVariable e; $e } }
        @{ Name = 'another user''s session, not elevated'; Id = 'UserSession.AccessDenied,Disconnect-UserSession'; Denied = $true; Command = { Disconnect-UserSession -Id 3 -Logoff -Force -ErrorAction SilentlyContinue -ErrorVariable e; $e } }
    ) {
        if ($Denied) {
            Import-TestModule -Json $DeniedFixture
        } else {
            Import-TestModule
        }
        $errors = @(& $Command)
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be $Id
        Get-TestSentenceIssue -Text $errors[0].Exception.Message | Should -BeNullOrEmpty
        Get-TestSentenceIssue -Text $errors[0].ErrorDetails.RecommendedAction | Should -BeNullOrEmpty
        $errors[0].Exception.Message | Should -BeLike "*. $($errors[0].ErrorDetails.RecommendedAction)"
    }
}
