function Complete-UserSessionRemoteAction {
    <#
    .SYNOPSIS
    Carries out the confirmed actions on sessions listed through PSSessions
    and reports each.
    .DESCRIPTION
    Sends them (Send-UserSessionRemoteAction) and writes, through the
    calling command, one error per refused or failed target, and one error
    per PSSession that failed as a whole, naming its computer and the
    targets whose outcome is therefore unknown. With -PassThru, one
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

    foreach ($answer in (Send-UserSessionRemoteAction -Target $Target -Method $Method -Params $Params -TimeoutSeconds $TimeoutSeconds -ThrottleLimit $ThrottleLimit -Expect)) {
        $name = $answer.ComputerName
        if ($null -ne $answer.Error) {
            $what = @($answer.Targets | ForEach-Object { $_.Description }) -join '; '
            $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $answer.Error -TargetObject $name -Prefix "${name}: $Operation of $what not known to be done: "))
            continue
        }
        for ($i = 0; $i -lt $answer.Targets.Count; $i++) {
            $t = $answer.Targets[$i]
            $response = $answer.Responses[$i]
            if ($null -ne $response.error) {
                $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $t -Prefix "$Operation $($t.Description): "))
                continue
            }
            Write-Verbose -Message "$Operation $($t.Description): completed $($response.result.completed)."
            if ($PassThru) {
                New-UserSessionActionResult -ComputerName $name -Id ([int]$response.result.id) -Action ([string]$response.result.action) -Completed ([bool]$response.result.completed)
            }
        }
    }
}
