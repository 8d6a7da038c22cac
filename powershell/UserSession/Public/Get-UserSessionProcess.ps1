function Get-UserSessionProcess {
    <#
    .SYNOPSIS
    Lists the processes running in user sessions.

    .DESCRIPTION
    Get-UserSessionProcess returns one UserSession.Process object per process,
    with the session it runs in, its user, working set, CPU time, thread and
    handle counts, like the Users tab of Task Manager. Counters the system
    does not report are $null. Sessions are named by -Id and -ComputerName or
    piped from Get-UserSession.

    .PARAMETER Id
    Only the processes of these sessions. Binds from the Id or SessionId
    property of piped objects. Without it, the processes of every session.

    .PARAMETER ComputerName
    The computer to query. Without it, the local computer. Binds from the
    ComputerName property of piped objects.

    .PARAMETER Name
    Only the processes whose name matches. Wildcards are allowed.

    .EXAMPLE
    Get-UserSessionProcess

    Lists the processes of every session of the local computer.

    .EXAMPLE
    Get-UserSession -UserName bob | Get-UserSessionProcess

    Lists bob's processes.

    .EXAMPLE
    Get-UserSessionProcess -ComputerName SRV01 -Name 'excel*' | Sort-Object -Property WorkingSetBytes -Descending

    Lists the Excel processes of SRV01, largest first.

    .EXAMPLE
    Get-UserSessionProcess -Name 'hung.exe' | Sort-Object -Property SessionId -Unique | Disconnect-UserSession -Logoff -Force

    Signs out the sessions that run hung.exe (SessionId binds to -Id).

    .INPUTS
    UserSession.Session, or any object with Id (or SessionId) and
    ComputerName properties.

    .OUTPUTS
    UserSession.Process

    .LINK
    Get-UserSession

    .LINK
    about_UserSession
    #>
    [CmdletBinding()]
    [OutputType('UserSession.Process')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('SessionId')]
        [ValidateRange(0, [int]::MaxValue)]
        [int[]]$Id,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('CN', 'PSComputerName')]
        [AllowNull()]
        [AllowEmptyString()]
        [string]$ComputerName,

        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]]$Name
    )

    begin {
        try {
            Initialize-UserSessionHelper
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        $patterns = @()
        foreach ($pattern in $Name) {
            $patterns += New-Object -TypeName System.Management.Automation.WildcardPattern -ArgumentList $pattern, ([System.Management.Automation.WildcardOptions]::IgnoreCase)
        }
    }

    process {
        try {
            $computer = Resolve-UserSessionComputerName -ComputerName $ComputerName
            $params = @{}
            if ($null -ne $computer) {
                $params['computerName'] = $computer
            }
            if ($null -ne $Id) {
                $params['ids'] = [int[]]$Id
            }
            $response = Invoke-UserSessionRpc -Method 'session.processes' -Params $params
            if ($null -ne $response.error) {
                $target = $computer
                if ($null -eq $target) {
                    $target = 'this computer'
                }
                $PSCmdlet.WriteError((New-UserSessionErrorRecord -RpcError $response.error -TargetObject $target -Prefix "${target}: "))
                return
            }
            foreach ($wire in $response.result.processes) {
                if ($patterns.Count -gt 0) {
                    $matched = $false
                    foreach ($pattern in $patterns) {
                        if ($pattern.IsMatch([string]$wire.name)) {
                            $matched = $true
                        }
                    }
                    if (-not $matched) {
                        continue
                    }
                }
                ConvertFrom-UserSessionWireProcess -Wire $wire
            }
        } catch [System.Management.Automation.PipelineStoppedException] {
            throw
        } catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
