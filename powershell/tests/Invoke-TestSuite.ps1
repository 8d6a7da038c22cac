<#
.SYNOPSIS
Runs the module's Pester suite and prints its counts on one line.

.DESCRIPTION
Runs every *.Tests.ps1 beside this script with detailed, plain-text output
(one line per test), then prints "N passed, N failed, N skipped" and exits
1 when a test failed or none ran. powershell/pester_test.go runs it once per
leg: against the simulator, again with Set-StrictMode -Version Latest set by
the caller (pwsh -Command "Set-StrictMode -Version Latest; & thisscript"),
and with -Tag RealLinux against real OpenSSH sessions.

.PARAMETER Tag
Run only the tests with these tags.

.PARAMETER ExcludeTag
Skip the tests with these tags.

.PARAMETER ResultPath
Also write the results as NUnit XML to this file.

.EXAMPLE
pwsh -NoProfile -File powershell/tests/Invoke-TestSuite.ps1 -ExcludeTag RealLinux

Runs the simulator suite.
#>
[CmdletBinding()]
param(
    [string[]]$Tag,

    [string[]]$ExcludeTag,

    [string]$ResultPath
)

$ErrorActionPreference = 'Stop'
Import-Module -Name Pester -MinimumVersion 5.5.0

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
if ($Tag) {
    $config.Filter.Tag = $Tag
}
if ($ExcludeTag) {
    $config.Filter.ExcludeTag = $ExcludeTag
}
if ($ResultPath) {
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = $ResultPath
}

$result = Invoke-Pester -Configuration $config
$line = '{0} passed, {1} failed, {2} skipped' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount
if ($result.FailedBlocksCount -gt 0 -or $result.FailedContainersCount -gt 0) {
    $line += (', {0} blocks and {1} files failed to run' -f $result.FailedBlocksCount, $result.FailedContainersCount)
}
Write-Output $line
if (($result.Result -ne 'Passed') -or ($result.PassedCount -eq 0)) {
    exit 1
}
exit 0
