# Shared by the scripts of powershell/bench, which dot-source it after
# their param blocks. Not a benchmark itself.

# The median of -Values (the mean of the two middle values of an even
# count).
function Get-Median {
    param([double[]]$Values)
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) {
        return $sorted[($n - 1) / 2]
    }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

# The helper that USERSESSION_PATH names, for the scripts that start one of
# their own beside the module's.
function Get-BenchHelper {
    if (-not $env:USERSESSION_PATH) {
        throw 'Set USERSESSION_PATH to a built helper (go build -o /tmp/usersession ./cmd/usersession).'
    }
    $env:USERSESSION_PATH
}
