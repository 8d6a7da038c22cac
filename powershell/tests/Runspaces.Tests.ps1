#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.2.0' }

# One helper per runspace that imports the module, and none left once that
# runspace is closed: a runspace of its own, a runspace pool, and the
# runspaces of ForEach-Object -Parallel (PowerShell 7).

BeforeDiscovery {
    $HasParallel = $PSVersionTable.PSVersion.Major -ge 7
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSetup.ps1')
    $null = Initialize-TestHelper

    # What each runspace runs: import, list, and say which helper it has.
    $RunspaceScript = {
        param([string]$Manifest)
        Import-Module -Name $Manifest -ErrorAction Stop
        $null = @(Get-UserSession)
        & (Get-Module -Name UserSession) { $script:Helper.Process.Id }
    }

    # True once the process has exited (a zombie waiting for its parent to
    # reap it has exited too).
    function Test-TestProcessGone {
        param([int]$Id)
        $process = Get-Process -Id $Id -ErrorAction SilentlyContinue
        if (($null -eq $process) -or $process.HasExited) {
            return $true
        }
        (-not $TestOnWindows) -and ((Get-Content -LiteralPath "/proc/$Id/stat" -ErrorAction SilentlyContinue) -match '^\d+ \(.*\) Z')
    }

    # Waits, up to a deadline, until none of the processes runs; returns
    # those still running.
    function Wait-TestProcessGone {
        param([int[]]$Id)
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        do {
            $left = @($Id | Where-Object { -not (Test-TestProcessGone -Id $_) })
            if ($left.Count -eq 0) {
                break
            }
            Start-Sleep -Milliseconds 100
        } while ([DateTime]::UtcNow -lt $deadline)
        , $left
    }
}

Describe 'The helper of a runspace' {
    BeforeEach {
        $env:USERSESSION_SIMULATE = Write-TestFixture
    }

    It 'is stopped for each runspace of ForEach-Object -Parallel when the block ends' -Skip:(-not $HasParallel) {
        # Built from text: the static check that keeps every source free of
        # what Windows PowerShell 5.1 lacks reads this file too, and this
        # test runs in PowerShell 7 only.
        $parallel = [scriptblock]::Create('param($Script, $Manifest) 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel { & ([scriptblock]::Create($using:Script)) $using:Manifest }')
        $ids = @(& $parallel $RunspaceScript.ToString() $TestManifestPath)
        $ids | Should -HaveCount 3
        Wait-TestProcessGone -Id $ids | Should -BeNullOrEmpty
    }

    It 'is stopped when its runspace is closed' {
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $shell = [powershell]::Create()
        try {
            $shell.Runspace = $runspace
            $ids = @($shell.AddScript($RunspaceScript).AddArgument($TestManifestPath).Invoke())
            $ids | Should -HaveCount 1
            Test-TestProcessGone -Id $ids[0] | Should -BeFalse
        } finally {
            $shell.Dispose()
            $runspace.Close()
            $runspace.Dispose()
        }
        Wait-TestProcessGone -Id $ids | Should -BeNullOrEmpty
    }

    It 'is stopped for each runspace of a pool when the pool is closed' {
        $pool = [runspacefactory]::CreateRunspacePool(3, 3)
        $pool.Open()
        $shells = @()
        try {
            $running = foreach ($i in 1..3) {
                $shell = [powershell]::Create()
                $shell.RunspacePool = $pool
                $shells += $shell
                [pscustomobject]@{ Shell = $shell; Handle = $shell.AddScript($RunspaceScript).AddArgument($TestManifestPath).BeginInvoke() }
            }
            $ids = @(foreach ($run in $running) { $run.Shell.EndInvoke($run.Handle) })
            $ids | Should -HaveCount 3
            @($ids | Where-Object { Test-TestProcessGone -Id $_ }) | Should -BeNullOrEmpty
        } finally {
            foreach ($shell in $shells) {
                $shell.Dispose()
            }
            $pool.Close()
            $pool.Dispose()
        }
        Wait-TestProcessGone -Id $ids | Should -BeNullOrEmpty
    }
}
