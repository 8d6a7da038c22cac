function ConvertFrom-UserSessionWireTime {
    <#
    .SYNOPSIS
    Turns a time from the wire into a local [datetime], or $null.
    .DESCRIPTION
    The helper sends RFC 3339 UTC strings, or null when a time is not known.
    PowerShell 7's ConvertFrom-Json may already have turned the string into a
    [datetime]; both are accepted. The result is in local time (Kind Local).
    #>
    [CmdletBinding()]
    [OutputType([datetime])]
    param(
        [AllowNull()]
        [object]$Value
    )

    if ($null -eq $Value) {
        return $null
    }
    if ($Value -is [datetime]) {
        if ($Value.Kind -eq [System.DateTimeKind]::Local) {
            return $Value
        }
        if ($Value.Kind -eq [System.DateTimeKind]::Unspecified) {
            return [datetime]::SpecifyKind($Value, [System.DateTimeKind]::Utc).ToLocalTime()
        }
        return $Value.ToLocalTime()
    }
    if ($Value -is [System.DateTimeOffset]) {
        return $Value.LocalDateTime
    }
    $text = [string]$Value
    if ($text.Length -eq 0) {
        return $null
    }
    $styles = [System.Globalization.DateTimeStyles]::AssumeUniversal -bor [System.Globalization.DateTimeStyles]::AllowWhiteSpaces
    return [System.DateTimeOffset]::Parse($text, [System.Globalization.CultureInfo]::InvariantCulture, $styles).LocalDateTime
}
