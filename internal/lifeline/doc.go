// Package lifeline tells a process when another one ends, so that the
// usersession helper never outlives the PowerShell that started it: on
// Windows, PowerShell's Exiting event does not fire when its window is
// closed or the process is killed, and the helper, blocked reading its
// standard input, would be left behind.
//
// WatchProcess(pid) returns a channel that is closed when process pid
// ends: on Windows through a handle with SYNCHRONIZE rights and
// WaitForSingleObject, on Linux through a pidfd (pidfd_open, Linux 5.3)
// and poll, or by looking at /proc where pidfds are not available. Other
// systems get an error.
package lifeline
