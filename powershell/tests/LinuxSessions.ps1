# Readers of the real Linux sessions of the test user, shared by the
# RealLinux tests (Linux.Tests.ps1) and the RealRemote ones
# (RemoteSetup.ps1); dot-sourced after $TestUser is set to that user
# (USERSESSION_TEST_SSHD_USER).

# "user line" for each of the test user's logins, as who(1) shows them.
function Get-WhoLine {
    $lines = foreach ($line in @(& who)) {
        $fields = @(-split $line)
        if (($fields.Count -ge 2) -and ($fields[0] -eq $TestUser)) {
            '{0} {1}' -f $fields[0], $fields[1]
        }
    }
    @($lines | Sort-Object)
}

# The session whose remote command is "sleep <Marker>", from this
# machine's own helper.
function Get-SleepSessionId {
    param([string]$Marker)
    foreach ($process in @(Get-UserSessionProcess | Where-Object { $_.UserName -eq $TestUser -and $_.Name -eq 'sleep' })) {
        $commandLine = [System.IO.File]::ReadAllText("/proc/$($process.ProcessId)/cmdline") -replace "`0", ' '
        if ($commandLine.Trim() -eq "sleep $Marker") {
            return $process.SessionId
        }
    }
    throw "no session runs sleep $Marker"
}
