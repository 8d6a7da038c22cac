# Static checks of the repository's PowerShell sources, on PowerShell's own
# parser ([System.Management.Automation.Language.Parser]), which knows the
# syntax of PowerShell 7 that Windows PowerShell 5.1 lacks and so can name
# it. Dot-sourced by Static.Tests.ps1, which runs each check over the
# repository and proves that each one finds what it is for in a bad sample.
#
# Every Find-Static* function returns findings, "line: message" strings;
# none means the check passed.

# Parses source text; returns the AST and the parse errors.
function ConvertTo-StaticAst {
    param(
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string]$Source
    )
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Source, [ref]$tokens, [ref]$errors)
    [pscustomobject]@{ Ast = $ast; Tokens = $tokens; Errors = $errors }
}

function Format-StaticFinding {
    param($Extent, [string]$Message)
    '{0}: {1}' -f $Extent.StartLineNumber, $Message
}

# The source parses without error.
function Find-StaticParseError {
    param([Parameter(Mandatory = $true)]$Parsed)
    foreach ($parseError in $Parsed.Errors) {
        Format-StaticFinding -Extent $parseError.Extent -Message ('syntax error: {0}' -f $parseError.Message)
    }
}

# Commands that exist only in PowerShell 6 and later.
$StaticPs7Commands = @('Get-Error', 'Join-String', 'Test-Json', 'ConvertFrom-Markdown', 'Show-Markdown',
    'Get-MarkdownOption', 'Set-MarkdownOption', 'Remove-Alias', 'Get-Uptime', 'Remove-Service')

# Parameters that exist only in PowerShell 7, by command: full name -> the
# shortest prefix of it that the check counts (PowerShell takes prefixes).
$StaticPs7Parameters = @{
    'ForEach-Object'   = @{ Parallel = 4; ThrottleLimit = 3; TimeoutSeconds = 3; AsJob = 4 }
    '%'                = @{ Parallel = 4; ThrottleLimit = 3; TimeoutSeconds = 3; AsJob = 4 }
    'foreach'          = @{ Parallel = 4; ThrottleLimit = 3; TimeoutSeconds = 3; AsJob = 4 }
    'ConvertFrom-Json' = @{ AsHashtable = 3; Depth = 2; NoEnumerate = 4; DateKind = 3 }
    'ConvertTo-Json'   = @{ EnumsAsStrings = 3; AsArray = 3; EscapeHandling = 3 }
    'Get-Content'      = @{ AsByteStream = 3 }
    'Set-Content'      = @{ AsByteStream = 3 }
    'Select-Object'    = @{ SkipIndex = 5 }
    'Split-Path'       = @{ Extension = 3; LeafBase = 5 }
    'Test-Connection'  = @{ TargetName = 3; TcpPort = 3 }
    'Start-Process'    = @{ Environment = 3 }
    'Invoke-WebRequest' = @{ SkipCertificateCheck = 3; Resume = 3 }
}

# Automatic variables of PowerShell 6 and later: 5.1 reads them as $null.
$StaticPs7Variables = @('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR', 'PSStyle')

# .NET types that .NET Framework 4.x lacks (Windows PowerShell 5.1 runs on
# it), by the names scripts write for them.
$StaticCoreOnlyTypes = @('System.Text.Json', 'System.Range', 'System.Index', 'System.HashCode', 'System.Half',
    'System.DateOnly', 'System.TimeOnly', 'System.Collections.Generic.PriorityQueue', 'System.Threading.PeriodicTimer',
    'System.Management.Automation.PSStyle', 'System.Buffers', 'System.Memory', 'System.Span', 'System.ReadOnlySpan')

# Methods that .NET Framework 4.x lacks, by name: on 5.1 their call fails
# at run time ("does not contain a method named").
$StaticCoreOnlyMethods = @('TryAdd', 'GetValueOrDefault', 'ReplaceLineEndings', 'WaitForExitAsync', 'ToHexString',
    'FromHexString', 'GetRelativePath', 'ReadAllTextAsync', 'WriteAllTextAsync', 'ReadAllLinesAsync',
    'EnsureCapacity', 'TrimEntries', 'IsAsciiDigit', 'ProcessPath', 'ReplaceLineEndings')

# Encodings whose names only PowerShell 6 and later take for -Encoding.
$StaticPs7Encodings = @('utf8NoBOM', 'utf8BOM', 'ansi')

# Nothing newer than Windows PowerShell 5.1: no ternary, ??, ??=, ?. or ?[,
# no && or || chains, no clean block, no PowerShell 7 commands, parameters,
# encodings or automatic variables, no "`u{...}" escape, no .NET type or
# method .NET Framework lacks. Also no Write-Host (it bypasses the streams
# Intune and callers read) and no class or enum (a type defined in a .psm1
# cannot be reloaded in the same session).
function Find-StaticPs51Issue {
    param([Parameter(Mandatory = $true)]$Parsed)
    $ast = $Parsed.Ast
    $language = [System.Management.Automation.Language.Ast].Assembly
    $ternary = $language.GetType('System.Management.Automation.Language.TernaryExpressionAst')
    $chain = $language.GetType('System.Management.Automation.Language.PipelineChainAst')
    $nodes = $ast.FindAll({ $true }, $true)
    foreach ($node in $nodes) {
        $type = $node.GetType()
        if (($null -ne $ternary) -and ($type -eq $ternary)) {
            Format-StaticFinding -Extent $node.Extent -Message 'ternary operator ?: (PowerShell 7)'
        } elseif (($null -ne $chain) -and ($type -eq $chain)) {
            Format-StaticFinding -Extent $node.Extent -Message 'pipeline chain operator && or || (PowerShell 7)'
        } elseif ($node -is [System.Management.Automation.Language.BinaryExpressionAst]) {
            if ([string]$node.Operator -eq 'QuestionQuestion') {
                Format-StaticFinding -Extent $node.Extent -Message 'null-coalescing operator ?? (PowerShell 7)'
            }
        } elseif ($node -is [System.Management.Automation.Language.AssignmentStatementAst]) {
            if ([string]$node.Operator -eq 'QuestionQuestionEquals') {
                Format-StaticFinding -Extent $node.Extent -Message 'null-coalescing assignment ??= (PowerShell 7)'
            }
        } elseif ($node -is [System.Management.Automation.Language.MemberExpressionAst]) {
            if (($null -ne $node.PSObject.Properties['NullConditional']) -and $node.NullConditional) {
                Format-StaticFinding -Extent $node.Extent -Message 'null-conditional member access ?. (PowerShell 7)'
            }
            if ($node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                $member = $node.Member.Value
                if ($StaticCoreOnlyMethods -contains $member) {
                    Format-StaticFinding -Extent $node.Extent -Message ('{0}: .NET Framework 4.x (Windows PowerShell 5.1) has no member of that name' -f $member)
                }
            }
        } elseif ($node -is [System.Management.Automation.Language.IndexExpressionAst]) {
            if (($null -ne $node.PSObject.Properties['NullConditional']) -and $node.NullConditional) {
                Format-StaticFinding -Extent $node.Extent -Message 'null-conditional index ?[ (PowerShell 7)'
            }
        } elseif ($node -is [System.Management.Automation.Language.ScriptBlockAst]) {
            if (($null -ne $node.PSObject.Properties['CleanBlock']) -and ($null -ne $node.CleanBlock)) {
                Format-StaticFinding -Extent $node.CleanBlock.Extent -Message 'clean block (PowerShell 7.3)'
            }
        } elseif ($node -is [System.Management.Automation.Language.TypeDefinitionAst]) {
            if ($node.IsEnum) {
                Format-StaticFinding -Extent $node.Extent -Message 'enum definition: use ValidateSet or strings instead'
            } else {
                Format-StaticFinding -Extent $node.Extent -Message 'class definition: use [pscustomobject] with a PSTypeName instead'
            }
        } elseif ($node -is [System.Management.Automation.Language.VariableExpressionAst]) {
            if ($StaticPs7Variables -contains $node.VariablePath.UserPath) {
                Format-StaticFinding -Extent $node.Extent -Message ('${0} does not exist in Windows PowerShell 5.1 (it reads as $null there)' -f $node.VariablePath.UserPath)
            }
        } elseif ($node -is [System.Management.Automation.Language.TypeExpressionAst] -or $node -is [System.Management.Automation.Language.TypeConstraintAst]) {
            $name = $node.TypeName.FullName
            foreach ($coreOnly in $StaticCoreOnlyTypes) {
                if (($name -eq $coreOnly) -or $name.StartsWith($coreOnly + '.') -or $name.StartsWith($coreOnly + '[')) {
                    Format-StaticFinding -Extent $node.Extent -Message ('[{0}]: .NET Framework 4.x (Windows PowerShell 5.1) has no such type' -f $name)
                }
            }
        } elseif ($node -is [System.Management.Automation.Language.ForEachStatementAst]) {
            if ([string]$node.Flags -match 'Parallel') {
                Format-StaticFinding -Extent $node.Extent -Message 'foreach -parallel (workflow syntax)'
            }
        } elseif ($node -is [System.Management.Automation.Language.CommandAst]) {
            Find-StaticCommandIssue -Command $node
        }
    }
    foreach ($token in $Parsed.Tokens) {
        if (($token.Kind -eq 'StringExpandable') -or ($token.Kind -eq 'HereStringExpandable')) {
            if ($token.Text -match '`u\{') {
                Format-StaticFinding -Extent $token.Extent -Message 'the `u{...} escape needs PowerShell 6 or later'
            }
        }
    }
}

function Find-StaticCommandIssue {
    param([System.Management.Automation.Language.CommandAst]$Command)
    $name = $Command.GetCommandName()
    if ($null -eq $name) {
        return
    }
    if ($name -eq 'Write-Host') {
        Format-StaticFinding -Extent $Command.Extent -Message 'Write-Host: write objects with Write-Output, or use Write-Verbose/Write-Warning'
    }
    if ($StaticPs7Commands -contains $name) {
        Format-StaticFinding -Extent $Command.Extent -Message ('{0} needs PowerShell 6 or later' -f $name)
    }
    $rules = $null
    foreach ($key in $StaticPs7Parameters.Keys) {
        if ($key -eq $name) {
            $rules = $StaticPs7Parameters[$key]
        }
    }
    $elements = $Command.CommandElements
    for ($i = 1; $i -lt $elements.Count; $i++) {
        $element = $elements[$i]
        if ($element -isnot [System.Management.Automation.Language.CommandParameterAst]) {
            continue
        }
        $written = $element.ParameterName
        if ($null -ne $rules) {
            foreach ($full in $rules.Keys) {
                if (($written.Length -ge $rules[$full]) -and $full.StartsWith($written, [System.StringComparison]::OrdinalIgnoreCase)) {
                    Format-StaticFinding -Extent $element.Extent -Message ('{0} -{1} needs PowerShell 7' -f $name, $full)
                }
            }
        }
        if (($written.Length -ge 3) -and 'Encoding'.StartsWith($written, [System.StringComparison]::OrdinalIgnoreCase)) {
            $value = $element.Argument
            if (($null -eq $value) -and ($i + 1 -lt $elements.Count)) {
                $value = $elements[$i + 1]
            }
            if (($value -is [System.Management.Automation.Language.StringConstantExpressionAst]) -and ($StaticPs7Encodings -contains $value.Value)) {
                Format-StaticFinding -Extent $element.Extent -Message ('-Encoding {0} needs PowerShell 6 or later' -f $value.Value)
            }
        }
    }
}

# Automatic variables a script must neither assign nor take as a parameter
# name: PowerShell overwrites them, or refuses the assignment, and a
# parameter of that name hides the variable in its function (the list of
# PSScriptAnalyzer's PSAvoidAssignmentToAutomaticVariable, with $this and
# the variables of PowerShell 7).
$StaticAutomaticVariables = @('_', '?', 'args', 'input', 'host', 'error', 'event', 'eventargs', 'eventsubscriber',
    'sender', 'matches', 'myinvocation', 'pid', 'psitem', 'this', 'true', 'false', 'iswindows', 'islinux',
    'ismacos', 'iscoreclr', 'psversiontable', 'pscmdlet', 'psboundparameters', 'executioncontext', 'home', 'pshome',
    'shellid', 'stacktrace', 'psscriptroot', 'pscommandpath', 'psculture', 'psuiculture', 'profile', 'psedition',
    'foreach', 'nestedpromptlevel', 'pwd', 'psdebugcontext', 'pssenderinfo', 'allnodes', 'consolefilename')

function Find-StaticAutomaticVariableUse {
    param([Parameter(Mandatory = $true)]$Parsed)
    $assignments = $Parsed.Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true)
    foreach ($assignment in $assignments) {
        $left = $assignment.Left
        if ($left -is [System.Management.Automation.Language.ConvertExpressionAst]) {
            $left = $left.Child
        }
        if ($left -is [System.Management.Automation.Language.VariableExpressionAst]) {
            $name = $left.VariablePath.UserPath -replace "^\w+:", ""
            if ($StaticAutomaticVariables -contains $name) {
                Format-StaticFinding -Extent $left.Extent -Message ('assigns the automatic variable {0}' -f $left.Extent.Text)
            }
        }
    }
    $parameters = $Parsed.Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.ParameterAst] }, $true)
    foreach ($parameter in $parameters) {
        $name = $parameter.Name.VariablePath.UserPath
        if ($StaticAutomaticVariables -contains $name) {
            Format-StaticFinding -Extent $parameter.Extent -Message ('parameter ${0} hides the automatic variable of that name (give the old name as an [Alias()])' -f $name)
        }
    }
}

# The dictionaries the module sends as params are hashtable literals
# assigned to, or keys set on, a variable named $params or $<something>Params;
# a -Params argument that is neither such a variable nor a literal escapes
# the check and is a finding. Every method name ('session.list', ...) a file
# names is in the OpenRPC document, and every params key it writes is a
# param of one of those methods. $Methods: method name -> its param names.
function Find-StaticRpcNameIssue {
    param(
        [Parameter(Mandatory = $true)]$Parsed,
        [Parameter(Mandatory = $true)][hashtable]$Methods
    )
    $isParams = { param($text) $text -match '^(\w+:)?(params|\w*Params)$' }
    $strings = $Parsed.Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] }, $true)
    $used = [System.Collections.Generic.List[string]]::new()
    foreach ($string in $strings) {
        if ($string.Value -cmatch '^(session|server|rpc)\.[A-Za-z]+$') {
            $used.Add($string.Value)
            if (-not $Methods.ContainsKey($string.Value)) {
                Format-StaticFinding -Extent $string.Extent -Message ('method "{0}" is not in the OpenRPC document' -f $string.Value)
            }
        }
    }
    $allowed = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($method in $used) {
        foreach ($param in @($Methods[$method])) {
            if ($null -ne $param) {
                $null = $allowed.Add($param)
            }
        }
    }
    $keys = [System.Collections.Generic.List[object]]::new()
    $assignments = $Parsed.Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true)
    foreach ($assignment in $assignments) {
        $left = $assignment.Left
        if (($left -is [System.Management.Automation.Language.VariableExpressionAst]) -and (& $isParams $left.VariablePath.UserPath)) {
            $hash = $assignment.Right.Find({ param($n) $n -is [System.Management.Automation.Language.HashtableAst] }, $true)
            if ($null -ne $hash) {
                foreach ($pair in $hash.KeyValuePairs) {
                    $keys.Add($pair.Item1)
                }
            }
        } elseif (($left -is [System.Management.Automation.Language.IndexExpressionAst]) -and ($left.Target -is [System.Management.Automation.Language.VariableExpressionAst]) -and (& $isParams $left.Target.VariablePath.UserPath)) {
            $keys.Add($left.Index)
        } elseif (($left -is [System.Management.Automation.Language.MemberExpressionAst]) -and ($left.Expression -is [System.Management.Automation.Language.VariableExpressionAst]) -and (& $isParams $left.Expression.VariablePath.UserPath)) {
            $keys.Add($left.Member)
        }
    }
    $commands = $Parsed.Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandParameterAst] }, $true)
    foreach ($parameter in $commands) {
        if ($parameter.ParameterName -ne 'Params') {
            continue
        }
        $argument = $parameter.Argument
        if ($null -eq $argument) {
            $elements = $parameter.Parent.CommandElements
            $at = $elements.IndexOf($parameter)
            if ($at + 1 -lt $elements.Count) {
                $argument = $elements[$at + 1]
            }
        }
        if ($argument -is [System.Management.Automation.Language.VariableExpressionAst]) {
            if (-not (& $isParams $argument.VariablePath.UserPath)) {
                Format-StaticFinding -Extent $argument.Extent -Message ('{0} is passed as -Params: name it $params or $<something>Params so its keys are checked' -f $argument.Extent.Text)
            }
        } elseif ($null -ne $argument) {
            $hash = $argument.Find({ param($n) $n -is [System.Management.Automation.Language.HashtableAst] }, $true)
            if ($null -ne $hash) {
                foreach ($pair in $hash.KeyValuePairs) {
                    $keys.Add($pair.Item1)
                }
            }
        }
    }
    foreach ($key in $keys) {
        if ($key -isnot [System.Management.Automation.Language.StringConstantExpressionAst]) {
            continue
        }
        if (-not $allowed.Contains($key.Value)) {
            $names = @($used | Select-Object -Unique) -join ', '
            if ($names.Length -eq 0) {
                $names = 'no method'
            }
            Format-StaticFinding -Extent $key.Extent -Message ('param "{0}" is not a param of {1} in the OpenRPC document' -f $key.Value, $names)
        }
    }
}

# Method name -> param names, from an OpenRPC document's text.
function Get-StaticOpenRpcMethod {
    param([Parameter(Mandatory = $true)][string]$Json)
    $methods = @{}
    foreach ($method in (ConvertFrom-Json -InputObject $Json).methods) {
        $methods[$method.name] = @(foreach ($param in @($method.params)) { $param.name })
    }
    $methods
}

# The manifest exports exactly the functions of Public/, with no wildcard;
# CmdletsToExport, AliasesToExport and VariablesToExport are @();
# PowerShellVersion is 5.1, CompatiblePSEditions Desktop and Core, and
# ModuleVersion the helper's version.
function Find-StaticManifestIssue {
    param(
        [Parameter(Mandatory = $true)]$Parsed,
        [Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]]$PublicFunction,
        [string]$ExpectedVersion
    )
    $hash = $Parsed.Ast.Find({ param($n) $n -is [System.Management.Automation.Language.HashtableAst] }, $true)
    if ($null -eq $hash) {
        return '1: the manifest holds no hashtable'
    }
    $entries = @{}
    foreach ($pair in $hash.KeyValuePairs) {
        $entries[[string]$pair.Item1.Extent.Text.Trim("'", '"')] = $pair.Item2
    }
    $stringsOf = {
        param($node)
        @($node.FindAll({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] }, $true) | ForEach-Object { $_.Value })
    }
    if (-not $entries.ContainsKey('FunctionsToExport')) {
        '1: FunctionsToExport is missing'
    } else {
        $exported = & $stringsOf $entries['FunctionsToExport']
        if (@($exported | Where-Object { $_.Contains('*') }).Count -gt 0) {
            '1: FunctionsToExport holds a wildcard'
        }
        foreach ($name in $PublicFunction) {
            if ($exported -notcontains $name) {
                "1: Public/$name.ps1 is not in FunctionsToExport"
            }
        }
        foreach ($name in $exported) {
            if ($PublicFunction -notcontains $name) {
                "1: FunctionsToExport names $name, which has no file in Public/"
            }
        }
    }
    foreach ($key in @('CmdletsToExport', 'AliasesToExport', 'VariablesToExport')) {
        if (-not $entries.ContainsKey($key)) {
            "1: $key is missing (it must be @())"
        } elseif ((@(& $stringsOf $entries[$key]).Count -gt 0) -or ($entries[$key].Extent.Text -match '\*|\$null')) {
            "1: $key must be @(), not $($entries[$key].Extent.Text)"
        }
    }
    if (-not $entries.ContainsKey('ModuleVersion')) {
        '1: ModuleVersion is missing'
    } elseif ($ExpectedVersion -and (@(& $stringsOf $entries['ModuleVersion'])[0] -ne $ExpectedVersion)) {
        "1: ModuleVersion $(@(& $stringsOf $entries['ModuleVersion'])[0]) differs from internal/version's Version $ExpectedVersion"
    }
    if ((-not $entries.ContainsKey('PowerShellVersion')) -or (@(& $stringsOf $entries['PowerShellVersion'])[0] -ne '5.1')) {
        "1: PowerShellVersion must be '5.1'"
    }
    if ((-not $entries.ContainsKey('CompatiblePSEditions')) -or ((@(& $stringsOf $entries['CompatiblePSEditions']) | Sort-Object) -join ',') -ne 'Core,Desktop') {
        "1: CompatiblePSEditions must be 'Desktop', 'Core'"
    }
}

# Get-Verb of Windows PowerShell 5.1 (PowerShell 7 adds a few, such as
# Build and Deploy, which 5.1 warns about at import).
$StaticApprovedVerbs = @('Add', 'Clear', 'Close', 'Copy', 'Enter', 'Exit', 'Find', 'Format', 'Get', 'Hide', 'Join', 'Lock',
    'Move', 'New', 'Open', 'Optimize', 'Pop', 'Push', 'Redo', 'Remove', 'Rename', 'Reset', 'Resize', 'Search', 'Select',
    'Set', 'Show', 'Skip', 'Split', 'Step', 'Switch', 'Undo', 'Unlock', 'Watch', 'Backup', 'Checkpoint', 'Compare',
    'Compress', 'Convert', 'ConvertFrom', 'ConvertTo', 'Dismount', 'Edit', 'Expand', 'Export', 'Group', 'Import',
    'Initialize', 'Limit', 'Merge', 'Mount', 'Out', 'Publish', 'Restore', 'Save', 'Sync', 'Unpublish', 'Update',
    'Approve', 'Assert', 'Complete', 'Confirm', 'Deny', 'Disable', 'Enable', 'Install', 'Invoke', 'Register', 'Request',
    'Restart', 'Resume', 'Start', 'Stop', 'Submit', 'Suspend', 'Uninstall', 'Unregister', 'Wait', 'Debug', 'Measure',
    'Ping', 'Repair', 'Resolve', 'Test', 'Trace', 'Connect', 'Disconnect', 'Read', 'Receive', 'Send', 'Write', 'Block',
    'Grant', 'Protect', 'Revoke', 'Unblock', 'Unprotect', 'Use')

# A script file of the module defines one function, named after the file,
# with an approved verb; with -PublicHelp, the function has comment-based
# help with .SYNOPSIS, .DESCRIPTION, an .EXAMPLE and a .PARAMETER for each
# parameter.
function Find-StaticFunctionIssue {
    param(
        [Parameter(Mandatory = $true)]$Parsed,
        [Parameter(Mandatory = $true)][string]$BaseName,
        [switch]$PublicHelp
    )
    $defined = @($Parsed.Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false))
    if ($defined.Count -ne 1) {
        '1: defines {0} functions; one function per file' -f $defined.Count
    }
    foreach ($function in $defined) {
        $name = $function.Name
        if ($name -ne $BaseName) {
            Format-StaticFinding -Extent $function.Extent -Message ('function {0} is in a file named {1}.ps1' -f $name, $BaseName)
        }
        $verb = $name.Split('-')[0]
        if ((-not $name.Contains('-')) -or ($StaticApprovedVerbs -notcontains $verb)) {
            Format-StaticFinding -Extent $function.Extent -Message ('{0}: "{1}" is not an approved verb (Get-Verb)' -f $name, $verb)
        }
        if (-not $PublicHelp) {
            continue
        }
        $help = $function.GetHelpContent()
        if ($null -eq $help) {
            Format-StaticFinding -Extent $function.Extent -Message ('{0} has no comment-based help' -f $name)
            continue
        }
        if ([string]::IsNullOrWhiteSpace($help.Synopsis)) {
            Format-StaticFinding -Extent $function.Extent -Message ('{0}: help has no .SYNOPSIS' -f $name)
        }
        if ([string]::IsNullOrWhiteSpace($help.Description)) {
            Format-StaticFinding -Extent $function.Extent -Message ('{0}: help has no .DESCRIPTION' -f $name)
        }
        if ($help.Examples.Count -eq 0) {
            Format-StaticFinding -Extent $function.Extent -Message ('{0}: help has no .EXAMPLE' -f $name)
        }
        $parameters = @()
        if ($null -ne $function.Body.ParamBlock) {
            $parameters = @($function.Body.ParamBlock.Parameters | ForEach-Object { $_.Name.VariablePath.UserPath })
        }
        foreach ($parameter in $parameters) {
            if (-not $help.Parameters.ContainsKey($parameter.ToUpperInvariant())) {
                Format-StaticFinding -Extent $function.Extent -Message ('{0}: help has no .PARAMETER {1}' -f $name, $parameter)
            }
        }
    }
}

# A file holding any byte outside ASCII starts with the UTF-8 byte-order
# mark: Windows PowerShell 5.1 reads a file without one in the ANSI code
# page. (Bytes, not syntax: the parser never sees the file's encoding.)
function Find-StaticEncodingIssue {
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][byte[]]$Bytes)
    $hasBom = ($Bytes.Length -ge 3) -and ($Bytes[0] -eq 0xEF) -and ($Bytes[1] -eq 0xBB) -and ($Bytes[2] -eq 0xBF)
    if ($hasBom) {
        return
    }
    for ($i = 0; $i -lt $Bytes.Length; $i++) {
        if ($Bytes[$i] -gt 0x7F) {
            $line = 1
            for ($j = 0; $j -lt $i; $j++) {
                if ($Bytes[$j] -eq 0x0A) {
                    $line++
                }
            }
            return ('{0}: holds non-ASCII text but has no UTF-8 byte-order mark' -f $line)
        }
    }
}
