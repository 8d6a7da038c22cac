function Get-UserSessionMember {
    <#
    .SYNOPSIS
    Returns a member of a message from the helper, or $null when it is absent.
    .DESCRIPTION
    The helper leaves out what it has nothing to say about (error.data and
    most of its fields, the hint of a failure). Reading an absent property
    of a [pscustomobject] is an error under Set-StrictMode -Version 3.0,
    which the module sets for itself, so optional members are read through
    this function. Messages have one shape in both editions (see
    ConvertFrom-UserSessionJson).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [object]$InputObject,

        [Parameter(Mandatory = $true)]
        [string]$Name
    )

    if ($null -eq $InputObject) {
        return $null
    }
    $property = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $property) {
        return $null
    }
    return $property.Value
}
