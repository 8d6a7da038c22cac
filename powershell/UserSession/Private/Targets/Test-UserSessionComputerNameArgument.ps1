function Test-UserSessionComputerNameArgument {
    <#
    .SYNOPSIS
    Validates one element of -ComputerName: a computer's name, not an object.
    .DESCRIPTION
    PowerShell turns any object given to a [string] parameter into text: a
    hashtable becomes 'System.Collections.Hashtable', a session object
    '@{ComputerName=RDS01; Id=2}', the number 5 '5', and the helper then
    answers that no such host can be reached. An element must be a string
    (commands that declare -ComputerName [object[]] get the object itself)
    that reads as a host name, a NetBIOS name or an IP address: letters,
    digits, '.', '-' and '_', not digits alone, not the name of a .NET type.
    Anything else throws why, which [ValidateScript()] reports as the
    parameter's validation error. Get-UserSession and Watch-UserSession
    take -ComputerName from the pipeline by property name, so theirs stays
    [string[]] and only the text is checked.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [AllowNull()]
        [object]$Value
    )

    $item = $Value
    if ($item -is [System.Management.Automation.PSObject]) {
        $item = $item.PSObject.BaseObject
    }
    $hint = 'give its name (for example $session.ComputerName), or pipe the sessions themselves'
    if ($item -isnot [string]) {
        $typeName = 'null'
        if ($null -ne $item) {
            $typeName = $item.GetType().FullName
        }
        throw "A computer name is a string; this is a $typeName. To name the computer of an object, $hint."
    }
    $name = $item.Trim()
    if ($name.Length -eq 0) {
        throw 'A computer name is not empty or blank (an empty value is never taken for this computer).'
    }
    # Before the address check: IPAddress.TryParse reads '5' as 0.0.0.5.
    if ($name -match '^\d+$') {
        throw "'$name' is a number, not a computer name."
    }
    $address = $null
    if ($name.Contains(':') -and [System.Net.IPAddress]::TryParse($name.Trim('[', ']'), [ref]$address)) {
        return $true
    }
    if ($name -notmatch '^[\p{L}\p{N}._-]+$') {
        throw "'$name' is not a computer name (a host name, NetBIOS name or IP address): is it an object turned into text? To name the computer of an object, $hint."
    }
    if ($name.Contains('.') -and ($null -ne ($name -as [type]))) {
        throw "'$name' is the name of a .NET type, which PowerShell writes for an object of that type: to name the computer of an object, $hint."
    }
    return $true
}
