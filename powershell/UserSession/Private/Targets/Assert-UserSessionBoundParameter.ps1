function Assert-UserSessionBoundParameter {
    <#
    .SYNOPSIS
    Refuses a target parameter that is blank or given twice.
    .DESCRIPTION
    The rule of every command: a value that names a target and is present
    but blank ('   ') is an error, never the default (the local computer,
    every user); only a parameter left out takes the default. $null and ''
    are refused by the parameters' own [ValidateNotNullOrEmpty()].

    A parameter given twice is an error too. PowerShell refuses `-Id 3
    -Id 4` itself, but PowerShell 7 lets a named parameter silently replace
    the same one of a splatted hashtable (`$p = @{ Id = 3 };
    Disconnect-UserSession @p -Id 4` acts on 4); Windows PowerShell 5.1
    refuses that as well. The statement is read with PowerShell's own
    parser (InvocationInfo.Statement, which 5.1 lacks and does not need)
    and the splatted hashtables from the caller's scope.

    Throws the terminating UserSession.InvalidArgument error of the
    calling command ($Cmdlet).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        # The parameters that name targets.
        [string[]]$Name = @('ComputerName', 'UserName', 'State')
    )

    $bound = $Cmdlet.MyInvocation.BoundParameters
    foreach ($parameter in $Name) {
        if (-not $bound.ContainsKey($parameter)) {
            continue
        }
        foreach ($value in @($bound[$parameter])) {
            if (($value -is [string]) -and ($value.Trim().Length -eq 0)) {
                $message = "-$parameter is blank: name one, or leave -$parameter out for the default. A blank value is never taken for the default."
                $Cmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message $message -Reason 'InvalidArgument' -TargetObject $value))
            }
        }
    }

    # Only a call that splats can name a parameter twice: without an '@'
    # in its statement, no call to look for one (the common case).
    $statement = $Cmdlet.MyInvocation.PSObject.Properties['Statement']
    if (($null -eq $statement) -or ([string]$statement.Value).IndexOf('@') -lt 0) {
        return
    }
    $twice = Find-UserSessionRepeatedParameter -Cmdlet $Cmdlet
    if ($twice) {
        $message = "-$twice is given twice (in a splatted hashtable and by name, or in two hashtables): give it once."
        $Cmdlet.ThrowTerminatingError((New-UserSessionArgumentError -Message $message -Reason 'InvalidArgument' -TargetObject $twice))
    }
}
