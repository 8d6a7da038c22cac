function New-UserSessionErrorRecord {
    <#
    .SYNOPSIS
    Turns a JSON-RPC error (or a per-host failure of session.list) into an
    ErrorRecord with a stable ErrorId and a fitting category.
    .DESCRIPTION
    The one table that maps the helper's error codes to PowerShell:

      -32001 UserSession.AccessDenied      PermissionDenied
      -32002 UserSession.SessionNotFound   ObjectNotFound
      -32003 UserSession.RefusedForSafety  SecurityError
      -32004 UserSession.NotSupported      NotImplemented
      -32005 UserSession.HostUnreachable   ConnectionError
      -32006 UserSession.TimedOut          OperationTimeout
      -32602 UserSession.InvalidParams     InvalidArgument
      -32601 UserSession.MethodNotFound    NotImplemented
      -32600 UserSession.InvalidRequest    ProtocolError
      -32700 UserSession.ParseError        ProtocolError
      other  UserSession.HelperError       NotSpecified

    Failures of the transport (error.transport, no code) map to
    UserSession.HelperTimeout (OperationTimeout), UserSession.HelperExited
    (ResourceUnavailable) and UserSession.HelperProtocolError
    (ProtocolError).

    The hint in error.data, when there is one, becomes the record's
    RecommendedAction and is appended to the message; both end as
    sentences (Format-UserSessionSentence).
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Builds an object; changes no state.')]
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        # The error object: code, message and optional data.
        [Parameter(Mandatory = $true)]
        [object]$RpcError,

        # What the failed operation was about, for TargetObject.
        [object]$TargetObject,

        # Text put before the helper's message, e.g. "Session 3 on SRV01: ".
        [string]$Prefix = ''
    )

    $transport = Get-UserSessionMember -InputObject $RpcError -Name 'transport'
    $rawCode = Get-UserSessionMember -InputObject $RpcError -Name 'code'
    $code = 0
    if ($null -ne $rawCode) {
        $code = [int]$rawCode
    }
    $key = [string]$code
    if ($transport) {
        $key = [string]$transport
    }
    # String cases: a bare -32001 in a switch clause would not read as a number.
    switch ($key) {
        'HelperTimeout' { $id = 'HelperTimeout'; $category = 'OperationTimeout'; $type = 'System.TimeoutException' }
        'HelperExited' { $id = 'HelperExited'; $category = 'ResourceUnavailable'; $type = 'System.InvalidOperationException' }
        'HelperProtocolError' { $id = 'HelperProtocolError'; $category = 'ProtocolError'; $type = 'System.InvalidOperationException' }
        '-32001' { $id = 'AccessDenied'; $category = 'PermissionDenied'; $type = 'System.UnauthorizedAccessException' }
        '-32002' { $id = 'SessionNotFound'; $category = 'ObjectNotFound'; $type = 'System.Management.Automation.ItemNotFoundException' }
        '-32003' { $id = 'RefusedForSafety'; $category = 'SecurityError'; $type = 'System.InvalidOperationException' }
        '-32004' { $id = 'NotSupported'; $category = 'NotImplemented'; $type = 'System.NotSupportedException' }
        '-32005' { $id = 'HostUnreachable'; $category = 'ConnectionError'; $type = 'System.InvalidOperationException' }
        '-32006' { $id = 'TimedOut'; $category = 'OperationTimeout'; $type = 'System.TimeoutException' }
        '-32602' { $id = 'InvalidParams'; $category = 'InvalidArgument'; $type = 'System.ArgumentException' }
        '-32601' { $id = 'MethodNotFound'; $category = 'NotImplemented'; $type = 'System.NotSupportedException' }
        '-32600' { $id = 'InvalidRequest'; $category = 'ProtocolError'; $type = 'System.InvalidOperationException' }
        '-32700' { $id = 'ParseError'; $category = 'ProtocolError'; $type = 'System.InvalidOperationException' }
        default { $id = 'HelperError'; $category = 'NotSpecified'; $type = 'System.InvalidOperationException' }
    }

    # The helper's hint speaks of the wire ("set force"); a PowerShell user
    # needs the parameter's name, which is not -Force: -Force only skips
    # the confirmation prompt.
    $hint = $null
    $data = Get-UserSessionMember -InputObject $RpcError -Name 'data'
    $dataHint = Get-UserSessionMember -InputObject $data -Name 'hint'
    # Only a refusal the override lifts (the helper's hint speaks of force)
    # advises -IncludeProtected: a stale session (its id now another
    # logon's) is refused whatever is given, and its hint says what to do.
    if (($code -eq -32003) -and ([string]$dataHint).Contains('force')) {
        $hint = 'Add -IncludeProtected to act on it anyway.'
    } elseif ($null -ne $dataHint) {
        $hint = [string]$dataHint
    }

    $text = $Prefix + [string]$RpcError.message
    if ($null -ne $data) {
        $reason = Get-UserSessionMember -InputObject $data -Name 'reason'
        if (($code -eq -32003) -and ($null -ne $reason) -and (-not $text.Contains([string]$reason))) {
            $text += " ($reason)"
        }
        $system = $null
        $win32Code = Get-UserSessionMember -InputObject $data -Name 'win32Code'
        $errno = Get-UserSessionMember -InputObject $data -Name 'errno'
        if ($null -ne $win32Code) {
            $system = "Win32 error $win32Code"
        } elseif ($null -ne $errno) {
            $system = "errno $errno"
        }
        if (($null -ne $system) -and (-not $text.Contains($system))) {
            $text += " [$system]"
        }
    }
    # The helper's message and hint are Go error strings; each becomes a
    # sentence of its own.
    $text = Format-UserSessionSentence -Text $text
    if ($hint) {
        $hint = Format-UserSessionSentence -Text $hint -Capitalize
        $text += ' ' + $hint
    }

    $exceptionType = [type]$type
    $exception = $exceptionType::new($text)
    try {
        $exception.Data['UserSession.Code'] = $code
        if ($null -ne $data) {
            $exception.Data['UserSession.Data'] = $data
        }
    } catch {
        # .NET Framework takes only serializable values into Exception.Data.
        Write-Verbose -Message "Exception.Data refused the error data: $($_.Exception.Message)"
    }
    $record = [System.Management.Automation.ErrorRecord]::new($exception, "UserSession.$id", ([System.Management.Automation.ErrorCategory]$category), $TargetObject)
    if ($hint) {
        $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($text)
        $record.ErrorDetails.RecommendedAction = $hint
    }
    $record
}
