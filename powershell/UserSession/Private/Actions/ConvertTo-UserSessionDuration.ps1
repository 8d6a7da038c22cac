function ConvertTo-UserSessionDuration {
    <#
    .SYNOPSIS
    Reads a duration parameter of the reclaim commands as a [TimeSpan].
    .DESCRIPTION
    Takes a TimeSpan, or a string in Go's syntax ('90m', '8h', '1h30m',
    '500ms') or a TimeSpan's ('08:00:00'). Returns the TimeSpan, or an
    ErrorRecord naming -ParameterName for a value that is not a duration
    or not more than zero.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [object]$Value,

        [Parameter(Mandatory = $true)]
        [string]$ParameterName
    )

    $span = $null
    if ($Value -is [TimeSpan]) {
        $span = $Value
    } elseif ([string]$Value -match '^\s*(\d+(\.\d+)?(ms|s|m|h))+\s*$') {
        $span = [TimeSpan]::Zero
        foreach ($m in [regex]::Matches([string]$Value, '(\d+(?:\.\d+)?)(ms|s|m|h)')) {
            $n = [double]::Parse($m.Groups[1].Value, [System.Globalization.CultureInfo]::InvariantCulture)
            switch ($m.Groups[2].Value) {
                'ms' { $span += [TimeSpan]::FromMilliseconds($n) }
                's' { $span += [TimeSpan]::FromSeconds($n) }
                'm' { $span += [TimeSpan]::FromMinutes($n) }
                'h' { $span += [TimeSpan]::FromHours($n) }
            }
        }
    } else {
        $parsed = [TimeSpan]::Zero
        if (-not [TimeSpan]::TryParse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$parsed)) {
            return (New-UserSessionArgumentError -Message "-$ParameterName '$Value' is not a duration such as 90m, 8h or 08:00:00." -Reason 'InvalidInput' -TargetObject $Value)
        }
        $span = $parsed
    }
    if ($span.TotalSeconds -le 0) {
        return (New-UserSessionArgumentError -Message "-$ParameterName must be more than zero, not $span." -Reason 'InvalidInput' -TargetObject $span)
    }
    return $span
}
