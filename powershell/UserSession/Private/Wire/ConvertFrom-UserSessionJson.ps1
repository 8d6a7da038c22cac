function ConvertFrom-UserSessionJson {
    <#
    .SYNOPSIS
    Parses one line of JSON from the helper into the one shape the module reads.
    .DESCRIPTION
    PowerShell 7 (Core) parses with ConvertFrom-Json: objects are
    [pscustomobject], arrays [object[]], integers [long], other numbers
    [double], and times the strings the helper sent (-DateKind String,
    PowerShell 7.5 and later; before 7.5 they come back as [datetime], which
    ConvertFrom-UserSessionWireTime accepts as well).

    Windows PowerShell 5.1 (Desktop) parses with its own JavaScriptSerializer
    (ConvertFrom-Json there goes through one whose MaxJsonLength is 2 MB,
    which a long process list from many hosts passes). DeserializeObject
    returns Dictionary[string,object] with case-sensitive keys, [object[]]
    arrays, [int], [long] or [decimal] numbers and [double] for exponents
    (1e-7). Its result is converted here, at the boundary, to the shape
    ConvertFrom-Json gives in PowerShell 7 (ConvertFrom-UserSessionJsonValue),
    so that no other function of the module meets a dictionary.

    $script:JsonDeserializer is the parser of the Desktop path: a script
    block that takes the line and returns what DeserializeObject returns.
    Windows PowerShell sets it at first use; the tests set it to a stand-in
    (powershell/tests/DesktopJson.ps1), which makes PowerShell 7 take the
    Desktop path, conversion included.

    With -Pending (the transport's table of requests in flight), the answer
    to a request sent with a -SessionShape (Get-UserSession's listings) has
    its sessions built straight from the parser's output, as finished
    UserSession.Session objects in a List[psobject] at result.sessions:
    ConvertFrom-UserSessionJsonListing on PowerShell 7.5 and later
    (System.Text.Json), ConvertFrom-UserSessionDictionaryListing on the
    Desktop path. Building a [pscustomobject] per session and per value
    first, and then the session objects from those, took most of the time
    of a large listing. When that builder cannot read the answer, it is
    parsed here as any other line, and its sessions are converted by
    ConvertFrom-UserSessionWireSession, where they fail as they always did.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [string]$Json,

        [System.Collections.IDictionary]$Pending
    )

    # A listing's own builder is tried only while a listing is awaited:
    # every other line (server.info, actions, the events of a watch) goes
    # straight to the generic path, without a parse for nothing.
    $listing = $false
    if ($null -ne $Pending) {
        foreach ($request in $Pending.Values) {
            if ($null -ne $request.SessionShape) {
                $listing = $true
                break
            }
        }
    }
    $parse = $script:JsonDeserializer
    if ($null -eq $parse) {
        if ($PSVersionTable.PSEdition -eq 'Core') {
            if ($null -eq $script:JsonOptions) {
                # From PowerShell 7.5, -DateKind String keeps times as the
                # strings the helper sent, as on the Desktop path; before,
                # they come back as [datetime].
                $script:JsonOptions = @{}
                $script:JsonListing = $null
                # The parameter's type, Microsoft.PowerShell.Commands.JsonDateKind,
                # came with it (PowerShell/PowerShell#20925, documented
                # from the 7.5 reference on); naming it is cheaper than a
                # first Get-Command in a fresh PowerShell.
                if ($null -ne [type]::GetType('Microsoft.PowerShell.Commands.JsonDateKind, Microsoft.PowerShell.Commands.Utility')) {
                    $script:JsonOptions['DateKind'] = 'String'
                    # The listings' own builder needs System.Text.Json, and
                    # times kept as strings on the generic path, which it
                    # must match. Its types by name: see
                    # ConvertFrom-UserSessionJsonListing.
                    $document = [type]::GetType('System.Text.Json.JsonDocument, System.Text.Json')
                    $kinds = [type]::GetType('System.Text.Json.JsonValueKind, System.Text.Json')
                    if (($null -ne $document) -and ($null -ne $kinds)) {
                        $script:JsonListing = @{
                            Document = $document
                            Kinds    = $kinds
                            Options  = @{ DateKind = 'String'; NoEnumerate = $true }
                        }
                    }
                }
            }
            if ($listing -and ($null -ne $script:JsonListing)) {
                try {
                    $message = ConvertFrom-UserSessionJsonListing -Json $Json -Pending $Pending
                } catch {
                    $message = $null
                }
                if ($null -ne $message) {
                    return $message
                }
            }
            $options = $script:JsonOptions
            return (ConvertFrom-Json -InputObject $Json @options)
        }
        Add-Type -AssemblyName 'System.Web.Extensions'
        $serializer = [System.Web.Script.Serialization.JavaScriptSerializer]::new()
        $serializer.MaxJsonLength = [int]::MaxValue
        $serializer.RecursionLimit = 256
        $script:JsonDeserializer = { param([string]$Line) $serializer.DeserializeObject($Line) }.GetNewClosure()
        $parse = $script:JsonDeserializer
    }
    # The comma keeps an array the parser returns one array.
    $parsed = , (& $parse $Json)
    if ($listing -and ($parsed[0] -is [System.Collections.IDictionary])) {
        try {
            $message = ConvertFrom-UserSessionDictionaryListing -Message $parsed[0] -Pending $Pending
        } catch {
            $message = $null
        }
        if ($null -ne $message) {
            return $message
        }
    }
    return (ConvertFrom-UserSessionJsonValue -Value $parsed[0])
}
