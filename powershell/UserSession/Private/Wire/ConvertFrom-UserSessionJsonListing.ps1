function ConvertFrom-UserSessionJsonListing {
    <#
    .SYNOPSIS
    Parses an answer to a listing with System.Text.Json straight into
    UserSession.Session objects (PowerShell 7).
    .DESCRIPTION
    Returns $null when the line is not the answer to a pending request sent
    with a -SessionShape (Send-UserSessionRequest), or is not shaped as a
    listing ({"result":{"sessions":[...]}}); the caller then parses it as
    every other message (ConvertFrom-UserSessionJson). Otherwise it returns
    the message as the generic path gives it, except that result.sessions
    is a List[psobject] of the finished session objects.

    ConvertFrom-Json builds an object per session and per nested value,
    which took most of a large listing's time; here each session is read
    from the parsed document, field by field, into a copy of its template
    (Get-UserSessionTemplate). Each value is read with the getter of its
    wire type (GetString, GetInt32, GetBoolean, GetDouble), which throws on
    any other type: the caller then takes the generic path for the whole
    line, so that an unexpected answer gives what it gives there.
    ConvertFrom-UserSessionWireSession is the generic builder this one must
    match; tests/Listing.Tests.ps1 compares the two field by field.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [string]$Json,

        # The pending requests by id (the helper's state, $script:Helper.Pending).
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]$Pending
    )

    # System.Text.Json's types are named through $script:JsonListing (see
    # ConvertFrom-UserSessionJson), never written as type literals: this
    # file is loaded by Windows PowerShell 5.1 too, which has no such
    # assembly (Static.Tests.ps1 checks that no literal names it).
    $document = $script:JsonListing.Document::Parse($Json)
    try {
        $root = $document.RootElement
        $kinds = $script:JsonListing.Kinds
        if ($root.ValueKind -ne $kinds::Object) {
            return $null
        }
        # An out parameter of struct type needs a value to write into.
        $element = $root
        if (-not $root.TryGetProperty('id', [ref]$element)) {
            return $null
        }
        $id = [long]0
        if (($element.ValueKind -ne $kinds::Number) -or -not $element.TryGetInt64([ref]$id)) {
            return $null
        }
        $request = $Pending[$id]
        if (($null -eq $request) -or ($null -eq $request.SessionShape) -or $request.Abandoned) {
            return $null
        }
        if ((-not $root.TryGetProperty('result', [ref]$element)) -or ($element.ValueKind -ne $kinds::Object)) {
            return $null
        }
        $result = $element
        if ((-not $result.TryGetProperty('sessions', [ref]$element)) -or ($element.ValueKind -ne $kinds::Array)) {
            return $null
        }
        $wire = $element

        $resources = [bool]$request.SessionShape.Resources
        $remote = [bool]$request.SessionShape.Remote
        $template = $script:SessionTemplates['{0}{1}' -f [int]$remote, [int]$resources]
        if ($null -eq $template) {
            $template = Get-UserSessionTemplate -Remote:$remote -Resources:$resources
        }
        $invariant = [System.Globalization.CultureInfo]::InvariantCulture
        $styles = [System.Globalization.DateTimeStyles]::AssumeUniversal -bor [System.Globalization.DateTimeStyles]::AllowWhiteSpaces
        $null_ = $kinds::Null
        # The optional members, read when the first session has them, as
        # the generic path does.
        $has = @{}
        if ($wire.GetArrayLength() -gt 0) {
            $first = $wire[0]
            foreach ($name in $script:SessionOptionalMembers) {
                $has[$name] = $first.TryGetProperty($name, [ref]$element)
            }
        }
        $hasAccount = [bool]$has['accountName']
        $hasSid = [bool]$has['sid']
        $hasBuild = [bool]$has['clientBuild']
        $hasDisplay = [bool]$has['clientDisplay']
        $hasRemote = [bool]$has['isRemote']
        $hasProtected = [bool]$has['protected']
        $hasCpu = $resources -and [bool]$has['cpuSeconds']
        $hasCount = $resources -and [bool]$has['processCount']
        $hasWorkingSet = $resources -and [bool]$has['workingSetBytes']
        $sessions = [System.Collections.Generic.List[psobject]]::new($wire.GetArrayLength())
        foreach ($item in $wire.EnumerateArray()) {
            $object = $template.PSObject.Copy()
            # [string] of GetString: null on the wire is '', as [string]$null.
            $object.ComputerName = [string]$item.GetProperty('computerName').GetString()
            $object.Id = $item.GetProperty('id').GetInt32()
            $object.SessionName = [string]$item.GetProperty('sessionName').GetString()
            $object.UserName = [string]$item.GetProperty('userName').GetString()
            $object.Domain = [string]$item.GetProperty('domain').GetString()
            $object.State = [string]$item.GetProperty('state').GetString()
            $object.ClientName = [string]$item.GetProperty('clientName').GetString()
            $object.ClientAddress = [string]$item.GetProperty('clientAddress').GetString()
            $object.Protocol = [string]$item.GetProperty('protocol').GetString()
            $object.IsCurrent = $item.GetProperty('isCurrent').GetBoolean()
            $object.IsConsole = $item.GetProperty('isConsole').GetBoolean()
            $value = $item.GetProperty('idleSeconds')
            if ($value.ValueKind -ne $null_) {
                $object.IdleTime = [TimeSpan]::FromSeconds($value.GetDouble())
            }
            $value = $item.GetProperty('locked')
            if ($value.ValueKind -ne $null_) {
                $object.Locked = $value.GetBoolean()
            }
            # Times: an empty string stays $null, as on the generic path.
            $text = $item.GetProperty('logonTime').GetString()
            if (($null -ne $text) -and ($text.Length -gt 0)) {
                $object.LogonTime = [System.DateTimeOffset]::Parse($text, $invariant, $styles).LocalDateTime
            }
            $text = $item.GetProperty('connectTime').GetString()
            if (($null -ne $text) -and ($text.Length -gt 0)) {
                $object.ConnectTime = [System.DateTimeOffset]::Parse($text, $invariant, $styles).LocalDateTime
            }
            $text = $item.GetProperty('disconnectTime').GetString()
            if (($null -ne $text) -and ($text.Length -gt 0)) {
                $object.DisconnectTime = [System.DateTimeOffset]::Parse($text, $invariant, $styles).LocalDateTime
            }
            $text = $item.GetProperty('lastInputTime').GetString()
            if (($null -ne $text) -and ($text.Length -gt 0)) {
                $object.LastInputTime = [System.DateTimeOffset]::Parse($text, $invariant, $styles).LocalDateTime
            }
            if ($hasAccount) {
                $value = $item.GetProperty('accountName')
                if ($value.ValueKind -ne $null_) {
                    $object.AccountName = $value.GetString()
                }
            }
            if ($hasSid) {
                $value = $item.GetProperty('sid')
                if ($value.ValueKind -ne $null_) {
                    $object.SID = $value.GetString()
                }
            }
            if ($hasBuild) {
                $value = $item.GetProperty('clientBuild')
                if ($value.ValueKind -ne $null_) {
                    $object.ClientBuild = $value.GetInt32()
                }
            }
            if ($hasRemote) {
                $value = $item.GetProperty('isRemote')
                if ($value.ValueKind -ne $null_) {
                    $object.IsRemote = $value.GetBoolean()
                }
            }
            if ($hasProtected) {
                $value = $item.GetProperty('protected')
                if ($value.ValueKind -ne $null_) {
                    $object.Protected = $value.GetString()
                }
            }
            if ($hasDisplay) {
                $value = $item.GetProperty('clientDisplay')
                if ($value.ValueKind -ne $null_) {
                    $object.ClientDisplay = [pscustomobject]@{
                        PSTypeName = 'UserSession.ClientDisplay'
                        Width      = $value.GetProperty('width').GetInt32()
                        Height     = $value.GetProperty('height').GetInt32()
                        ColorDepth = $value.GetProperty('colorDepth').GetInt32()
                    }
                }
            }
            if ($hasCpu) {
                $value = $item.GetProperty('cpuSeconds')
                if ($value.ValueKind -ne $null_) {
                    $object.CpuTime = [TimeSpan]::FromSeconds($value.GetDouble())
                }
            }
            if ($hasCount) {
                $value = $item.GetProperty('processCount')
                if ($value.ValueKind -ne $null_) {
                    $object.ProcessCount = $value.GetInt32()
                }
            }
            if ($hasWorkingSet) {
                $value = $item.GetProperty('workingSetBytes')
                if ($value.ValueKind -ne $null_) {
                    $object.WorkingSetBytes = $value.GetInt64()
                }
            }
            $sessions.Add($object)
        }

        # The rest of the message as the generic path gives it: strings,
        # whole numbers and empty arrays here, anything else through
        # ConvertFrom-UserSessionJsonElement.
        $members = [ordered]@{}
        foreach ($property in $result.EnumerateObject()) {
            $value = $property.Value
            if ($property.NameEquals('sessions')) {
                $members[$property.Name] = $sessions
            } elseif (($value.ValueKind -eq $kinds::Array) -and ($value.GetArrayLength() -eq 0)) {
                $members[$property.Name] = [object[]]::new(0)
            } else {
                $members[$property.Name] = ConvertFrom-UserSessionJsonElement -Element $value
            }
        }
        $message = [ordered]@{}
        $number = [long]0
        foreach ($property in $root.EnumerateObject()) {
            $value = $property.Value
            if ($property.NameEquals('result')) {
                $message[$property.Name] = [pscustomobject]$members
            } elseif ($value.ValueKind -eq $kinds::String) {
                $message[$property.Name] = $value.GetString()
            } elseif (($value.ValueKind -eq $kinds::Number) -and $value.TryGetInt64([ref]$number)) {
                $message[$property.Name] = $number
            } else {
                $message[$property.Name] = ConvertFrom-UserSessionJsonElement -Element $value
            }
        }
        return [pscustomobject]$message
    } finally {
        $document.Dispose()
    }
}
