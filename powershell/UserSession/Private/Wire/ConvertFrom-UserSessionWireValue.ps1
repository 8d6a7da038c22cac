function ConvertFrom-UserSessionWireValue {
    <#
    .SYNOPSIS
    Converts a value of the wire to a type, keeping $null as $null.
    .DESCRIPTION
    The helper sends null for what it does not know; a plain cast would turn
    that into 0, '' or $false, which reads as a fact. This keeps it $null.
    #>
    [CmdletBinding()]
    param(
        [AllowNull()]
        [object]$Value,

        [Parameter(Mandatory = $true)]
        [type]$Type
    )

    if ($null -eq $Value) {
        return $null
    }
    return ($Value -as $Type)
}
