function New-UserSessionReclaimParams {
    <#
    .SYNOPSIS
    Builds a reclaim policy from the parameters of Invoke-UserSessionReclaim or Register-UserSessionReclaim.
    .DESCRIPTION
    The one mapping of the reclaim commands' parameters. Returns
    @{ Method; Params; Arguments; Error }: the params of session.reclaim in
    wire names, the same policy as the helper's reclaim flags (what
    usersession schedule install puts into the scheduled job), or an
    ErrorRecord for a policy that could mean more than it says (no rule, a
    duration that is not more than zero, a blank exclude pattern).
    Durations are read by ConvertTo-UserSessionDuration.
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
        param($ErrorRecord)
        return @{ Method = 'session.reclaim'; Params = $null; Arguments = $null; Error = $ErrorRecord }
    }
    $params = [ordered]@{}
    $arguments = [System.Collections.Generic.List[string]]::new()
    if (($Bound.Keys -contains 'ComputerName')) {
        $params['computerNames'] = [string[]]$Bound['ComputerName']
    }
    $rules = 0
    foreach ($row in @(@('DisconnectedFor', 'disconnectedForSeconds', '--disconnected-for'), @('IdleFor', 'idleForSeconds', '--idle-for'), @('WarnFor', 'warnSeconds', '--warn'))) {
        if (-not ($Bound.Keys -contains $row[0])) {
            continue
        }
        $span = ConvertTo-UserSessionDuration -Value $Bound[$row[0]] -ParameterName $row[0]
        if ($span -is [System.Management.Automation.ErrorRecord]) {
            return & $fail $span
        }
        $params[$row[1]] = $span.TotalSeconds
        $arguments.Add($row[2])
        $arguments.Add(('{0}s' -f [long]$span.TotalSeconds))
        if ($row[0] -ne 'WarnFor') {
            $rules++
        }
    }
    if ($rules -eq 0) {
        return & $fail (New-UserSessionArgumentError -Message 'No rule: give -DisconnectedFor, -IdleFor or both. A run without a rule chooses nothing, never everything.' -Reason 'InvalidInput' -TargetObject $null)
    }
    if (($Bound.Keys -contains 'IdleAction')) {
        $params['idleAction'] = $IdleAction.ToLowerInvariant()
        $arguments.Add('--action')
        $arguments.Add($params['idleAction'])
    }
    if (($Bound.Keys -contains 'AllowUnwarnedLogoff') -and [bool]$Bound['AllowUnwarnedLogoff']) {
        $params['allowUnwarnedLogoff'] = $true
    }
    if (($Bound.Keys -contains 'Exclude')) {
        foreach ($pattern in $Bound['Exclude']) {
            if ([string]::IsNullOrWhiteSpace($pattern)) {
                return & $fail (New-UserSessionArgumentError -Message '-Exclude has an empty pattern.' -Reason 'InvalidInput' -TargetObject $pattern)
            }
            $arguments.Add('--exclude')
            $arguments.Add([string]$pattern)
        }
        $params['exclude'] = [string[]]$Bound['Exclude']
    }
    if ($TimeoutSeconds -ne 10) {
        $params['timeoutSeconds'] = $TimeoutSeconds
        $arguments.Add('--timeout')
        $arguments.Add(('{0}s' -f $TimeoutSeconds))
    }
    if (($Bound.Keys -contains 'Reason') -and $Bound['Reason']) {
        $params['reason'] = [string]$Bound['Reason']
        $arguments.Add('--reason')
        $arguments.Add($params['reason'])
    }
    return @{ Method = 'session.reclaim'; Params = $params; Arguments = [string[]]$arguments.ToArray(); Error = $null }
}
