function ConvertTo-UserSessionState {
    <#
    .SYNOPSIS
    Turns state names and quser's abbreviations into the helper's state names.
    .DESCRIPTION
    Accepts, in any case, the names (Active, Connected, ConnectQuery, Shadow,
    Disconnected, Idle, Listen, Reset, Down, Init) and what quser writes
    (Disc, Conn, ConnQ, Listen). An unknown name is an error that lists the
    names that exist.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [string[]]$State
    )

    foreach ($name in $State) {
        $match = $null
        foreach ($entry in $script:StateNames) {
            if (($entry.Name -eq $name) -or ($entry.Aliases -contains $name)) {
                $match = $entry.Name
            }
        }
        if ($null -eq $match) {
            $known = ($script:StateNames | ForEach-Object { $_.Name }) -join ', '
            throw (New-UserSessionArgumentError -Message "'$name' is not a session state. The states are $known; quser's Disc, Conn and ConnQ are accepted too." -Reason 'InvalidState' -TargetObject $name)
        }
        $match
    }
}
