function Complete-UserSessionRemoteAction {
    <#
    .SYNOPSIS
    Carries out the confirmed actions on sessions listed through PSSessions
    and reports each.
    .DESCRIPTION
    Sends them (Send-UserSessionRemoteAction) and writes, through the
    calling command (Receive-UserSessionRemoteResult), one error per
    refused or failed target, and one error per PSSession that failed as a
    whole, naming its computer and the targets whose outcome is therefore
    unknown. With -PassThru, one
    UserSession.ActionResult per completed action, named by the PSSession's
    computer.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        [Parameter(Mandatory = $true)]
        [object[]]$Target,

        [Parameter(Mandatory = $true)]
        [string]$Method,

        [Parameter(Mandatory = $true)]
        [hashtable]$Params,

        # 'Sign out', 'Disconnect': what the errors say was asked.
        [Parameter(Mandatory = $true)]
        [string]$Operation,

        [Parameter(Mandatory = $true)]
        [double]$TimeoutSeconds,

        [int]$ThrottleLimit = 32,

        [switch]$PassThru
    )

    Send-UserSessionRemoteAction -Target $Target -Method $Method -Params $Params -TimeoutSeconds $TimeoutSeconds -ThrottleLimit $ThrottleLimit -Expect |
        Receive-UserSessionRemoteResult -Cmdlet $Cmdlet -Operation $Operation |
        ForEach-Object {
            Write-Verbose -Message "$Operation $($_.Target.Description): completed $($_.Result.completed)."
            if ($PassThru) {
                New-UserSessionActionResult -ComputerName $_.ComputerName -Id ([int]$_.Result.id) -Action ([string]$_.Result.action) -Completed ([bool]$_.Result.completed)
            }
        }
}
