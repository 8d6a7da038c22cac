function Invoke-UserSessionReclaim {
    <#
    .SYNOPSIS
    Takes back idle sessions by a policy: one bounded run that decides, warns, checks again and acts.

    .DESCRIPTION
    Invoke-UserSessionReclaim runs the helper's idle reclaim once (the
    session.reclaim method) on the local computer or on -ComputerName. For
    each session it decides by the rules given, with the reason in numbers:

    - a session disconnected for -DisconnectedFor or longer is signed out;
    - an active session without input for -IdleFor or longer is
      disconnected (its work survives), or signed out with -IdleAction
      Logoff. With -WarnFor it is told first, the run waits that long and
      checks again: a user who came back is left alone (decision
      'cancelled'). A session that cannot see the notice (locked, lock
      state unknown) or was not warned is disconnected at most, unless
      -AllowUnwarnedLogoff;
    - an idle time that is not known is not idle; time the computer slept
      is not idle time;
    - your own session, session 0, listeners and -Exclude users are never
      chosen. At least one rule is required.

    Just before it acts, the helper checks again that each session is the
    same logon it decided on. Two runs on one computer never overlap: a
    second is refused while the first runs. Every action goes to the audit
    trail with the policy as its reason.

    -WhatIf is the dry run: it decides and reports, warns and acts on
    nothing. Without -Force you are asked once, for the whole plan (the
    sessions the dry run chose); the run then acts on that plan only.

    .PARAMETER ComputerName
    The computers to reclaim on, all asked at once. Without it, the local
    computer.

    .PARAMETER DisconnectedFor
    Sign out the sessions disconnected at least this long: a TimeSpan, or
    a string such as '8h', '90m' or '08:00:00'.

    .PARAMETER IdleFor
    Act on the active sessions without input at least this long.

    .PARAMETER IdleAction
    What -IdleFor does: Disconnect (the default) or Logoff.

    .PARAMETER WarnFor
    Warn each idle active session, wait this long, and check again.

    .PARAMETER AllowUnwarnedLogoff
    Let -IdleAction Logoff sign out an active session that was not warned.

    .PARAMETER Exclude
    Users never chosen: user or DOMAIN\user, wildcards allowed.

    .PARAMETER TimeoutSeconds
    How long the helper waits for each computer at each step. Default 10.

    .PARAMETER Reason
    Why, for the audit trail.

    .PARAMETER Force
    Do not ask: act on what the run decides.

    .EXAMPLE
    Invoke-UserSessionReclaim -DisconnectedFor 8h -WhatIf

    Shows which disconnected sessions of this computer have been
    disconnected for 8 hours or more, without signing anyone out.
    Durations are TimeSpans or strings: '8h', '90m', '1h30m' or '08:00:00'.

    .EXAMPLE
    Invoke-UserSessionReclaim -DisconnectedFor 8h -IdleFor 1h -IdleAction Logoff -WarnFor 5m -Exclude 'LAB\kiosk' -Force -Reason 'lab policy'

    The lab-PC policy, as a scheduled task runs it: signs out sessions
    disconnected for 8 hours, warns sessions idle for an hour and signs them
    out 5 minutes later unless they are used, never touches LAB\kiosk.

    .EXAMPLE
    Invoke-UserSessionReclaim -ComputerName RDS01, RDS02 -DisconnectedFor 12h | Where-Object Decision -ne 'skip'

    Reclaims on two servers after one question, and shows what it did.

    .INPUTS
    None.

    .OUTPUTS
    UserSession.ReclaimDecision

    .LINK
    Register-UserSessionReclaim

    .LINK
    about_UserSession
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('UserSession.ReclaimDecision')]
    param(
        [Alias('CN')]
        [ValidateNotNullOrEmpty()]
        [ValidateScript({ Test-UserSessionComputerNameArgument -Value $_ })]
        [object[]]$ComputerName,

        [ValidateNotNull()]
        [object]$DisconnectedFor,

        [ValidateNotNull()]
        [object]$IdleFor,

        [ValidateSet('Disconnect', 'Logoff')]
        [string]$IdleAction = 'Disconnect',

        [ValidateNotNull()]
        [object]$WarnFor,

        [switch]$AllowUnwarnedLogoff,

        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]]$Exclude,

        [ValidateRange(1, 3600)]
        [int]$TimeoutSeconds = 10,

        [string]$Reason,

        [switch]$Force
    )

    Use-UserSessionCallerPreference -Cmdlet $PSCmdlet
    $built = New-UserSessionReclaimParams -Bound $PSBoundParameters -IdleAction $IdleAction -TimeoutSeconds $TimeoutSeconds
    if ($null -ne $built.Error) {
        $PSCmdlet.ThrowTerminatingError($built.Error)
    }
    $params = $built.Params
    try {
        Initialize-UserSessionHelper
    } catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    # The helper's bound for the whole run: the warning and five steps per host.
    $helperSeconds = 5 * ($TimeoutSeconds + 2)
    if ($params.Contains('warnSeconds')) {
        $helperSeconds += [double]$params['warnSeconds']
    }
    $call = {
        param($Params)
        $response = Invoke-UserSessionRpc -Method 'session.reclaim' -Params $Params -HelperSeconds $helperSeconds -Target 'the reclaim run'
        if ($null -ne $response.error) {
            $PSCmdlet.ThrowTerminatingError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject 'reclaim'))
        }
        foreach ($failure in $response.result.failures) {
            $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $failure -TargetObject $failure.computerName -Prefix "$($failure.computerName): "))
        }
        return $response.result
    }

    try {
        if ($WhatIfPreference -or ($Force -and -not $PSBoundParameters.ContainsKey('Confirm'))) {
            if ($WhatIfPreference) {
                $params['dryRun'] = $true
            }
            $result = & $call $params
            foreach ($d in $result.decisions) {
                $decision = ConvertFrom-UserSessionWireDecision -Wire $d -Cmdlet $PSCmdlet
                if ($WhatIfPreference -and $decision.Decision -in @('logoff', 'disconnect')) {
                    $null = $PSCmdlet.ShouldProcess(('{0} (session {1}) on {2}: {3}' -f $decision.UserName, $decision.Id, $decision.ComputerName, $decision.Reason), $decision.Decision)
                }
                $decision
            }
            return
        }
        $dry = [ordered]@{}
        foreach ($k in $params.Keys) {
            $dry[$k] = $params[$k]
        }
        $dry['dryRun'] = $true
        $result = & $call $dry
        $plan = @()
        $lines = @()
        foreach ($d in $result.decisions) {
            if ($d.decision -eq 'logoff' -or $d.decision -eq 'disconnect') {
                $entry = [ordered]@{ computerName = [string]$d.computerName; id = [long]$d.id; userName = [string]$d.userName }
                if ($null -ne $d.logonTime) {
                    $entry['logonTime'] = $d.logonTime
                }
                $plan += $entry
                $lines += '{0} {1} (session {2}) on {3}: {4}' -f $d.decision, $d.userName, $d.id, $d.computerName, $d.reason
            }
        }
        if ($plan.Count -eq 0) {
            foreach ($d in $result.decisions) {
                ConvertFrom-UserSessionWireDecision -Wire $d
            }
            return
        }
        $what = "{0} session(s):`n{1}" -f $plan.Count, ($lines -join "`n")
        if (-not $PSCmdlet.ShouldProcess($what, 'Reclaim')) {
            return
        }
        $params['plan'] = $plan
        $result = & $call $params
        foreach ($d in $result.decisions) {
            ConvertFrom-UserSessionWireDecision -Wire $d -Cmdlet $PSCmdlet
        }
    } catch [System.Management.Automation.PipelineStoppedException] {
        throw
    } catch [System.Management.Automation.ActionPreferenceStopException] {
        throw
    } catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
}
