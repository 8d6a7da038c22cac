function ConvertFrom-UserSessionJsonValue {
    <#
    .SYNOPSIS
    Converts what JavaScriptSerializer.DeserializeObject returns to what
    PowerShell 7's ConvertFrom-Json returns.
    .DESCRIPTION
    A dictionary becomes a [pscustomobject] with the same members in the
    same order, an array an [object[]] of converted items, an [int] a [long]
    and a [decimal] a [double]; strings, booleans, [long], [double] and
    $null stay as they are. See ConvertFrom-UserSessionJson.
    #>
    [CmdletBinding()]
    param(
        [AllowNull()]
        [object]$Value
    )

    if ($Value -is [System.Collections.IDictionary]) {
        $members = [ordered]@{}
        foreach ($entry in $Value.GetEnumerator()) {
            $item = $entry.Value
            if (($item -is [System.Collections.IDictionary]) -or ($item -is [System.Array])) {
                $item = ConvertFrom-UserSessionJsonValue -Value $item
            } elseif ($item -is [int]) {
                $item = [long]$item
            } elseif ($item -is [decimal]) {
                $item = [double]$item
            }
            $members[$entry.Key] = $item
        }
        return [pscustomobject]$members
    }
    if ($Value -is [System.Array]) {
        $items = [object[]]::new($Value.Count)
        for ($i = 0; $i -lt $Value.Count; $i++) {
            $items[$i] = ConvertFrom-UserSessionJsonValue -Value $Value[$i]
        }
        # The comma returns the array as one object, empty or not.
        return , $items
    }
    if ($Value -is [int]) {
        return [long]$Value
    }
    if ($Value -is [decimal]) {
        return [double]$Value
    }
    return $Value
}
