function Format-UserSessionSentence {
    <#
    .SYNOPSIS
    Ends a message or hint as a sentence.
    .DESCRIPTION
    Every message and hint the module writes passes through here, its own
    and the helper's alike: the helper's texts are Go error strings and
    hints ("access denied", "run elevated; for a remote host, ..."), which
    end without punctuation and start in lower case, and a message may end
    with what another program wrote.

    Trims the text, turns a final comma, colon or semicolon (a text that
    ended where a value was missing) into a full stop, collapses a doubled
    final full stop ("...": an ellipsis, is kept), and adds a full stop when
    the text does not end with '.', '!' or '?' (before a closing bracket or
    quote). With -Capitalize the first letter is made upper case, for a
    hint that follows a message as a sentence of its own.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [AllowEmptyString()]
        [string]$Text,

        [switch]$Capitalize
    )

    $value = ([string]$Text).Trim()
    if ($value.Length -eq 0) {
        return $value
    }
    $value = [regex]::Replace($value, '\s*[,:;]$', '')
    $value = [regex]::Replace($value, '(?<!\.)\.\.$', '.')
    if ($value.Length -eq 0) {
        return $value
    }
    if ($Capitalize -and [char]::IsLower($value[0])) {
        $value = [char]::ToUpperInvariant($value[0]) + $value.Substring(1)
    }
    if ($value -notmatch '[.!?][)\]''"]*$') {
        $value += '.'
    }
    $value
}
