function Register-UserSessionArgumentCompleter {
    <#
    .SYNOPSIS
    Registers tab completion for -State, -ComputerName, -Id and -UserName.
    .DESCRIPTION
    -State completes the state names. -ComputerName completes the computers
    asked before in this PowerShell and the local machine's names. -Id and
    -UserName ask the helper for the sessions of the computer already typed
    (or of this one), with a timeout of one second on the helper's side and
    two on the module's, and complete nothing rather than wait longer: tab
    never hangs the console.
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Registers completers at import; changes no system state.')]
    [CmdletBinding()]
    param()

    $sessionCommands = @('Get-UserSession', 'Disconnect-UserSession', 'Send-UserSessionMessage', 'Get-UserSessionProcess')
    $computerCommands = $sessionCommands + @('Watch-UserSession')

    Register-ArgumentCompleter -CommandName 'Get-UserSession' -ParameterName 'State' -ScriptBlock {
        param($CommandName, $ParameterName, $WordToComplete, $CommandAst, $FakeBoundParameters)
        $null = $CommandName, $ParameterName, $CommandAst, $FakeBoundParameters
        foreach ($entry in $script:StateNames) {
            if ($entry.Name -like "$WordToComplete*") {
                [System.Management.Automation.CompletionResult]::new($entry.Name, $entry.Name, 'ParameterValue', $entry.Name)
            }
        }
    }

    Register-ArgumentCompleter -CommandName $computerCommands -ParameterName 'ComputerName' -ScriptBlock {
        param($CommandName, $ParameterName, $WordToComplete, $CommandAst, $FakeBoundParameters)
        $null = $CommandName, $ParameterName, $CommandAst, $FakeBoundParameters
        $names = [System.Collections.Generic.List[string]]::new()
        foreach ($name in $script:KnownComputers) {
            $names.Add($name)
        }
        if ($null -ne $script:Helper.Info) {
            $names.Add([string]$script:Helper.Info.computerName)
        }
        foreach ($name in ($names | Sort-Object -Unique)) {
            if ($name -like "$WordToComplete*") {
                [System.Management.Automation.CompletionResult]::new($name, $name, 'ParameterValue', $name)
            }
        }
    }

    $fromSessions = {
        param($CommandName, $ParameterName, $WordToComplete, $CommandAst, $FakeBoundParameters)
        $null = $CommandName, $CommandAst
        try {
            Initialize-UserSessionHelper
            $params = @{ timeoutSeconds = 1 }
            if ($FakeBoundParameters.ContainsKey('ComputerName')) {
                $computer = Resolve-UserSessionComputerName -ComputerName ([string]@($FakeBoundParameters['ComputerName'])[0])
                if ($null -ne $computer) {
                    $params['computerNames'] = [string[]]@($computer)
                }
            }
            $response = Invoke-UserSessionRpc -Method 'session.list' -Params $params -HelperSeconds 1 -WaitSeconds 2 -Target 'the completion'
            if (($null -eq $response) -or ($null -ne $response.error)) {
                return
            }
            $seen = @{}
            foreach ($wire in $response.result.sessions) {
                $session = ConvertFrom-UserSessionWireSession -Wire $wire
                $tip = '{0} {1} {2}' -f $session.Id, $session.GetQuserUserName().Trim(), $session.State
                if ($ParameterName -eq 'Id') {
                    $text = [string]$session.Id
                } elseif ($session.UserName) {
                    $text = $session.UserName
                } else {
                    continue
                }
                if (($text -like "$WordToComplete*") -and -not $seen.ContainsKey($text)) {
                    $seen[$text] = $true
                    [System.Management.Automation.CompletionResult]::new($text, $text, 'ParameterValue', $tip)
                }
            }
        } catch {
            # Completion offers what it can and never fails the console.
            Write-Debug -Message "UserSession completion: $($_.Exception.Message)"
        }
    }
    Register-ArgumentCompleter -CommandName $sessionCommands -ParameterName 'Id' -ScriptBlock $fromSessions
    Register-ArgumentCompleter -CommandName 'Get-UserSession' -ParameterName 'UserName' -ScriptBlock $fromSessions
}
