# Shared set-up of the RealRemote tests (Remote*.Tests.ps1), dot-sourced in
# their BeforeAll blocks after TestSetup.ps1. powershell/remote_linux_test.go
# starts an sshd of its own on several loopback addresses (each stands for
# one host; USERSESSION_TEST_REMOTE_HOSTS) with pwsh as the powershell
# subsystem, opens two pty sessions of a throw-away user
# (USERSESSION_TEST_SSHD_USER) running "sleep 711" and "sleep 712", and runs
# the tests as root signed in over ssh, so the caller has a session of its
# own, as an admin at a console does. who(1) is the independent check of
# what is signed in.

$null = Initialize-TestHelper
Remove-Item -Path Env:USERSESSION_SIMULATE -ErrorAction SilentlyContinue
Import-Module -Name $TestManifestPath -Force -ErrorAction Stop
$TestUser = $env:USERSESSION_TEST_SSHD_USER
$Hosts = @($env:USERSESSION_TEST_REMOTE_HOSTS -split ',')
$Version = (Import-PowerShellDataFile -Path $TestManifestPath).ModuleVersion
$InstallRoot = "/usr/local/lib/usersession/$Version"
$ModuleRoot = "/usr/local/share/powershell/Modules/UserSession/$Version"
$SshOptions = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }

function New-TestSession {
    param([string[]]$HostName)
    New-PSSession -HostName $HostName -UserName root -KeyFilePath $env:USERSESSION_TEST_REMOTE_KEY -Port ([int]$env:USERSESSION_TEST_REMOTE_PORT) -Options $SshOptions -ConnectingTimeout 60000 -ErrorAction Stop
}

. (Join-Path -Path $PSScriptRoot -ChildPath 'LinuxSessions.ps1')

# Signs the test user in over ssh with a pseudo-terminal, running "sleep
# <Marker>"; returns the ssh client process. Its input stays open, so only
# killing it (or the server) ends the login.
function Start-TestLogin {
    param([string]$Marker)
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new('ssh')
    foreach ($argument in @('-tt', '-F', '/dev/null', '-i', $env:USERSESSION_TEST_REMOTE_KEY, '-p', $env:USERSESSION_TEST_REMOTE_PORT,
            '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR',
            "$TestUser@$($Hosts[0])", "sleep $Marker")) {
        $startInfo.ArgumentList.Add($argument)
    }
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    [System.Diagnostics.Process]::Start($startInfo)
}

# Waits until $Condition is true, for up to $Seconds; returns whether it was.
function Wait-TestCondition {
    param([scriptblock]$Condition, [double]$Seconds = 30)
    $until = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -ge $until) {
            return $false
        }
        Start-Sleep -Milliseconds 100
    }
    return $true
}
