function Receive-UserSessionRemoteResult {
    <#
    .SYNOPSIS
    Reads the answers of the targets of PSSessions: errors written, results returned.
    .DESCRIPTION
    Takes the answers of Invoke-UserSessionRemote (or
    Send-UserSessionRemoteAction) from the pipeline, as each target answers,
    and writes through the calling command one error per target that
    failed as a whole, naming it, and one per request the helper there
    answered with an error. Returns, per request answered with a result,
    ComputerName (the PSSession's), Session (the PSSession), Target (the
    request's target, for answers that carry Targets, else $null), Result
    and Output (what the remote script returned).

    With -Operation, the errors say what was asked: a target that failed
    as a whole leaves the outcome of its actions unknown ("SRV01: Sign out
    of bob (session 3) not known to be done: ..."), and a refused action
    names it ("Sign out bob (session 3) on SRV01: ...").
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]$Cmdlet,

        [Parameter(Mandatory = $true, ValueFromPipeline = $true)]
        [object]$Answer,

        [string]$Operation
    )

    process {
        $name = $Answer.ComputerName
        $targets = $null
        if ($null -ne $Answer.PSObject.Properties['Targets']) {
            $targets = @($Answer.Targets)
        }
        if ($null -ne $Answer.Error) {
            $prefix = "${name}: "
            if ($Operation -and ($null -ne $targets)) {
                $what = @($targets | ForEach-Object { $_.Description }) -join '; '
                $prefix = "${name}: $Operation of $what not known to be done: "
            }
            $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $Answer.Error -TargetObject $name -Prefix $prefix))
            return
        }
        $session = $null
        if ($null -ne $Answer.PSObject.Properties['Batch']) {
            $session = $Answer.Batch.Session
        }
        $output = Get-UserSessionMember -InputObject $Answer -Name 'Output'
        $responses = @($Answer.Responses)
        for ($i = 0; $i -lt $responses.Count; $i++) {
            $target = $null
            if ($null -ne $targets) {
                $target = $targets[$i]
            }
            $response = $responses[$i]
            if ($null -ne $response.error) {
                if ($null -ne $target) {
                    $prefix = "$($target.Description): "
                    if ($Operation) {
                        $prefix = "$Operation $prefix"
                    }
                    $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $target -Prefix $prefix))
                } else {
                    $Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $name -Prefix "${name}: "))
                }
                continue
            }
            [pscustomobject]@{ ComputerName = $name; Session = $session; Target = $target; Result = $response.result; Output = $output }
        }
        if (($responses.Count -eq 0) -and ($null -ne $output)) {
            # A command line: no JSON-RPC responses, only what it printed.
            [pscustomobject]@{ ComputerName = $name; Session = $session; Target = $null; Result = $null; Output = $output }
        }
    }
}
