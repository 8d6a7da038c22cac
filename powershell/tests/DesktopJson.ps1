# A stand-in for JavaScriptSerializer.DeserializeObject, the parser of the
# module's Windows PowerShell 5.1 path (ConvertFrom-UserSessionJson), built
# on System.Text.Json so that PowerShell 7 can take that path. Dot-sourced
# by TestSetup.ps1.
#
# It returns the shapes DeserializeObject returns (System.Web.Extensions,
# JavaScriptObjectDeserializer): an object is a
# Dictionary[string,object] with the default, case-sensitive comparer, a
# later duplicate member replacing an earlier one; an array is an
# [object[]]; a string is a [string] (RFC 3339 times stay strings: only the
# "\/Date(ticks)\/" form becomes a [datetime]); true, false and null are
# [bool] and $null; a number without '.' or exponent is an [int] when it
# fits, else a [long]; without an exponent it is then a [decimal] when it
# fits; anything else (an exponent, as in 1e-7) is a [double].

function ConvertFrom-TestDesktopJson {
    param(
        [Parameter(Mandatory = $true)]
        [string]$Json
    )
    $document = [System.Text.Json.JsonDocument]::Parse($Json)
    try {
        return , (ConvertFrom-TestDesktopJsonElement -Element $document.RootElement)
    } finally {
        $document.Dispose()
    }
}

function ConvertFrom-TestDesktopJsonElement {
    param(
        [System.Text.Json.JsonElement]$Element
    )
    switch ($Element.ValueKind) {
        'Object' {
            $dictionary = [System.Collections.Generic.Dictionary[string, object]]::new()
            foreach ($property in $Element.EnumerateObject()) {
                $dictionary[$property.Name] = ConvertFrom-TestDesktopJsonElement -Element $property.Value
            }
            return , $dictionary
        }
        'Array' {
            $items = [System.Collections.Generic.List[object]]::new()
            foreach ($item in $Element.EnumerateArray()) {
                $items.Add((ConvertFrom-TestDesktopJsonElement -Element $item))
            }
            return , $items.ToArray()
        }
        'String' {
            $raw = $Element.GetRawText()
            $date = [regex]::Match($raw, '^"\\/Date\((-?\d+)(?:[+-]\d+)?\)\\/"$')
            if ($date.Success) {
                return [datetime]::new(1970, 1, 1, 0, 0, 0, [System.DateTimeKind]::Utc).AddMilliseconds([long]$date.Groups[1].Value)
            }
            return $Element.GetString()
        }
        'Number' {
            return ConvertFrom-TestDesktopJsonNumber -Text $Element.GetRawText()
        }
        'True' { return $true }
        'False' { return $false }
        default { return $null }
    }
}

function ConvertFrom-TestDesktopJsonNumber {
    param(
        [string]$Text
    )
    $invariant = [System.Globalization.CultureInfo]::InvariantCulture
    if ($Text.IndexOf('e', [System.StringComparison]::OrdinalIgnoreCase) -lt 0) {
        if ($Text.IndexOf('.') -lt 0) {
            $int = 0
            if ([int]::TryParse($Text, [System.Globalization.NumberStyles]::Integer, $invariant, [ref]$int)) {
                return $int
            }
            $long = [long]0
            if ([long]::TryParse($Text, [System.Globalization.NumberStyles]::Integer, $invariant, [ref]$long)) {
                return $long
            }
        }
        $decimal = [decimal]0
        if ([decimal]::TryParse($Text, [System.Globalization.NumberStyles]::Number, $invariant, [ref]$decimal)) {
            return $decimal
        }
    }
    return [double]::Parse($Text, [System.Globalization.NumberStyles]::Float, $invariant)
}
