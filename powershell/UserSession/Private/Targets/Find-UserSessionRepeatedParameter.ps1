function Find-UserSessionRepeatedParameter {
    <#
    .SYNOPSIS
    Returns the name of a parameter the caller's statement gives twice, or $null.
    .DESCRIPTION
    Parses InvocationInfo.Statement (PowerShell 7; Windows PowerShell 5.1
    refuses a repeated parameter itself and has no Statement), finds the
    command element that called $Cmdlet, and resolves each parameter it
    names, by name, alias or unambiguous prefix, and each key of the
    hashtables it splats (read from the caller's scope) to the command's
    own parameter names. A name found twice is returned.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet
    )

    $invocation = $Cmdlet.MyInvocation
    $statementProperty = $invocation.PSObject.Properties['Statement']
    if ($null -eq $statementProperty) {
        return $null
    }
    $statement = [string]$statementProperty.Value
    if (($statement.Length -eq 0) -or ($statement.IndexOf('@') -lt 0)) {
        return $null
    }
    $tokens = $null
    $parseErrors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($statement, [ref]$tokens, [ref]$parseErrors)
    $command = $invocation.MyCommand
    $names = @($command.Name, $invocation.InvocationName)
    $calls = $ast.FindAll({
            param($node)
            ($node -is [System.Management.Automation.Language.CommandAst]) -and ($names -contains $node.GetCommandName())
        }, $true)

    foreach ($call in $calls) {
        $seen = @{}
        foreach ($element in $call.CommandElements) {
            $given = @()
            if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                $given = @($element.ParameterName)
            } elseif (($element -is [System.Management.Automation.Language.VariableExpressionAst]) -and $element.Splatted) {
                $splat = $Cmdlet.SessionState.PSVariable.GetValue($element.VariablePath.UserPath)
                if ($splat -is [System.Collections.IDictionary]) {
                    $given = @($splat.Keys | ForEach-Object { [string]$_ })
                }
            }
            foreach ($typed in $given) {
                $full = Resolve-UserSessionParameterName -Command $command -Name $typed
                if ($null -eq $full) {
                    continue
                }
                if ($seen.ContainsKey($full)) {
                    return $full
                }
                $seen[$full] = $true
            }
        }
    }
    return $null
}
