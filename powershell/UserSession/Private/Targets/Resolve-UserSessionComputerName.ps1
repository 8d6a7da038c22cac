function Resolve-UserSessionComputerName {
    <#
    .SYNOPSIS
    Returns the computer name to put in a request, or $null for the local one.
    .DESCRIPTION
    Empty names, '.', 'localhost', loopback addresses and every name the
    helper reported for the local machine in server.info (its NetBIOS, DNS
    and fully qualified names, its own addresses) mean the local machine:
    they are sent as no name, so results say "this computer" and objects of
    a local Get-UserSession, which carry the machine's own name, are acted
    on locally. The helper resolves names the same way on its side.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName
    )

    if ([string]::IsNullOrEmpty($ComputerName)) {
        return $null
    }
    $name = $ComputerName.Trim().TrimEnd('.')
    if (($name.Length -eq 0) -or ($name -eq '.')) {
        return $null
    }
    $names = $script:Helper.LocalNames
    if (($null -ne $names) -and $names.Contains($name)) {
        return $null
    }
    $address = $null
    if ([System.Net.IPAddress]::TryParse($name.Trim('[', ']'), [ref]$address) -and [System.Net.IPAddress]::IsLoopback($address)) {
        return $null
    }
    return $ComputerName
}
