function New-UserSessionReclaimParams {
    <#
    .SYNOPSIS
    Builds the params of session.reclaim from Invoke-UserSessionReclaim's parameters.
    .DESCRIPTION
    Returns @{ Method; Params; Error }: the method and its params in wire names, or an ErrorRecord
    for a policy that could mean more than it says (no rule, a duration
    that is not more than zero, a blank exclude pattern). Durations are
    TimeSpans or strings: Go's syntax ('90m', '8h', '1h30m') or a TimeSpan's
    ('08:00:00').
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]$Bound,

        [string]$IdleAction = 'Disconnect',

        [int]$TimeoutSeconds = 10
    )

    $fail = {
        param($Message, $Target)
        return @{ Method = 'session.reclaim'; Params = $null; Error = (New-UserSessionArgumentError -Message $Message -Reason 'InvalidInput' -TargetObject $Target) }
    }
    $params = [ordered]@{}
    if (($Bound.Keys -contains 'ComputerName')) {
        $params['computerNames'] = [string[]]$Bound['ComputerName']
    }
    $rules = 0
    foreach ($pair in @(@('DisconnectedFor', 'disconnectedForSeconds'), @('IdleFor', 'idleForSeconds'), @('WarnFor', 'warnSeconds'))) {
        if (-not ($Bound.Keys -contains $pair[0])) {
            continue
        }
        $value = $Bound[$pair[0]]
        $span = $null
        if ($value -is [TimeSpan]) {
            $span = $value
        } elseif ([string]$value -match '^\s*(\d+(\.\d+)?(ms|s|m|h))+\s*$') {
            $span = [TimeSpan]::Zero
            foreach ($m in [regex]::Matches([string]$value, '(\d+(?:\.\d+)?)(ms|s|m|h)')) {
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
            if (-not [TimeSpan]::TryParse([string]$value, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$parsed)) {
                return & $fail "-$($pair[0]) '$value' is not a duration such as 90m, 8h or 08:00:00." $value
            }
            $span = $parsed
        }
        if ($span.TotalSeconds -le 0) {
            return & $fail "-$($pair[0]) must be more than zero, not $span." $span
        }
        $params[$pair[1]] = $span.TotalSeconds
        if ($pair[0] -ne 'WarnFor') {
            $rules++
        }
    }
    if ($rules -eq 0) {
        return & $fail 'No rule: give -DisconnectedFor, -IdleFor or both. A run without a rule chooses nothing, never everything.' $null
    }
    if (($Bound.Keys -contains 'IdleAction')) {
        $params['idleAction'] = $IdleAction.ToLowerInvariant()
    }
    if (($Bound.Keys -contains 'AllowUnwarnedLogoff') -and [bool]$Bound['AllowUnwarnedLogoff']) {
        $params['allowUnwarnedLogoff'] = $true
    }
    if (($Bound.Keys -contains 'Exclude')) {
        foreach ($pattern in $Bound['Exclude']) {
            if ([string]::IsNullOrWhiteSpace($pattern)) {
                return & $fail '-Exclude has an empty pattern.' $pattern
            }
        }
        $params['exclude'] = [string[]]$Bound['Exclude']
    }
    if ($TimeoutSeconds -ne 10) {
        $params['timeoutSeconds'] = $TimeoutSeconds
    }
    if (($Bound.Keys -contains 'Reason') -and $Bound['Reason']) {
        $params['reason'] = [string]$Bound['Reason']
    }
    return @{ Method = 'session.reclaim'; Params = $params; Error = $null }
}
