function ConvertFrom-UserSessionJsonElement {
    <#
    .SYNOPSIS
    Converts one parsed JSON value (System.Text.Json) to what ConvertFrom-Json gives for it.
    .DESCRIPTION
    For the members of a listing's answer around its sessions
    (ConvertFrom-UserSessionJsonListing): strings, true, false, null, whole
    numbers ([long]) and empty arrays directly, anything else through
    ConvertFrom-Json itself, with the module's options.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        # A System.Text.Json.JsonElement (not named: see
        # ConvertFrom-UserSessionJsonListing).
        [object]$Element
    )

    switch ($Element.ValueKind) {
        'String' {
            return $Element.GetString()
        }
        'True' {
            return $true
        }
        'False' {
            return $false
        }
        'Null' {
            return $null
        }
        'Number' {
            $number = [long]0
            if ($Element.TryGetInt64([ref]$number)) {
                return $number
            }
        }
        'Array' {
            if ($Element.GetArrayLength() -eq 0) {
                return , [object[]]::new(0)
            }
        }
    }
    # -NoEnumerate keeps an array one array, as it is inside a message.
    $options = $script:JsonListing.Options
    return , (ConvertFrom-Json -InputObject $Element.GetRawText() @options)
}
