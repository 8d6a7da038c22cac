function Resolve-UserSessionParameterName {
    <#
    .SYNOPSIS
    Returns a command's parameter that a typed name means, or $null.
    .DESCRIPTION
    As PowerShell binds: the parameter's own name, one of its aliases, or a
    prefix that only one parameter name starts with, without regard to case.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.CommandInfo]$Command,

        [Parameter(Mandatory = $true)]
        [string]$Name
    )

    $matched = @()
    foreach ($parameter in $Command.Parameters.Values) {
        if (($parameter.Name -eq $Name) -or ($parameter.Aliases -contains $Name)) {
            return $parameter.Name
        }
        if ($parameter.Name.StartsWith($Name, [System.StringComparison]::OrdinalIgnoreCase)) {
            $matched += $parameter.Name
        }
    }
    if ($matched.Count -eq 1) {
        return $matched[0]
    }
    return $null
}
