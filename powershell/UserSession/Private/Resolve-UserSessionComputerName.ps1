function Resolve-UserSessionComputerName {
    <#
    .SYNOPSIS
    Returns the computer name to put in a request, or $null for the local one.
    .DESCRIPTION
    Objects from a local Get-UserSession carry the helper's own computer name;
    sending it back would make the helper treat the local machine as a remote
    host. Empty names, '.', 'localhost' and the name the helper reported in
    server.info all mean the local machine.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName
    )

    if ([string]::IsNullOrEmpty($ComputerName) -or ($ComputerName -eq '.') -or ($ComputerName -eq 'localhost')) {
        return $null
    }
    $info = $script:Helper.Info
    if (($null -ne $info) -and ([string]$info.computerName -eq $ComputerName)) {
        return $null
    }
    return $ComputerName
}
