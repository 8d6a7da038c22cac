#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# The static checks of StaticChecks.ps1 over the repository's PowerShell
# sources (module, examples, tests), and, for each check, a bad sample it
# must find: a check that finds nothing in bad input is no check.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'StaticChecks.ps1')
    $RepositoryRoot = (Resolve-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
    $PsRoot = Join-Path -Path $RepositoryRoot -ChildPath 'powershell'
    $ModuleRoot = Join-Path -Path $PsRoot -ChildPath 'UserSession'
    $Methods = Get-StaticOpenRpcMethod -Json ([System.IO.File]::ReadAllText((Join-Path -Path $RepositoryRoot -ChildPath 'schema/openrpc.json')))
    # Files that run only in PowerShell 7, each for its reason: the
    # stand-in for Windows PowerShell's parser is built on System.Text.Json.
    $Ps7OnlyFiles = @('powershell/tests/DesktopJson.ps1')

    function Get-RelativeName {
        param([string]$Path)
        $Path.Substring($RepositoryRoot.Length + 1).Replace('\', '/')
    }

    # Every source, parsed once: relative name -> parse result.
    $Sources = [ordered]@{}
    foreach ($file in (Get-ChildItem -Path $PsRoot -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' | Sort-Object -Property FullName)) {
        if ($file.FullName -match '[\\/]bin[\\/]') {
            continue
        }
        $Sources[(Get-RelativeName -Path $file.FullName)] = ConvertTo-StaticAst -Source ([System.IO.File]::ReadAllText($file.FullName))
    }

    # Runs a check over files: "file:line: message" for each finding.
    function Invoke-StaticCheck {
        param(
            [string[]]$Name,
            [scriptblock]$Check
        )
        foreach ($file in $Name) {
            foreach ($finding in @(& $Check $Sources[$file] $file)) {
                '{0}:{1}' -f $file, $finding
            }
        }
    }
}

Describe 'Every PowerShell source of the repository' {
    It 'parses' {
        $Sources.Count | Should -BeGreaterThan 30
        Invoke-StaticCheck -Name $Sources.Keys -Check { param($parsed) Find-StaticParseError -Parsed $parsed } | Should -BeNullOrEmpty
    }

    It 'uses nothing Windows PowerShell 5.1 lacks' {
        $names = @($Sources.Keys | Where-Object { $Ps7OnlyFiles -notcontains $_ })
        Invoke-StaticCheck -Name $names -Check { param($parsed) Find-StaticPs51Issue -Parsed $parsed } | Should -BeNullOrEmpty
    }

    It 'neither assigns nor takes as a parameter an automatic variable' {
        Invoke-StaticCheck -Name $Sources.Keys -Check { param($parsed) Find-StaticAutomaticVariableUse -Parsed $parsed } | Should -BeNullOrEmpty
    }

    It 'holds ASCII only, or starts with a UTF-8 byte-order mark (text files of powershell/)' {
        $findings = foreach ($file in (Get-ChildItem -Path $PsRoot -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1', '*.ps1xml', '*.txt', '*.md')) {
            foreach ($finding in @(Find-StaticEncodingIssue -Bytes ([System.IO.File]::ReadAllBytes($file.FullName)))) {
                '{0}:{1}' -f (Get-RelativeName -Path $file.FullName), $finding
            }
        }
        $findings | Should -BeNullOrEmpty
    }
}

Describe 'The module' {
    It 'sends only methods and params of schema/openrpc.json' {
        $names = @($Sources.Keys | Where-Object { $_.StartsWith('powershell/UserSession/') -and -not $_.EndsWith('.psd1') })
        $names.Count | Should -BeGreaterThan 10
        Invoke-StaticCheck -Name $names -Check { param($parsed) Find-StaticRpcNameIssue -Parsed $parsed -Methods $Methods } | Should -BeNullOrEmpty
    }

    It 'has one function per file of Public/ and Private/, named after the file, with an approved verb, and full help in Public/' {
        $names = @($Sources.Keys | Where-Object { $_ -match '^powershell/UserSession/(Public|Private)/' })
        $names.Count | Should -BeGreaterThan 10
        Invoke-StaticCheck -Name $names -Check {
            param($parsed, $file)
            Find-StaticFunctionIssue -Parsed $parsed -BaseName ([System.IO.Path]::GetFileNameWithoutExtension($file)) -PublicHelp:($file -like 'powershell/UserSession/Public/*')
        } | Should -BeNullOrEmpty
    }

    It 'has a manifest that exports exactly Public/, declares 5.1 and both editions, and carries the helper version' {
        $public = @(Get-ChildItem -Path (Join-Path -Path $ModuleRoot -ChildPath 'Public') -Recurse -File -Filter '*.ps1' | ForEach-Object { $_.BaseName })
        $versionGo = [System.IO.File]::ReadAllText((Join-Path -Path $RepositoryRoot -ChildPath 'internal/version/version.go'))
        $version = [regex]::Match($versionGo, 'const\s+Version\s*=\s*"([^"]+)"').Groups[1].Value
        $version | Should -Not -BeNullOrEmpty
        @(Find-StaticManifestIssue -Parsed $Sources['powershell/UserSession/UserSession.psd1'] -PublicFunction $public -ExpectedVersion $version) | Should -BeNullOrEmpty
    }
}

Describe 'Each static check finds what it is for' {
    It 'parse: <Source>' -ForEach @(
        @{ Source = 'function f { if ($x) { }' }
        @{ Source = '$a = @{ a = 1' }
    ) {
        @(Find-StaticParseError -Parsed (ConvertTo-StaticAst -Source $Source)) | Should -Not -BeNullOrEmpty
    }

    It 'ps51 finds <Why>: <Source>' -ForEach @(
        @{ Why = 'a ternary'; Source = '$a = $b ? 1 : 2' }
        @{ Why = '??'; Source = '$a = $b ?? 1' }
        @{ Why = '??='; Source = '$a ??= 1' }
        @{ Why = '?.'; Source = '${a}?.Name' }
        @{ Why = '?['; Source = '${a}?[0]' }
        @{ Why = '&&'; Source = 'Get-Thing && Get-Other' }
        @{ Why = '||'; Source = 'Get-Thing || Get-Other' }
        @{ Why = 'a clean block'; Source = 'function f { process { } clean { } }' }
        @{ Why = 'a class'; Source = 'class Thing { [int]$Id }' }
        @{ Why = 'an enum'; Source = 'enum Kind { A; B }' }
        @{ Why = '$PSStyle'; Source = '$PSStyle.OutputRendering = "PlainText"' }
        @{ Why = '$IsWindows'; Source = 'if ($IsWindows) { }' }
        @{ Why = 'Join-String'; Source = '$a | Join-String -Separator ","' }
        @{ Why = 'ForEach-Object -Parallel'; Source = '1..2 | ForEach-Object -Parallel { $_ }' }
        @{ Why = 'an abbreviated -Parallel'; Source = '1..2 | % -Para { $_ }' }
        @{ Why = 'ConvertFrom-Json -AsHashtable'; Source = '$x | ConvertFrom-Json -AsHashtable' }
        @{ Why = 'ConvertFrom-Json -Depth'; Source = '$x | ConvertFrom-Json -Depth 5' }
        @{ Why = '-Encoding utf8NoBOM'; Source = 'Set-Content -Path p -Value v -Encoding utf8NoBOM' }
        @{ Why = 'a `u{} escape'; Source = '$a = "`u{2713}"' }
        @{ Why = 'Write-Host'; Source = 'Write-Host hello' }
        @{ Why = 'System.Text.Json'; Source = '[System.Text.Json.JsonDocument]::Parse($x)' }
        @{ Why = 'a .NET Core method'; Source = '$dictionary.TryAdd("a", 1)' }
        @{ Why = 'Path.GetRelativePath'; Source = '[System.IO.Path]::GetRelativePath($a, $b)' }
    ) {
        @(Find-StaticPs51Issue -Parsed (ConvertTo-StaticAst -Source $Source)) | Should -Not -BeNullOrEmpty
    }

    It 'ps51 lets through what Windows PowerShell 5.1 has: <Source>' -ForEach @(
        @{ Source = '$a = if ($b) { 1 } else { 2 }' }
        @{ Source = '$x | ConvertFrom-Json' }
        @{ Source = 'Write-Output "a ?? b, x ? y : z" # ?? and `u{1} in a comment' }
        @{ Source = 'Write-Output ''`u{1} in single quotes''' }
        @{ Source = 'Set-Content -Path p -Value v -Encoding UTF8' }
        @{ Source = '$table.ContainsKey("a")' }
    ) {
        @(Find-StaticPs51Issue -Parsed (ConvertTo-StaticAst -Source $Source)) | Should -BeNullOrEmpty
    }

    It 'autovars finds <Source>' -ForEach @(
        @{ Source = '$args = 1' }
        @{ Source = '$Matches = $null' }
        @{ Source = '$global:IsLinux = $true' }
        @{ Source = '[int]$PID = 1' }
        @{ Source = 'function f { param([string[]]$Event) }' }
    ) {
        @(Find-StaticAutomaticVariableUse -Parsed (ConvertTo-StaticAst -Source $Source)) | Should -Not -BeNullOrEmpty
    }

    It 'autovars lets through $null = ..., an alias named Event and a member of $args' {
        $source = '$null = 1; function f { param([Alias(''Event'')][string[]]$EventType) }; $args[0] = 1'
        @(Find-StaticAutomaticVariableUse -Parsed (ConvertTo-StaticAst -Source $source)) | Should -BeNullOrEmpty
    }

    It 'openrpc finds <Why>' -ForEach @(
        @{ Why = 'an unknown method'; Source = 'Invoke-UserSessionRpc -Method ''session.nope'' -Params @{}' }
        @{ Why = 'an unknown key in a literal'; Source = 'Invoke-UserSessionRpc -Method ''session.list'' -Params @{ computerName = ''a'' }' }
        @{ Why = 'an unknown key of $params'; Source = '$params = @{ idz = 1 }; Invoke-UserSessionRpc -Method ''session.logoff'' -Params $params' }
        @{ Why = 'an unknown key set by index'; Source = '$params = @{}; $params[''nope''] = 1; Invoke-UserSessionRpc -Method ''session.list'' -Params $params' }
        @{ Why = 'a -Params variable whose keys escape the check'; Source = '$p = @{}; Invoke-UserSessionRpc -Method ''session.list'' -Params $p' }
    ) {
        @(Find-StaticRpcNameIssue -Parsed (ConvertTo-StaticAst -Source $Source) -Methods $Methods) | Should -Not -BeNullOrEmpty
    }

    It 'openrpc lets through the methods and keys of the document' {
        $source = '$params = @{ computerNames = @(''a''); timeoutSeconds = 5 }; $params[''ids''] = @(1); Invoke-UserSessionRpc -Method ''session.list'' -Params $params'
        @(Find-StaticRpcNameIssue -Parsed (ConvertTo-StaticAst -Source $source) -Methods $Methods) | Should -BeNullOrEmpty
    }

    It 'functions and verbs find <Why>' -ForEach @(
        @{ Why = 'two functions'; Source = 'function Get-A { } function Get-B { }'; BaseName = 'Get-A'; Public = $false }
        @{ Why = 'a function named unlike its file'; Source = 'function Get-B { }'; BaseName = 'Get-A'; Public = $false }
        @{ Why = 'an unapproved verb'; Source = 'function Fetch-A { }'; BaseName = 'Fetch-A'; Public = $false }
        @{ Why = 'a public function without help'; Source = 'function Get-A { param($X) }'; BaseName = 'Get-A'; Public = $true }
        @{ Why = 'help without .PARAMETER for a parameter'; Source = "function Get-A {`n<#`n.SYNOPSIS`nS.`n.DESCRIPTION`nD.`n.EXAMPLE`nGet-A`n#>`nparam(`$X)`n}"; BaseName = 'Get-A'; Public = $true }
    ) {
        @(Find-StaticFunctionIssue -Parsed (ConvertTo-StaticAst -Source $Source) -BaseName $BaseName -PublicHelp:$Public) | Should -Not -BeNullOrEmpty
    }

    It 'help lets through a function with every part' {
        $source = "function Get-A {`n<#`n.SYNOPSIS`nS.`n.DESCRIPTION`nD.`n.PARAMETER X`nx.`n.EXAMPLE`nGet-A`n#>`nparam(`$X)`n}"
        @(Find-StaticFunctionIssue -Parsed (ConvertTo-StaticAst -Source $source) -BaseName 'Get-A' -PublicHelp) | Should -BeNullOrEmpty
    }

    It 'manifest finds <Why>' -ForEach @(
        @{ Why = 'a function not exported'; Source = "@{ ModuleVersion = '1.0.0'; PowerShellVersion = '5.1'; CompatiblePSEditions = @('Desktop', 'Core'); FunctionsToExport = @('Get-A'); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }" }
        @{ Why = 'a wildcard'; Source = "@{ ModuleVersion = '1.0.0'; PowerShellVersion = '5.1'; CompatiblePSEditions = @('Desktop', 'Core'); FunctionsToExport = '*'; CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }" }
        @{ Why = 'aliases exported'; Source = "@{ ModuleVersion = '1.0.0'; PowerShellVersion = '5.1'; CompatiblePSEditions = @('Desktop', 'Core'); FunctionsToExport = @('Get-A', 'Get-B'); CmdletsToExport = @(); AliasesToExport = '*'; VariablesToExport = @() }" }
        @{ Why = 'another version'; Source = "@{ ModuleVersion = '0.9.0'; PowerShellVersion = '5.1'; CompatiblePSEditions = @('Desktop', 'Core'); FunctionsToExport = @('Get-A', 'Get-B'); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }" }
        @{ Why = 'no Desktop edition'; Source = "@{ ModuleVersion = '1.0.0'; PowerShellVersion = '5.1'; CompatiblePSEditions = @('Core'); FunctionsToExport = @('Get-A', 'Get-B'); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }" }
    ) {
        @(Find-StaticManifestIssue -Parsed (ConvertTo-StaticAst -Source $Source) -PublicFunction @('Get-A', 'Get-B') -ExpectedVersion '1.0.0') | Should -Not -BeNullOrEmpty
    }

    It 'manifest lets through a manifest that is right' {
        $source = "@{ ModuleVersion = '1.0.0'; PowerShellVersion = '5.1'; CompatiblePSEditions = @('Desktop', 'Core'); FunctionsToExport = @('Get-A', 'Get-B'); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"
        @(Find-StaticManifestIssue -Parsed (ConvertTo-StaticAst -Source $source) -PublicFunction @('Get-A', 'Get-B') -ExpectedVersion '1.0.0') | Should -BeNullOrEmpty
    }

    It 'encoding finds non-ASCII text without a byte-order mark, and lets it through with one' {
        $text = [System.Text.UTF8Encoding]::new($false).GetBytes("# a`n# zo$([char]0xEB)`n")
        Find-StaticEncodingIssue -Bytes $text | Should -Be '2: holds non-ASCII text but has no UTF-8 byte-order mark'
        @(Find-StaticEncodingIssue -Bytes ([byte[]](@(0xEF, 0xBB, 0xBF) + $text))) | Should -BeNullOrEmpty
    }
}
