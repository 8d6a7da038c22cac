<#
.SYNOPSIS
Measures a warm Get-UserSession against the helper alone, for listings of
several sizes.

.DESCRIPTION
For each size in -Sessions, writes a simulator fixture of that many
sessions (every field filled in, as a busy Remote Desktop host has them),
then, in this PowerShell:

- the floor: the helper alone, started on the fixture, answering
  session.list over its pipes (the time from writing the request to reading
  the whole answer line);
- the module: Get-UserSession against the same fixture, warm (the module
  imported and its helper started by a first call), from the call to the
  last object.

Each is run -Runs times (at least 50 times for listings under 1,000
sessions, whose times are a fraction of a millisecond), the module's after
unmeasured runs (2 for 5,000 sessions, 50 times as many for 10 times
fewer sessions, 2,500 for one), since PowerShell compiles a script only
after its first runs and .NET its methods after theirs; the medians and
their ratio are printed. Figures, not assertions: the machines are shared,
and both are measured in the same run so that the ratio holds. The
README's Performance section has the figures of the last runs.

With -Breakdown, the largest listing's answer is also taken apart, each
step timed on its own (medians of -Runs) against the same floor:

- ConvertFrom-Json of the answer alone, and the generic path whole
  (ConvertFrom-Json, then ConvertFrom-UserSessionWireSession): what
  Get-UserSession did before its listings were built from the parser's
  output, and what every other answer still goes through;
- System.Text.Json's JsonDocument.Parse of the answer and a walk over its
  sessions: the parse the module now does;
- one PSObject.Copy() of the session template per session, kept: the
  objects alone, before any value is set, and one [pscustomobject] literal
  of the 23 values per session, for comparison (no aliases, no methods);
- ConvertFrom-UserSessionJsonListing: the module's build on PowerShell 7;
- the Windows PowerShell 5.1 shapes (JavaScriptSerializer's dictionaries,
  made once beforehand by the stand-in of tests/DesktopJson.ps1, whose own
  time is not counted): the generic conversion (ConvertFrom-UserSessionJsonValue,
  then ConvertFrom-UserSessionWireSession) against
  ConvertFrom-UserSessionDictionaryListing.


.NOTES
Last measured with
  go build -o /tmp/usersession ./cmd/usersession
  USERSESSION_PATH=/tmp/usersession pwsh -NoProfile -File powershell/bench/Measure-UserSessionListing.ps1 -Runs 7 -Breakdown
(PowerShell 7.6.9, the shared 2-vCPU machine at a load of 4 to 7; main's
module before the listings were built from System.Text.Json measured just
before with -ModulePath). Each against the helper alone in the same run:

  sessions  helper alone  Get-UserSession, warm          before
  5,000     13.6 ms       181 ms     13.3x              418 ms     28.8x
  10        0.108 ms      0.864 ms   8.0x               1.33 ms    11.8x
  1         0.044 ms      0.576 ms   13.0x              0.881 ms   12.3x

The goal for 5,000 sessions, 4x, is missed. -Breakdown, same run:
ConvertFrom-Json of the answer alone 190 ms (13.9x); the generic path
whole 503 ms (36.9x); JsonDocument.Parse and a walk 4.0 ms (0.3x); a
template copy per session, nothing set, 103 ms (7.6x); a [pscustomobject]
literal per session 165 ms (12.1x); the module's build 159 ms (11.7x);
5.1 shapes: generic 369 ms (27.0x), the module's build 133 ms (9.7x). The
copies alone are past 4x: only compiled code could reach it, and the
module ships none (see the README's Performance section).

.PARAMETER Sessions
The sizes of the listings (default 1, 10 and 5,000 sessions). With
pwsh -File, give one size: "1,10" would be read as 110.

.PARAMETER Runs
Timed runs of each (default 7; at least 50 for listings under 1,000
sessions).

.PARAMETER ModulePath
The module manifest to measure (default: the source tree's).

.PARAMETER Breakdown
Also time the steps of the largest listing's conversion, as above.

.EXAMPLE
pwsh -NoProfile -File powershell/bench/Measure-UserSessionListing.ps1

Measures listings of 1, 10 and 5,000 sessions with the helper
USERSESSION_PATH names.

.EXAMPLE
pwsh -NoProfile -File powershell/bench/Measure-UserSessionListing.ps1 -Sessions 5000 -Runs 5 -Breakdown

Measures 5,000 sessions and where their time goes.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 100000)]
    [int[]]$Sessions = @(1, 10, 5000),

    [ValidateRange(1, 1000)]
    [int]$Runs = 7,

    [string]$ModulePath,

    [switch]$Breakdown
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
if (-not $ModulePath) {
    $ModulePath = Join-Path -Path $root -ChildPath 'powershell/UserSession/UserSession.psd1'
}
. (Join-Path -Path $PSScriptRoot -ChildPath 'BenchCommon.ps1')
$helper = Get-BenchHelper

# A fixture of -Count sessions; returns its path.
function New-BenchFixture {
    param([int]$Count)
    $builder = [System.Text.StringBuilder]::new()
    $null = $builder.Append('{"computerName":"BENCH01","currentSessionId":1,"elevated":true,"now":"2026-11-24T10:00:00Z","sessions":[')
    for ($i = 0; $i -lt $Count; $i++) {
        if ($i -gt 0) {
            $null = $builder.Append(',')
        }
        $state = 'Active'
        if ($i % 5 -eq 4) {
            $state = 'Disconnected'
        }
        $logon = [datetime]::new(2026, 11, 24, 10, 0, 0, [System.DateTimeKind]::Utc).AddMinutes(-($i % 600) - 60).ToString('yyyy-MM-ddTHH:mm:ssZ')
        $lastInput = [datetime]::new(2026, 11, 24, 10, 0, 0, [System.DateTimeKind]::Utc).AddSeconds(-($i % 3600)).ToString('yyyy-MM-ddTHH:mm:ssZ')
        $null = $builder.AppendFormat('{{"id":{0},"sessionName":"RDP-Tcp#{0}","userName":"user{0:D5}","domain":"CONTOSO","state":"{1}","clientName":"LAPTOP-{0:D5}","clientAddress":"10.0.{2}.{3}","protocol":"RDP","logonTime":"{4}","connectTime":"{4}","lastInputTime":"{5}","locked":{6}}}',
            ($i + 2), $state, (($i -shr 8) -band 255), ($i -band 255), $logon, $lastInput, ([string]($i % 7 -eq 0)).ToLowerInvariant())
    }
    $null = $builder.Append(']}')
    $path = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('usersession-bench-' + [guid]::NewGuid().ToString('N') + '.json')
    [System.IO.File]::WriteAllText($path, $builder.ToString())
    return $path
}

# The helper alone: the times of -Count session.list requests after one
# unmeasured, and the last answer line.
function Measure-BenchHelper {
    param([string]$Fixture, [int]$Count)
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($helper, ('--simulate "{0}"' -f $Fixture))
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $times = [System.Collections.Generic.List[double]]::new()
    $line = ''
    try {
        for ($run = 0; $run -le $Count; $run++) {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $process.StandardInput.WriteLine('{"jsonrpc":"2.0","id":' + $run + ',"method":"session.list","params":{}}')
            $process.StandardInput.Flush()
            $line = $process.StandardOutput.ReadLine()
            $watch.Stop()
            if ($run -gt 0) {
                $times.Add($watch.Elapsed.TotalSeconds)
            }
        }
    } finally {
        $process.StandardInput.Close()
        $process.WaitForExit()
    }
    [pscustomobject]@{ Median = (Get-Median -Values $times.ToArray()); Line = $line }
}

# The median of -Count runs of a script block, after -Warm unmeasured.
function Measure-BenchStep {
    param([scriptblock]$Step, [int]$Count, [int]$Warm = 1)
    for ($run = 0; $run -lt $Warm; $run++) {
        $null = & $Step
    }
    $times = [System.Collections.Generic.List[double]]::new()
    for ($run = 0; $run -lt $Count; $run++) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $null = & $Step
        $watch.Stop()
        $times.Add($watch.Elapsed.TotalSeconds)
    }
    Get-Median -Values $times.ToArray()
}

$largest = ($Sessions | Measure-Object -Maximum).Maximum
$largestLine = $null
$largestFloor = 0.0
'PowerShell {0}, module {1}' -f $PSVersionTable.PSVersion, $ModulePath
foreach ($size in $Sessions) {
    $count = $Runs
    if ($size -lt 1000) {
        $count = [Math]::Max($Runs, 50)
    }
    $fixture = New-BenchFixture -Count $size
    try {
        $floor = Measure-BenchHelper -Fixture $fixture -Count $count
        $env:USERSESSION_SIMULATE = $fixture
        Import-Module -Name $ModulePath -Force
        $listed = @(Get-UserSession).Count
        # Warm: PowerShell compiles a script block after its first runs,
        # and .NET its methods after theirs.
        $module = Measure-BenchStep -Count $count -Warm ([Math]::Max(2, [int]($count * 50 / $size))) -Step { @(Get-UserSession).Count }
        Remove-Module -Name UserSession
    } finally {
        Remove-Item -LiteralPath $fixture -ErrorAction SilentlyContinue
    }
    if ($size -eq $largest) {
        $largestLine = $floor.Line
        $largestFloor = $floor.Median
    }
    '{0} sessions ({1:N0} bytes of JSON), median of {2} runs:' -f $listed, $floor.Line.Length, $count
    '  helper alone (session.list over its pipes): {0,10:N3} ms' -f ($floor.Median * 1000)
    '  Get-UserSession, warm:                      {0,10:N3} ms   {1,6:N1}x' -f ($module * 1000), ($module / $floor.Median)
}

if (-not $Breakdown) {
    return
}

# The largest answer taken apart, in the module's own scope.
$env:USERSESSION_SIMULATE = $null
Import-Module -Name $ModulePath -Force
. (Join-Path -Path $root -ChildPath 'powershell/tests/DesktopJson.ps1')
$dictionaries = ConvertFrom-TestDesktopJson -Json $largestLine
$steps = & (Get-Module -Name UserSession) {
    param($Line, $Dictionaries, $Count, $Time)
    # The parser of PowerShell 7 set up, as at the first answer.
    $null = ConvertFrom-UserSessionJson -Json '{}'
    $options = $script:JsonOptions
    $message = ConvertFrom-Json -InputObject $Line @options
    $pending = @{ [long]$message.id = [pscustomobject]@{ SessionShape = @{ Remote = $false; Resources = $false }; Abandoned = $false } }
    $template = Get-UserSessionTemplate
    $size = @($message.result.sessions).Count
    # Each builder must have built every session, or its time means nothing.
    foreach ($built in @((ConvertFrom-UserSessionJsonListing -Json $Line -Pending $pending), (ConvertFrom-UserSessionDictionaryListing -Message $Dictionaries -Pending $pending))) {
        if (($null -eq $built) -or ($built.result.sessions.Count -ne $size)) {
            throw 'A listing builder did not build the answer.'
        }
    }
    $measure = {
        param([string]$Name, [scriptblock]$Step)
        [pscustomobject]@{ Name = $Name; Seconds = (& $Time -Count $Count -Step $Step) }
    }
    & $measure 'ConvertFrom-Json of the answer alone' { ConvertFrom-Json -InputObject $Line @options }
    & $measure 'generic: ConvertFrom-Json + ConvertFrom-UserSessionWireSession' {
        $message = ConvertFrom-Json -InputObject $Line @options
        @(ConvertFrom-UserSessionWireSession -Wire @($message.result.sessions)).Count
    }
    if ($null -ne $script:JsonListing) {
        & $measure 'JsonDocument.Parse + a walk over the sessions' {
            $document = $script:JsonListing.Document::Parse($Line)
            try {
                foreach ($item in $document.RootElement.GetProperty('result').GetProperty('sessions').EnumerateArray()) {
                    $null = $item
                }
            } finally {
                $document.Dispose()
            }
        }
    }
    & $measure 'a template copy per session, kept' {
        $list = [System.Collections.Generic.List[psobject]]::new($size)
        for ($i = 0; $i -lt $size; $i++) {
            $list.Add($template.PSObject.Copy())
        }
        $list.Count
    }
    & $measure 'a [pscustomobject] literal per session, kept' {
        $list = [System.Collections.Generic.List[psobject]]::new($size)
        for ($i = 0; $i -lt $size; $i++) {
            $list.Add([pscustomobject]@{
                    PSTypeName = 'UserSession.Session'; ComputerName = 'BENCH01'; Id = $i; SessionName = 'RDP-Tcp#1'; UserName = 'user'; Domain = 'CONTOSO'
                    AccountName = 'CONTOSO\user'; SID = $null; State = 'Active'; IdleTime = $null; LogonTime = $null; ConnectTime = $null
                    DisconnectTime = $null; LastInputTime = $null; ClientName = 'LAPTOP'; ClientAddress = '10.0.0.1'; ClientBuild = $null
                    ClientDisplay = $null; Protocol = 'RDP'; IsRemote = $true; Locked = $false; IsCurrent = $false; IsConsole = $false; Protected = $null
                })
        }
        $list.Count
    }
    if ($null -ne $script:JsonListing) {
        & $measure 'the module: ConvertFrom-UserSessionJsonListing' {
            (ConvertFrom-UserSessionJsonListing -Json $Line -Pending $pending).result.sessions.Count
        }
    }
    & $measure '5.1 shapes, generic: ConvertFrom-UserSessionJsonValue + ...WireSession' {
        $message = ConvertFrom-UserSessionJsonValue -Value $Dictionaries
        @(ConvertFrom-UserSessionWireSession -Wire @($message.result.sessions)).Count
    }
    & $measure '5.1 shapes, the module: ConvertFrom-UserSessionDictionaryListing' {
        (ConvertFrom-UserSessionDictionaryListing -Message $Dictionaries -Pending $pending).result.sessions.Count
    }
} $largestLine $dictionaries $Runs ${function:Measure-BenchStep}
Remove-Module -Name UserSession
'Where the time of {0} sessions goes (medians of {1} runs, against the helper alone, {2:N3} ms):' -f $largest, $Runs, ($largestFloor * 1000)
foreach ($step in $steps) {
    '  {0,-72} {1,10:N3} ms   {2,6:N1}x' -f $step.Name, ($step.Seconds * 1000), ($step.Seconds / $largestFloor)
}
