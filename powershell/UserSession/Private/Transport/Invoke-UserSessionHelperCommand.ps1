function Invoke-UserSessionHelperCommand {
    <#
    .SYNOPSIS
    Runs the helper executable once with a command line and checks its exit status.
    .DESCRIPTION
    For what the helper does as a command rather than over JSON-RPC
    (installing the scheduled reclaim job). Its output is written as
    verbose messages; an exit status other than 0 is a terminating error
    with what it printed.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [string[]]$ArgumentList
    )

    $path = Get-UserSessionHelperPath
    $output = & $path @ArgumentList 2>&1
    $status = $LASTEXITCODE
    foreach ($line in $output) {
        Write-Verbose -Message ([string]$line)
    }
    if ($status -ne 0) {
        throw (Format-UserSessionSentence -Text ("usersession {0} failed (exit {1}): {2}" -f ($ArgumentList -join ' '), $status, (($output | ForEach-Object { [string]$_ }) -join ' ')))
    }
}
