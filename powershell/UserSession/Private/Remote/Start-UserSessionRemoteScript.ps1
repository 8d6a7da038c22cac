function Start-UserSessionRemoteScript {
    <#
    .SYNOPSIS
    Starts the remote script of -PSSession for one batch, without waiting.
    .DESCRIPTION
    Runs Get-UserSessionRemoteScript in the runspace of the batch's
    PSSession (BeginInvoke) with this module's version, the hashes of the
    helpers it can send, the batch's requests as JSON-RPC lines (ids 1, 2,
    ... in request order) and, with -Payload, the helper to copy there.
    A batch with Arguments runs the helper once with that command line
    (Mode Command) instead of serving its requests.

    Returns the call: Item (the batch), Shell (the [powershell]), Handle,
    Output (with -Stream, the collection the remote script's output
    arrives in as it is written; otherwise $null, and EndInvoke returns
    it), Due (when the caller gives up), Seconds and Copied.
    #>
    [CmdletBinding()]
    param(
        # An object with Session (a PSSession), Requests (hashtables with
        # method and params) and, for a command line, Arguments.
        [Parameter(Mandatory = $true)]
        [object]$Item,

        # How long the caller waits for the whole call.
        [Parameter(Mandatory = $true)]
        [double]$Seconds,

        # The helper's own bound on the target (0 with -Stream: none).
        [Parameter(Mandatory = $true)]
        [double]$HelperSeconds,

        [AllowNull()]
        [byte[]]$Payload,

        [switch]$Stream
    )

    $helpers = Get-UserSessionRemoteHelper
    $expected = @{}
    foreach ($rid in $helpers.Keys) {
        $expected[$rid] = $helpers[$rid].Hash
    }
    $lines = [System.Collections.Generic.List[string]]::new()
    $n = 0
    foreach ($request in @($Item.Requests)) {
        $n++
        $message = [ordered]@{ jsonrpc = '2.0'; id = $n; method = $request.method }
        if ($null -ne $request.params) {
            $message['params'] = $request.params
        }
        $lines.Add((ConvertTo-UserSessionJson -InputObject $message))
    }
    $mode = 'Serve'
    $arguments = [string[]]@()
    if ($Stream) {
        $mode = 'Stream'
    } elseif ($null -ne $Item.PSObject.Properties['Arguments']) {
        $mode = 'Command'
        $arguments = [string[]]@($Item.Arguments)
    }
    $ps = [powershell]::Create()
    $ps.Runspace = $Item.Session.Runspace
    $null = $ps.AddScript((Get-UserSessionRemoteScript).ToString()).AddArgument([string]$script:ModuleVersion).AddArgument($expected).AddArgument([string[]]$lines.ToArray()).AddArgument([int](1000 * $HelperSeconds)).AddArgument($Payload).AddArgument($mode).AddArgument($arguments)
    $output = $null
    if ($Stream) {
        $in = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $in.Complete()
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $ps.BeginInvoke($in, $output)
    } else {
        $handle = $ps.BeginInvoke()
    }
    [pscustomobject]@{
        Item    = $Item
        Shell   = $ps
        Handle  = $handle
        Output  = $output
        Due     = [DateTime]::UtcNow.AddSeconds($Seconds)
        Seconds = $Seconds
        Copied  = $null -ne $Payload
    }
}
