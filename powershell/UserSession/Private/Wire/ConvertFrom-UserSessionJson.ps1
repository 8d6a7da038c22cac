function ConvertFrom-UserSessionJson {
    <#
    .SYNOPSIS
    Parses one line of JSON from the helper.
    .DESCRIPTION
    In Windows PowerShell 5.1 (Desktop) ConvertFrom-Json goes through a
    JavaScriptSerializer whose MaxJsonLength is 2 MB by default, which a long
    process list from many hosts passes. There the module uses its own
    JavaScriptSerializer with MaxJsonLength and RecursionLimit raised; objects
    come back as dictionaries, whose keys PowerShell reads with the same
    dot notation as properties. PowerShell 7 (Core) has no such limit and uses
    ConvertFrom-Json, which may return RFC 3339 strings as [datetime] already;
    ConvertFrom-UserSessionWireTime accepts both.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [string]$Json
    )

    if ($PSVersionTable.PSEdition -eq 'Core') {
        return (ConvertFrom-Json -InputObject $Json)
    }
    if ($null -eq $script:JsonSerializer) {
        Add-Type -AssemblyName 'System.Web.Extensions'
        $serializer = [System.Web.Script.Serialization.JavaScriptSerializer]::new()
        $serializer.MaxJsonLength = [int]::MaxValue
        $serializer.RecursionLimit = 256
        $script:JsonSerializer = $serializer
    }
    return $script:JsonSerializer.DeserializeObject($Json)
}
