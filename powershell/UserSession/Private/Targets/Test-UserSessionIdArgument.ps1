function Test-UserSessionIdArgument {
    <#
    .SYNOPSIS
    Validates one element of -Id as the caller gave it, before any conversion.
    .DESCRIPTION
    -Id is declared [object[]] and checked here, not [int[]]: PowerShell
    converts '', '   ' and $null to the number 0 when it binds an [int],
    so `-Id $unset` or `-Id ''` would name session 0. An element must be
    a whole number from 0 to [int]::MaxValue, or a string of one; anything
    else (blank, null, a fraction, an object) throws why, which
    [ValidateScript()] reports as the parameter's validation error.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [AllowNull()]
        [object]$Value
    )

    $item = $Value
    if ($item -is [System.Management.Automation.PSObject]) {
        $item = $item.PSObject.BaseObject
    }
    $number = [long]-1
    $isWhole = ($item -is [int]) -or ($item -is [long]) -or ($item -is [uint32]) -or ($item -is [int16]) -or ($item -is [uint16]) -or ($item -is [byte])
    if ($isWhole) {
        $number = [long]$item
    } elseif (($item -is [string]) -and ($item -match '^\s*\d+\s*$')) {
        $number = [long]$item.Trim()
    } else {
        throw "A session id is a whole number from 0 on; '$Value' is not one (a null, empty or blank value is never taken for session 0)."
    }
    if (($number -lt 0) -or ($number -gt [int]::MaxValue)) {
        throw "A session id is a whole number from 0 to $([int]::MaxValue); $number is not."
    }
    return $true
}
