function Use-UserSessionCallerPreference {
    <#
    .SYNOPSIS
    Gives the calling function of the module the caller's preference variables.
    .DESCRIPTION
    A script module's functions see the preference variables of the global
    scope and their own, not those of the script that calls them: a
    script's $ErrorActionPreference = 'Stop', $WhatIfPreference = $true or
    $ConfirmPreference = 'None' would not reach Disconnect-UserSession. Each
    public function calls this first; it reads the preferences where the
    caller stands ($PSCmdlet.SessionState, the caller's session state) and
    sets them in the function's own scope (scope 1 from here), except those
    the call set itself with a common parameter (-ErrorAction, -WhatIf,
    -Confirm, -Verbose, -Debug, -WarningAction, -InformationAction). This
    is the method the PowerShell team describes for script modules.

    A preference whose value the function sees already (the caller left it
    as it is everywhere, the common case) is not set again: Set-Variable is
    a cmdlet call, and eight of them were a fifth of a warm Get-UserSession
    of one session (powershell/bench/Measure-UserSessionListing.ps1).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet
    )

    $map = [ordered]@{
        ErrorActionPreference       = 'ErrorAction'
        WarningPreference           = 'WarningAction'
        InformationPreference       = 'InformationAction'
        VerbosePreference           = 'Verbose'
        DebugPreference             = 'Debug'
        WhatIfPreference            = 'WhatIf'
        ConfirmPreference           = 'Confirm'
        ProgressPreference          = ''
    }
    $bound = $Cmdlet.MyInvocation.BoundParameters
    foreach ($name in $map.Keys) {
        $parameter = $map[$name]
        if ($parameter -and $bound.ContainsKey($parameter)) {
            continue
        }
        $variable = $Cmdlet.SessionState.PSVariable.Get($name)
        # What the function sees now: this scope has none of its own, so
        # the lookup reaches the function's scope and those above it.
        if (($null -ne $variable) -and -not [object]::Equals($ExecutionContext.SessionState.PSVariable.GetValue($name), $variable.Value)) {
            Set-Variable -Scope 1 -Name $name -Value $variable.Value -WhatIf:$false -Confirm:$false
        }
    }
}
