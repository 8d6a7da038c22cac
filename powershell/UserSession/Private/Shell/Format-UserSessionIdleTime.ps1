function Format-UserSessionIdleTime {
    <#
    .SYNOPSIS
    Writes an idle time as quser does, or in words.
    .DESCRIPTION
    -Style Quser (the table): '.' under a minute, minutes ('5'),
    hours:minutes ('1:02'), days+hours:minutes ('2+03:04'), 'none' when not
    known. -Style Text (prompts and messages): '45 s', '5 min', '6 h',
    '2 d 3 h', 'unknown'.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()]
        [object]$IdleTime,

        [ValidateSet('Quser', 'Text')]
        [string]$Style = 'Quser'
    )

    if ($null -eq $IdleTime) {
        if ($Style -eq 'Quser') {
            return 'none'
        }
        return 'unknown'
    }
    $t = [TimeSpan]$IdleTime
    if ($Style -eq 'Quser') {
        if ($t.TotalMinutes -lt 1) {
            return '.'
        }
        if ($t.TotalHours -lt 1) {
            return [string][int][Math]::Floor($t.TotalMinutes)
        }
        if ($t.TotalDays -lt 1) {
            return '{0}:{1:00}' -f [int][Math]::Floor($t.TotalHours), $t.Minutes
        }
        return '{0}+{1:00}:{2:00}' -f [int][Math]::Floor($t.TotalDays), $t.Hours, $t.Minutes
    }
    if ($t.TotalMinutes -lt 1) {
        return '{0} s' -f [int][Math]::Floor($t.TotalSeconds)
    }
    if ($t.TotalHours -lt 1) {
        return '{0} min' -f [int][Math]::Floor($t.TotalMinutes)
    }
    if ($t.TotalDays -lt 1) {
        return '{0} h' -f [int][Math]::Floor($t.TotalHours)
    }
    return '{0} d {1} h' -f [int][Math]::Floor($t.TotalDays), $t.Hours
}
