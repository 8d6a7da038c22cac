function ConvertFrom-UserSessionDictionaryListing {
    <#
    .SYNOPSIS
    Builds UserSession.Session objects straight from JavaScriptSerializer's
    dictionaries (Windows PowerShell 5.1).
    .DESCRIPTION
    Takes what DeserializeObject returned for a line. Returns $null when it
    is not the answer to a pending request sent with a -SessionShape
    (Send-UserSessionRequest), or is not shaped as a listing; the caller
    then converts it as every other message (ConvertFrom-UserSessionJsonValue).
    Otherwise it returns the message as the generic path gives it, except
    that result.sessions is a List[psobject] of the finished session
    objects: the sessions skip the conversion to [pscustomobject] that the
    generic path makes before it reads them.

    Each value goes through the casts the generic path applies to it
    (there an [int] becomes a [long] and a [decimal] a [double] first,
    which no cast below tells apart). Required members are read with
    Item(), which throws when one is absent, as a read of an absent member
    does on the generic path under strict mode; the caller then takes the
    generic path for the whole line. ConvertFrom-UserSessionWireSession is
    the generic builder this one must match; tests/Listing.Tests.ps1
    compares the two field by field, through the stand-in parser of
    tests/DesktopJson.ps1.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]$Message,

        # The pending requests by id (the helper's state, $script:Helper.Pending).
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]$Pending
    )

    $id = $Message['id']
    if (($id -isnot [int]) -and ($id -isnot [long])) {
        return $null
    }
    $request = $Pending[[long]$id]
    if (($null -eq $request) -or ($null -eq $request.SessionShape) -or $request.Abandoned) {
        return $null
    }
    $result = $Message['result']
    if ($result -isnot [System.Collections.IDictionary]) {
        return $null
    }
    $wire = $result['sessions']
    if ($wire -isnot [object[]]) {
        return $null
    }

    $resources = [bool]$request.SessionShape.Resources
    $remote = [bool]$request.SessionShape.Remote
    $template = $script:SessionTemplates['{0}{1}' -f [int]$remote, [int]$resources]
    if ($null -eq $template) {
        $template = Get-UserSessionTemplate -Remote:$remote -Resources:$resources
    }
    $invariant = [System.Globalization.CultureInfo]::InvariantCulture
    $styles = [System.Globalization.DateTimeStyles]::AssumeUniversal -bor [System.Globalization.DateTimeStyles]::AllowWhiteSpaces
    # The optional members, read when the first session has them, as the
    # generic path does.
    $has = @{}
    if ($wire.Count -gt 0) {
        $first = $wire[0]
        foreach ($name in $script:SessionOptionalMembers) {
            $has[$name] = $first.ContainsKey($name)
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
    $sessions = [System.Collections.Generic.List[psobject]]::new($wire.Count)
    foreach ($item in $wire) {
        $object = $template.PSObject.Copy()
        $object.ComputerName = [string]$item.Item('computerName')
        $object.Id = [int]$item.Item('id')
        $object.SessionName = [string]$item.Item('sessionName')
        $object.UserName = [string]$item.Item('userName')
        $object.Domain = [string]$item.Item('domain')
        $object.State = [string]$item.Item('state')
        $object.ClientName = [string]$item.Item('clientName')
        $object.ClientAddress = [string]$item.Item('clientAddress')
        $object.Protocol = [string]$item.Item('protocol')
        $object.IsCurrent = [bool]$item.Item('isCurrent')
        $object.IsConsole = [bool]$item.Item('isConsole')
        $value = $item.Item('idleSeconds')
        if ($null -ne $value) {
            $object.IdleTime = [TimeSpan]::FromSeconds([double]$value)
        }
        $value = $item.Item('locked')
        if ($null -ne $value) {
            $object.Locked = [bool]$value
        }
        # Times: an empty string stays $null, as on the generic path; a
        # "\/Date(ticks)\/" string comes as a [datetime].
        $value = $item.Item('logonTime')
        if ($value -is [string]) {
            if ($value.Length -gt 0) {
                $object.LogonTime = [System.DateTimeOffset]::Parse($value, $invariant, $styles).LocalDateTime
            }
        } elseif ($null -ne $value) {
            $object.LogonTime = ConvertFrom-UserSessionWireTime -Value $value
        }
        $value = $item.Item('connectTime')
        if ($value -is [string]) {
            if ($value.Length -gt 0) {
                $object.ConnectTime = [System.DateTimeOffset]::Parse($value, $invariant, $styles).LocalDateTime
            }
        } elseif ($null -ne $value) {
            $object.ConnectTime = ConvertFrom-UserSessionWireTime -Value $value
        }
        $value = $item.Item('disconnectTime')
        if ($value -is [string]) {
            if ($value.Length -gt 0) {
                $object.DisconnectTime = [System.DateTimeOffset]::Parse($value, $invariant, $styles).LocalDateTime
            }
        } elseif ($null -ne $value) {
            $object.DisconnectTime = ConvertFrom-UserSessionWireTime -Value $value
        }
        $value = $item.Item('lastInputTime')
        if ($value -is [string]) {
            if ($value.Length -gt 0) {
                $object.LastInputTime = [System.DateTimeOffset]::Parse($value, $invariant, $styles).LocalDateTime
            }
        } elseif ($null -ne $value) {
            $object.LastInputTime = ConvertFrom-UserSessionWireTime -Value $value
        }
        if ($hasAccount) {
            $value = $item.Item('accountName')
            if ($null -ne $value) {
                $object.AccountName = [string]$value
            }
        }
        if ($hasSid) {
            $value = $item.Item('sid')
            if ($null -ne $value) {
                $object.SID = [string]$value
            }
        }
        if ($hasBuild) {
            $value = $item.Item('clientBuild')
            if ($null -ne $value) {
                $object.ClientBuild = [int]$value
            }
        }
        if ($hasRemote) {
            $value = $item.Item('isRemote')
            if ($null -ne $value) {
                $object.IsRemote = [bool]$value
            }
        }
        if ($hasProtected) {
            $value = $item.Item('protected')
            if ($null -ne $value) {
                $object.Protected = [string]$value
            }
        }
        if ($hasDisplay) {
            $value = $item.Item('clientDisplay')
            if ($null -ne $value) {
                $object.ClientDisplay = [pscustomobject]@{
                    PSTypeName = 'UserSession.ClientDisplay'
                    Width      = [int]$value.Item('width')
                    Height     = [int]$value.Item('height')
                    ColorDepth = [int]$value.Item('colorDepth')
                }
            }
        }
        if ($hasCpu) {
            $value = $item.Item('cpuSeconds')
            if ($null -ne $value) {
                $object.CpuTime = [TimeSpan]::FromSeconds([double]$value)
            }
        }
        if ($hasCount) {
            $value = $item.Item('processCount')
            if ($null -ne $value) {
                $object.ProcessCount = [int]$value
            }
        }
        if ($hasWorkingSet) {
            $value = $item.Item('workingSetBytes')
            if ($null -ne $value) {
                $object.WorkingSetBytes = [long]$value
            }
        }
        $sessions.Add($object)
    }

    # The rest of the message as the generic path gives it: strings,
    # whole numbers and empty arrays here, anything else through
    # ConvertFrom-UserSessionJsonValue.
    $members = [ordered]@{}
    foreach ($entry in $result.GetEnumerator()) {
        $value = $entry.Value
        if ($entry.Key -ceq 'sessions') {
            $members[$entry.Key] = $sessions
        } elseif (($value -is [object[]]) -and ($value.Count -eq 0)) {
            $members[$entry.Key] = [object[]]::new(0)
        } else {
            $members[$entry.Key] = ConvertFrom-UserSessionJsonValue -Value $value
        }
    }
    $converted = [ordered]@{}
    foreach ($entry in $Message.GetEnumerator()) {
        $value = $entry.Value
        if ($entry.Key -ceq 'result') {
            $converted[$entry.Key] = [pscustomobject]$members
        } elseif ($value -is [string]) {
            $converted[$entry.Key] = $value
        } elseif (($value -is [int]) -or ($value -is [long])) {
            $converted[$entry.Key] = [long]$value
        } else {
            $converted[$entry.Key] = ConvertFrom-UserSessionJsonValue -Value $value
        }
    }
    return [pscustomobject]$converted
}
