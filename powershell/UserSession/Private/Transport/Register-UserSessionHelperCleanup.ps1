function Register-UserSessionHelperCleanup {
    <#
    .SYNOPSIS
    Makes the module's helper end when the runspace that started it closes.
    .DESCRIPTION
    Each runspace that imports the module (ForEach-Object -Parallel, a
    runspace pool, a host that opens runspaces of its own, the PowerShell
    process itself) starts a helper of its own, and closing the runspace
    does not remove the module, so OnRemove does not run. Closing a local
    runspace raises the engine event PowerShell.Exiting in the closing
    thread (LocalRunspace.DoCloseHelper in the PowerShell source); a
    script block action would only be queued there, for a pipeline that
    never runs again, and a script block handler needs a runspace to run
    in, which a runspace closed from another thread (a pool, the
    -Parallel block's end) does not have. So the handler is a delegate
    compiled from an expression tree (System.Linq.Expressions, in .NET
    Framework 4 as in .NET), which runs in any thread without PowerShell:
    subscribed with a handler delegate, PowerShell.Exiting calls it in the
    closing thread before the runspace is gone. It closes the helper's
    standard input (the helper then finishes what it has and exits, see
    Stop-UserSessionHelper), and kills it if it is still there after two
    seconds. The helper's own --parent-pid watch still covers a
    PowerShell that is killed.

    Not subscribed in the console's own runspace (ConsoleHost, the
    runspace $Host.Runspace names): that runspace closes only as its
    PowerShell exits, and then the operating system closes the helper's
    standard input as it closes the exiting process's handles (the helper
    finishes what it has and exits) and --parent-pid covers the rest.
    Building the handler cost a fresh PowerShell about 50 ms of its first
    Get-UserSession (PowerShell binds each .NET call of the tree at its
    first use), the helper's start being what a one-shot script such as
    an Intune remediation pays. Transport.Tests.ps1 checks that no handler
    is subscribed there and that the helper ends with that PowerShell;
    Runspaces.Tests.ps1 that every other runspace still subscribes one.

    Subscribed once per module instance, at the first start of a helper;
    the handler reads the process from $script:Helper when it runs, so a
    restarted helper is the one it ends. OnRemove unsubscribes it.
    #>
    [CmdletBinding()]
    param()

    if ($null -ne $script:ExitingSubscriber) {
        return
    }
    if (($Host.Name -eq 'ConsoleHost') -and ($Host -is [System.Management.Automation.Host.IHostSupportsInteractiveSession]) -and
        [object]::ReferenceEquals($Host.Runspace, [System.Management.Automation.Runspaces.Runspace]::DefaultRunspace)) {
        return
    }
    $expression = [System.Linq.Expressions.Expression]
    $processType = [System.Diagnostics.Process]
    $senderParameter = $expression::Parameter([object], 'sender')
    $eventParameter = $expression::Parameter([System.Management.Automation.PSEventArgs], 'e')
    $process = $expression::Variable($processType, 'process')
    # process = helper["Process"] as Process
    $read = $expression::Call($expression::Constant($script:Helper, [hashtable]), [hashtable].GetMethod('get_Item', [type[]]@([object])),
        [System.Linq.Expressions.Expression[]]@($expression::Constant('Process', [object])))
    $assign = $expression::Assign($process, $expression::TypeAs($read, $processType))
    # try { process.StandardInput.Close(); if (!process.WaitForExit(2000)) process.Kill(); } catch (Exception) { }
    $closeInput = $expression::Call($expression::Property($process, 'StandardInput'), [System.IO.TextWriter].GetMethod('Close', [type[]]@()))
    $waited = $expression::Call($process, $processType.GetMethod('WaitForExit', [type[]]@([int])), [System.Linq.Expressions.Expression[]]@($expression::Constant(2000)))
    $kill = $expression::Call($process, $processType.GetMethod('Kill', [type[]]@()))
    $end = $expression::TryCatch(
        $expression::Block([void], [System.Linq.Expressions.Expression[]]@($closeInput, $expression::IfThen($expression::Not($waited), $kill))),
        [System.Linq.Expressions.CatchBlock[]]@($expression::Catch([System.Exception], $expression::Empty())))
    $body = $expression::Block([void], [System.Linq.Expressions.ParameterExpression[]]@($process),
        [System.Linq.Expressions.Expression[]]@($assign, $expression::IfThen($expression::NotEqual($process, $expression::Constant($null, $processType)), $end)))
    $handler = $expression::Lambda([System.Management.Automation.PSEventReceivedEventHandler], $body,
        [System.Linq.Expressions.ParameterExpression[]]@($senderParameter, $eventParameter)).Compile()
    $script:ExitingSubscriber = $ExecutionContext.Events.SubscribeEvent($null, $null, 'PowerShell.Exiting', $null,
        [System.Management.Automation.PSEventReceivedEventHandler]$handler, $true, $false)
}
