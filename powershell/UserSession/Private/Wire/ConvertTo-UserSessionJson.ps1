function ConvertTo-UserSessionJson {
    <#
    .SYNOPSIS
    Serialises a request to one line of ASCII JSON.
    .DESCRIPTION
    Handles what requests hold: dictionaries, arrays, strings, numbers,
    booleans and $null. Every character outside printable ASCII is written as
    \uXXXX, so the bytes on the wire do not depend on any code page. This is
    used instead of ConvertTo-Json, which in Windows PowerShell 5.1 serialises
    the extended properties of strings (PSPath and friends on lines read by
    Get-Content) and unwraps or wraps single-element arrays depending on how
    they were built.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [object]$InputObject
    )

    $value = $InputObject
    if ($value -is [System.Management.Automation.PSObject]) {
        $value = $value.PSObject.BaseObject
    }
    if ($null -eq $value) {
        return 'null'
    }
    if ($value -is [bool]) {
        if ($value) {
            return 'true'
        }
        return 'false'
    }
    if ($value -is [System.Management.Automation.SwitchParameter]) {
        if ($value.IsPresent) {
            return 'true'
        }
        return 'false'
    }
    if (($value -is [string]) -or ($value -is [char]) -or ($value -is [enum])) {
        $text = [string]$value
        # Printable ASCII but for the quote and the backslash: as it is,
        # without a loop over its characters.
        if ($text -cmatch '^[ !#-\[\]-~]*\z') {
            return '"' + $text + '"'
        }
        $builder = [System.Text.StringBuilder]::new(($text.Length + 2))
        $null = $builder.Append('"')
        foreach ($c in $text.ToCharArray()) {
            $code = [int]$c
            if ($c -eq '"') {
                $null = $builder.Append('\"')
            } elseif ($c -eq '\') {
                $null = $builder.Append('\\')
            } elseif (($code -lt 0x20) -or ($code -gt 0x7e)) {
                $null = $builder.Append(('\u{0:x4}' -f $code))
            } else {
                $null = $builder.Append($c)
            }
        }
        $null = $builder.Append('"')
        return $builder.ToString()
    }
    if (($value -is [int]) -or ($value -is [long]) -or ($value -is [uint32]) -or ($value -is [uint64]) -or ($value -is [int16]) -or ($value -is [uint16]) -or ($value -is [byte]) -or ($value -is [sbyte])) {
        return $value.ToString([System.Globalization.CultureInfo]::InvariantCulture)
    }
    if (($value -is [double]) -or ($value -is [single]) -or ($value -is [decimal])) {
        return $value.ToString('R', [System.Globalization.CultureInfo]::InvariantCulture)
    }
    if ($value -is [System.Collections.IDictionary]) {
        $parts = [System.Collections.Generic.List[string]]::new()
        foreach ($key in $value.Keys) {
            $name = [string]$key
            if ($name -cmatch '^[ !#-\[\]-~]*\z') {
                $name = '"' + $name + '"'
            } else {
                $name = ConvertTo-UserSessionJson -InputObject $name
            }
            # A string or a whole number as it is (the common members of a
            # request), without a call per member.
            $item = $value[$key]
            if (($item -is [string]) -and ($item -cmatch '^[ !#-\[\]-~]*\z')) {
                $parts.Add($name + ':"' + $item + '"')
            } elseif (($item -is [System.Collections.IDictionary]) -and ($item.Count -eq 0)) {
                $parts.Add($name + ':{}')
            } elseif (($item -is [long]) -or ($item -is [int])) {
                $parts.Add($name + ':' + $item.ToString([System.Globalization.CultureInfo]::InvariantCulture))
            } else {
                $parts.Add($name + ':' + (ConvertTo-UserSessionJson -InputObject $item))
            }
        }
        return '{' + ($parts -join ',') + '}'
    }
    if ($value -is [System.Collections.IEnumerable]) {
        $parts = [System.Collections.Generic.List[string]]::new()
        foreach ($item in $value) {
            $parts.Add((ConvertTo-UserSessionJson -InputObject $item))
        }
        return '[' + ($parts -join ',') + ']'
    }
    throw "ConvertTo-UserSessionJson cannot serialise a value of type $($value.GetType().FullName)."
}
