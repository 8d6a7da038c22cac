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
        if ($null -ne $variable) {
            Set-Variable -Scope 1 -Name $name -Value $variable.Value -WhatIf:$false -Confirm:$false
        }
    }
}
