#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# Get-UserSession's listings are built straight from the parser's output:
# from System.Text.Json's document on PowerShell 7
# (ConvertFrom-UserSessionJsonListing) and from JavaScriptSerializer's
# dictionaries on Windows PowerShell 5.1
# (ConvertFrom-UserSessionDictionaryListing, played by the stand-in of
# DesktopJson.ps1). Each must give, for any answer the helper can send,
# exactly the objects of the generic path (ConvertFrom-Json, or the
# dictionaries converted to [pscustomobject], then
# ConvertFrom-UserSessionWireSession): every member, its type and value,
# and the type names. The answers here are generated with nulls, empty
# strings, fractions, exponents, unicode, offsets and nanoseconds in times,
# and without the members older helpers lack.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')

    # The PowerShell 7 builder runs where System.Text.Json is and times stay
    # strings (PowerShell 7.5 and later); elsewhere the generic path is the
    # module's path, and the tests of that builder are skipped.
    $TestCoreListing = ($PSVersionTable.PSEdition -eq 'Core') -and (Get-Command -Name 'ConvertFrom-Json').Parameters.ContainsKey('DateKind')

    # What JavaScriptSerializer.DeserializeObject returns for a line: its
    # own in Windows PowerShell, the stand-in of DesktopJson.ps1 elsewhere.
    function ConvertFrom-TestListingDictionary {
        param([string]$Json)
        if ($PSVersionTable.PSEdition -eq 'Desktop') {
            Add-Type -AssemblyName 'System.Web.Extensions'
            $serializer = New-Object -TypeName System.Web.Script.Serialization.JavaScriptSerializer
            $serializer.MaxJsonLength = [int]::MaxValue
            return , $serializer.DeserializeObject($Json)
        }
        return , (ConvertFrom-TestDesktopJson -Json $Json)
    }

    # A JSON string literal.
    function ConvertTo-TestJsonString {
        param([AllowNull()]$Text)
        if ($null -eq $Text) {
            return 'null'
        }
        $builder = [System.Text.StringBuilder]::new('"')
        foreach ($c in $Text.ToCharArray()) {
            if ($c -eq '"') {
                $null = $builder.Append('\"')
            } elseif ($c -eq '\') {
                $null = $builder.Append('\\')
            } elseif ([int]$c -gt 0x7e -or [int]$c -lt 0x20) {
                $null = $builder.Append(('\u{0:x4}' -f [int]$c))
            } else {
                $null = $builder.Append($c)
            }
        }
        $null = $builder.Append('"')
        $builder.ToString()
    }

    # One answer to session.list (a whole line, as the helper writes it)
    # of -Count generated sessions. -Old leaves out the members that
    # older helpers did not send; -Resources adds the resource members.
    function New-TestListingLine {
        param(
            [int]$Seed,
            [int]$Count = 60,
            [long]$Id = 7,
            [switch]$Old,
            [switch]$Resources
        )
        $random = [System.Random]::new($Seed)
        $pick = { param([object[]]$Values) $Values[$random.Next($Values.Count)] }
        $texts = @($null, '', 'bob', ('zo' + [char]0xeb), ([string][char]0x7528 + [char]0x6237), ('emoji ' + [char]0xd83d + [char]0xde00), 'CONTOSO\bob', 'a "quoted" name', ' padded ')
        $times = @($null, '', '2026-11-24T07:55:00Z', '2026-11-24T07:55:00.123456789Z', '2026-11-24T07:55:00.1234567Z', '2026-11-24T08:55:00+01:00', '1999-12-31T23:59:59.5Z', '2026-06-30T12:00:00.000001Z')
        $numbers = @('null', '0', '60', '12.5', '0.1', '1e-7', '2.5E+3', '86399.999', '4294967295')
        $booleans = @('null', 'true', 'false')
        $sessions = foreach ($i in 1..$Count) {
            $members = [System.Collections.Generic.List[string]]::new()
            $members.Add('"computerName":' + (ConvertTo-TestJsonString (& $pick @('SIM01', 'srv02.contoso.com', ('DEAD' + [char]0xe9), $null))))
            $members.Add('"id":' + (& $pick @('0', '1', '65536', '2147483647', [string]$i)))
            foreach ($name in @('sessionName', 'userName', 'domain', 'state', 'clientName', 'clientAddress', 'protocol')) {
                $members.Add(('"{0}":' -f $name) + (ConvertTo-TestJsonString (& $pick $texts)))
            }
            foreach ($name in @('logonTime', 'connectTime', 'disconnectTime', 'lastInputTime')) {
                $members.Add(('"{0}":' -f $name) + (ConvertTo-TestJsonString (& $pick $times)))
            }
            $members.Add('"idleSeconds":' + (& $pick $numbers))
            $members.Add('"locked":' + (& $pick $booleans))
            $members.Add('"isCurrent":' + (& $pick @('true', 'false')))
            $members.Add('"isConsole":' + (& $pick @('true', 'false')))
            if (-not $Old) {
                $members.Add('"sid":' + (ConvertTo-TestJsonString (& $pick @($null, 'S-1-5-21-1-2-3-1001', ''))))
                $members.Add('"accountName":' + (ConvertTo-TestJsonString (& $pick $texts)))
                $members.Add('"isRemote":' + (& $pick $booleans))
                $members.Add('"clientBuild":' + (& $pick @('null', '0', '22631', '4294967')))
                $members.Add('"clientDisplay":' + (& $pick @('null', '{"width":1920,"height":1080,"colorDepth":32}', '{"width":0,"height":0,"colorDepth":0}')))
                $members.Add('"protected":' + (ConvertTo-TestJsonString (& $pick @($null, 'your own session', 'session 0', 'a listener', ''))))
            }
            if ($Resources) {
                $members.Add('"processCount":' + (& $pick @('null', '0', '17')))
                $members.Add('"workingSetBytes":' + (& $pick @('null', '0', '12345678901', '9007199254740993')))
                $members.Add('"cpuSeconds":' + (& $pick $numbers))
            }
            '{' + ($members -join ',') + '}'
        }
        $failures = '[{"computerName":"DEAD01","code":-32005,"message":"host unreachable (DEAD01): ' + '\u00e9' + '","data":{"win32Code":1722,"ratio":2.5E+3,"hint":"x"}}]'
        if ($Seed % 2 -eq 0) {
            $failures = '[]'
        }
        '{"jsonrpc":"2.0","id":' + $Id + ',"result":{"sessions":[' + (@($sessions) -join ',') + '],"failures":' + $failures + '}}'
    }

    # Every member of an object, one line each: name, member type, the
    # value's type and the value (times with their Kind and ticks, spans
    # in ticks, doubles round-trip), nested objects and their type names
    # below; an alias names what it stands for, a script method its script.
    function ConvertTo-TestDump {
        param(
            [AllowNull()]$Value,
            [string]$Path = ''
        )
        if ($null -eq $Value) {
            return "$Path = <null>"
        }
        $base = $Value
        if ($Value -is [psobject]) {
            $base = $Value.PSObject.BaseObject
        }
        if ($base -is [System.Management.Automation.PSCustomObject]) {
            "$Path : types " + ($Value.PSObject.TypeNames -join ',')
            foreach ($member in $Value.PSObject.Members) {
                if (@('NoteProperty', 'Property') -contains [string]$member.MemberType) {
                    ConvertTo-TestDump -Value $member.Value -Path ('{0}.{1}' -f $Path, $member.Name)
                } elseif ([string]$member.MemberType -eq 'AliasProperty') {
                    '{0}.{1} : alias of {2}' -f $Path, $member.Name, $member.ReferencedMemberName
                } elseif ([string]$member.MemberType -eq 'ScriptMethod') {
                    '{0}.{1} : script method {{{2}}}' -f $Path, $member.Name, $member.Script
                } elseif (-not (@('Method', 'CodeMethod', 'MemberSet', 'PropertySet') -contains [string]$member.MemberType)) {
                    '{0}.{1} : {2}' -f $Path, $member.Name, $member.MemberType
                }
            }
            return
        }
        if (($base -is [System.Collections.IEnumerable]) -and ($base -isnot [string]) -and ($base -isnot [System.Collections.IDictionary])) {
            $i = 0
            "$Path : " + $base.GetType().FullName
            foreach ($item in $base) {
                ConvertTo-TestDump -Value $item -Path ('{0}[{1}]' -f $Path, $i)
                $i++
            }
            return
        }
        $text = [string]$base
        if ($base -is [datetime]) {
            $text = '{0} {1}' -f $base.Kind, $base.Ticks
        } elseif ($base -is [TimeSpan]) {
            $text = $base.Ticks
        } elseif ($base -is [double]) {
            $text = $base.ToString('R', [System.Globalization.CultureInfo]::InvariantCulture)
        } elseif ($base -is [string]) {
            $text = '"{0}" ({1} chars)' -f $base, $base.Length
        }
        '{0} = [{1}] {2}' -f $Path, $base.GetType().FullName, $text
    }

    # Both builds of one line as dumps, with what each builder returned:
    # the generic one (the edition's parser or the stand-in, then
    # ConvertFrom-UserSessionWireSession) and the listing builder itself,
    # called directly so that no fallback can stand in for it.
    function Get-TestListingPair {
        param(
            [string]$Line,
            [switch]$Remote,
            [switch]$Resources,
            [switch]$Desktop
        )
        $parsed = $null
        if ($Desktop) {
            # Twice: one for each path, so that neither sees what the other did.
            $parsed = @((ConvertFrom-TestListingDictionary -Json $Line), (ConvertFrom-TestListingDictionary -Json $Line))
        }
        $pair = InModuleScope UserSession -Parameters @{ Line = $Line; Parsed = $parsed; Remote = [bool]$Remote; Resources = [bool]$Resources } {
            param($Line, $Parsed, $Remote, $Resources)
            $pending = @{ [long]7 = [pscustomobject]@{ SessionShape = @{ Remote = $Remote; Resources = $Resources }; Abandoned = $false } }
            if ($null -ne $Parsed) {
                $fast = ConvertFrom-UserSessionDictionaryListing -Message $Parsed[0] -Pending $pending
                $generic = ConvertFrom-UserSessionJsonValue -Value $Parsed[1]
            } else {
                # PowerShell 7's own parser, in the desktop leg too.
                $parser = $script:JsonDeserializer
                $script:JsonDeserializer = $null
                try {
                    $null = ConvertFrom-UserSessionJson -Json '{}'
                    if ($null -eq $script:JsonListing) {
                        throw 'The listing builder of PowerShell 7 is off in this PowerShell.'
                    }
                    $fast = ConvertFrom-UserSessionJsonListing -Json $Line -Pending $pending
                    $generic = ConvertFrom-UserSessionJson -Json $Line
                } finally {
                    $script:JsonDeserializer = $parser
                }
            }
            $sessions = [System.Collections.Generic.List[psobject]]::new()
            foreach ($session in @(ConvertFrom-UserSessionWireSession -Wire @($generic.result.sessions) -Remote:$Remote -Resources:$Resources)) {
                $sessions.Add($session)
            }
            $generic.result.sessions = $sessions
            [pscustomobject]@{ Fast = $fast; Generic = $generic }
        }
        [pscustomobject]@{
            FastType    = $pair.Fast.result.sessions.GetType().Name
            Fast        = @(ConvertTo-TestDump -Value $pair.Fast)
            Generic     = @(ConvertTo-TestDump -Value $pair.Generic)
            FastObjects = $pair.Fast.result.sessions
        }
    }

    function Assert-TestSameDump {
        param([string[]]$Fast, [string[]]$Generic)
        for ($i = 0; $i -lt [Math]::Max($Fast.Count, $Generic.Count); $i++) {
            if ($Fast[$i] -cne $Generic[$i]) {
                throw "line ${i}: the listing builder gave '$($Fast[$i])', the generic path '$($Generic[$i])'"
            }
        }
        $Fast.Count | Should -Be $Generic.Count
    }
}

Describe 'Listings built straight from the parser' -Tag 'CallerStrict' {
    BeforeAll {
        Import-TestModule

        # Whether this leg's parser builds Get-UserSession's listings
        # straight from its output: PowerShell 7.5 and later, the Desktop
        # stand-in, or Windows PowerShell.
        function Test-ListingBuilderUsed {
            $TestCoreListing -or (InModuleScope UserSession { $null -ne $script:JsonDeserializer }) -or ($PSVersionTable.PSEdition -eq 'Desktop')
        }
    }
    AfterAll {
        Remove-Module -Name UserSession -Force -ErrorAction SilentlyContinue
    }

    It 'give the generic path''s objects, member by member (<Name>)' -TestCases @(
        @{ Name = 'PowerShell 7, local'; Seed = 1; Desktop = $false; Remote = $false; Resources = $false; Old = $false }
        @{ Name = 'PowerShell 7, remote'; Seed = 2; Desktop = $false; Remote = $true; Resources = $false; Old = $false }
        @{ Name = 'PowerShell 7, resources'; Seed = 3; Desktop = $false; Remote = $true; Resources = $true; Old = $false }
        @{ Name = 'PowerShell 7, an older helper'; Seed = 4; Desktop = $false; Remote = $false; Resources = $true; Old = $true }
        @{ Name = '5.1 shapes, local'; Seed = 5; Desktop = $true; Remote = $false; Resources = $false; Old = $false }
        @{ Name = '5.1 shapes, remote'; Seed = 6; Desktop = $true; Remote = $true; Resources = $false; Old = $false }
        @{ Name = '5.1 shapes, resources'; Seed = 7; Desktop = $true; Remote = $false; Resources = $true; Old = $false }
        @{ Name = '5.1 shapes, an older helper'; Seed = 8; Desktop = $true; Remote = $true; Resources = $true; Old = $true }
    ) {
        param($Seed, $Desktop, $Remote, $Resources, $Old)
        if (-not ($Desktop -or $TestCoreListing)) {
            Set-ItResult -Skipped -Because 'this PowerShell parses listings on the generic path'
            return
        }
        $line = New-TestListingLine -Seed $Seed -Old:$Old -Resources:$Resources
        $pair = Get-TestListingPair -Line $line -Remote:$Remote -Resources:$Resources -Desktop:$Desktop
        $pair.FastType | Should -Be 'List`1'
        Assert-TestSameDump -Fast $pair.Fast -Generic $pair.Generic
        # The dump holds what the comparison needs: each session's type
        # names, members and methods, and nulls among the values.
        ($pair.Generic -match '^\.result\.sessions\[59\]\.IdleTime = ') | Should -HaveCount 1
        ($pair.Generic -match '^\.result\.sessions\[\d+\] : types .*UserSession\.Session,').Count | Should -Be 60
        ($pair.Generic -match 'GetQuserIdleTime : script method').Count | Should -Be 60
        ($pair.Generic -match '\.LogonTime = <null>$').Count | Should -BeGreaterThan 0
        ($pair.Generic -match '\.LogonTime = \[System.DateTime\] Local').Count | Should -BeGreaterThan 0
    }

    It 'gives an empty listing as the generic path does (<Name>)' -TestCases @(
        @{ Name = 'PowerShell 7'; Desktop = $false }
        @{ Name = '5.1 shapes'; Desktop = $true }
    ) {
        param($Desktop)
        if (-not ($Desktop -or $TestCoreListing)) {
            Set-ItResult -Skipped -Because 'this PowerShell parses listings on the generic path'
            return
        }
        $pair = Get-TestListingPair -Line '{"jsonrpc":"2.0","id":7,"result":{"sessions":[],"failures":[]}}' -Desktop:$Desktop
        $pair.FastType | Should -Be 'List`1'
        Assert-TestSameDump -Fast $pair.Fast -Generic $pair.Generic
    }

    It 'is a comparison that fails when any one field differs' {
        $pair = Get-TestListingPair -Line (New-TestListingLine -Seed 9 -Count 1 -Resources) -Remote -Resources -Desktop
        $session = $pair.FastObjects[0]
        $names = @($session.PSObject.Properties | Where-Object { $_.MemberType -eq 'NoteProperty' } | ForEach-Object { $_.Name })
        $names | Should -HaveCount 26
        foreach ($name in $names) {
            $changed = $session.PSObject.Copy()
            $value = $changed.$name
            if ($null -eq $value) {
                $changed.$name = 0
            } elseif ($value -is [string]) {
                $changed.$name = $value + 'x'
            } elseif ($value -is [datetime]) {
                $changed.$name = [datetime]::SpecifyKind($value, [System.DateTimeKind]::Utc)
            } elseif ($value -is [int]) {
                $changed.$name = [long]$value
            } elseif ($value -is [bool]) {
                $changed.$name = -not $value
            } else {
                $changed.$name = $null
            }
            { Assert-TestSameDump -Fast @(ConvertTo-TestDump -Value $changed) -Generic @(ConvertTo-TestDump -Value $session) } | Should -Throw -ExpectedMessage "*$name*"
        }
        $renamed = $session.PSObject.Copy()
        $renamed.PSObject.TypeNames.Remove('UserSession.Session.Remote')
        { Assert-TestSameDump -Fast @(ConvertTo-TestDump -Value $renamed) -Generic @(ConvertTo-TestDump -Value $session) } | Should -Throw
    }

    It 'leaves an answer it cannot read to the generic path, which fails as it always did (<Name>)' -TestCases @(
        @{ Name = 'an id as a string, PowerShell 7'; Desktop = $false; Session = '{"computerName":"SIM01","id":"3"}' }
        @{ Name = 'a missing member, PowerShell 7'; Desktop = $false; Session = '{"id":3}' }
        @{ Name = 'an id as a string, 5.1 shapes'; Desktop = $true; Session = '{"computerName":"SIM01","id":"3"}' }
        @{ Name = 'a missing member, 5.1 shapes'; Desktop = $true; Session = '{"id":3}' }
    ) {
        param($Desktop, $Session)
        if (-not ($Desktop -or $TestCoreListing)) {
            Set-ItResult -Skipped -Because 'this PowerShell parses listings on the generic path'
            return
        }
        $line = '{"jsonrpc":"2.0","id":7,"result":{"sessions":[' + $Session + '],"failures":[]}}'
        $parser = $null
        if ($Desktop -and ($PSVersionTable.PSEdition -ne 'Desktop')) {
            $parser = ${function:ConvertFrom-TestDesktopJson}
        }
        $outcome = InModuleScope UserSession -Parameters @{ Line = $line; Parser = $parser } {
            param($Line, $Parser)
            $script:JsonDeserializer = $Parser
            try {
                $pending = @{ [long]7 = [pscustomobject]@{ SessionShape = @{ Remote = $false; Resources = $false }; Abandoned = $false } }
                $message = ConvertFrom-UserSessionJson -Json $Line -Pending $pending
                $failure = $null
                try {
                    $null = ConvertFrom-UserSessionWireSession -Wire @($message.result.sessions)
                } catch {
                    $failure = $_.Exception.Message
                }
                [pscustomobject]@{ Type = $message.result.sessions.GetType().Name; Failure = $failure }
            } finally {
                $script:JsonDeserializer = $null
            }
        }
        Use-TestJsonParser
        $outcome.Type | Should -Be 'Object[]'
        $outcome.Failure | Should -Not -BeNullOrEmpty
    }

    It 'is the path Get-UserSession''s listings take, in this leg''s parser' {
        if (-not (Test-ListingBuilderUsed)) {
            Set-ItResult -Skipped -Because 'this PowerShell parses listings on the generic path'
            return
        }
        $type = InModuleScope UserSession {
            Initialize-UserSessionHelper
            $id = Send-UserSessionRequest -Method 'session.list' -Params @{} -Target 'the test listing' -SessionShape @{ Remote = $false; Resources = $false }
            (Receive-UserSessionResponse -Id $id).result.sessions.GetType().Name
        }
        $type | Should -Be 'List`1'
        $sessions = @(Get-UserSession)
        $sessions | Should -HaveCount 5
        $sessions[4].UserName | Should -Be ('zo' + [char]0xeb)
        $sessions[4].SessionId | Should -Be 5
    }

    It 'builds every listing of Get-UserSession that way, never through the generic conversion (<Name>)' -TestCases @(
        @{ Name = 'this computer'; Arguments = @{}; Count = 5 }
        @{ Name = 'a remote computer'; Arguments = @{ ComputerName = 'SRV02' }; Count = 1 }
        @{ Name = 'two computers, with resources'; Arguments = @{ ComputerName = @('SIM01', 'SRV02'); IncludeResources = $true }; Count = 6 }
    ) {
        param($Arguments, $Count)
        if (-not (Test-ListingBuilderUsed)) {
            Set-ItResult -Skipped -Because 'this PowerShell parses listings on the generic path'
            return
        }
        Mock -ModuleName UserSession -CommandName ConvertFrom-UserSessionWireSession -MockWith { throw 'the generic conversion was called' }
        $sessions = @(Get-UserSession @Arguments)
        $sessions | Should -HaveCount $Count
        Should -Invoke -ModuleName UserSession -CommandName ConvertFrom-UserSessionWireSession -Times 0 -Exactly
    }

    It 'reads no other answer with a listing builder (server.info, a process list)' {
        # Tried only while a listing is awaited: before, every line the
        # helper wrote was parsed for it first.
        Mock -ModuleName UserSession -CommandName ConvertFrom-UserSessionJsonListing -MockWith { throw 'the builder was called' }
        Mock -ModuleName UserSession -CommandName ConvertFrom-UserSessionDictionaryListing -MockWith { throw 'the builder was called' }
        InModuleScope UserSession { Stop-UserSessionHelper }
        $processes = @(Get-UserSessionProcess -Id 3)
        $processes.Count | Should -BeGreaterThan 0
        InModuleScope UserSession { $script:Helper.Info.version } | Should -Not -BeNullOrEmpty
        Should -Invoke -ModuleName UserSession -CommandName ConvertFrom-UserSessionJsonListing -Times 0 -Exactly
        Should -Invoke -ModuleName UserSession -CommandName ConvertFrom-UserSessionDictionaryListing -Times 0 -Exactly
    }

    It 'leaves Get-UserSession on the generic path where that builder is off (PowerShell 7 before 7.5), with the same objects' {
        if (-not $TestCoreListing -or (InModuleScope UserSession { $null -ne $script:JsonDeserializer })) {
            Set-ItResult -Skipped -Because 'the test turns off the builder of PowerShell 7'
            return
        }
        $built = @(Get-UserSession -ComputerName SIM01, SRV02 -IncludeResources)
        try {
            InModuleScope UserSession { $script:JsonListing = $null }
            Mock -ModuleName UserSession -CommandName ConvertFrom-UserSessionJsonListing -MockWith { throw 'the builder was called' }
            $generic = @(Get-UserSession -ComputerName SIM01, SRV02 -IncludeResources)
            Should -Invoke -ModuleName UserSession -CommandName ConvertFrom-UserSessionJsonListing -Times 0 -Exactly
        } finally {
            # Set up again at the next answer.
            InModuleScope UserSession { $script:JsonOptions = $null }
        }
        $generic | Should -HaveCount 6
        Assert-TestSameDump -Fast @(ConvertTo-TestDump -Value $built) -Generic @(ConvertTo-TestDump -Value $generic)
    }

    It 'gives Get-UserSession the generic path''s objects for the helper''s own answer (remote and resources)' {
        if (-not (Test-ListingBuilderUsed)) {
            Set-ItResult -Skipped -Because 'this PowerShell parses listings on the generic path'
            return
        }
        $pair = InModuleScope UserSession {
            Initialize-UserSessionHelper
            $params = @{ computerNames = [string[]]@('SIM01', 'SRV02'); includeResources = $true }
            $built = Send-UserSessionRequest -Method 'session.list' -Params $params -Target 'the test listing' -SessionShape @{ Remote = $true; Resources = $true }
            $fast = (Receive-UserSessionResponse -Id $built).result.sessions
            $plain = Send-UserSessionRequest -Method 'session.list' -Params $params -Target 'the test listing'
            $wire = (Receive-UserSessionResponse -Id $plain).result.sessions
            [pscustomobject]@{ Fast = $fast; Generic = @(ConvertFrom-UserSessionWireSession -Wire @($wire) -Remote -Resources) }
        }
        $pair.Fast.GetType().Name | Should -Be 'List`1'
        $fast = @(ConvertTo-TestDump -Value $pair.Fast)
        $generic = @(ConvertTo-TestDump -Value $pair.Generic)
        ($fast -match '\.Id = ').Count | Should -Be 6
        # The generic array and the List differ in their type only.
        Assert-TestSameDump -Fast @($fast | Select-Object -Skip 1) -Generic @($generic | Select-Object -Skip 1)
    }
}
