# PSScriptAnalyzer settings for the module, the examples and the tests:
# every default rule, plus the syntax check against Windows PowerShell 5.1
# and PowerShell 7.
@{
    Severity = @('Error', 'Warning')
    Rules    = @{
        PSUseCompatibleSyntax = @{
            Enable         = $true
            TargetVersions = @('5.1', '7.0')
        }
    }
}
