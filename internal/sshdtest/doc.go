// Package sshdtest gives tests real Linux login sessions: it starts an
// OpenSSH server of its own on 127.0.0.1, or on several loopback addresses
// that stand for several hosts (own port, host key and config, UsePAM no;
// optionally pwsh as the powershell subsystem and root let in with the
// test's key, for PowerShell remoting over SSH), creates a throw-away user with a key, and opens ssh
// sessions with a pseudo-terminal, each of which sshd records in utmp as
// a real login would be. who(1) is the independent check of what a test
// lists.
//
// It needs root and openssh-server/openssh-client. Require skips the test
// without them, except under CI=true, where it fails it. Everything a
// Server creates (the user, its home, sshd, the clients) is removed when
// the test ends, also on failure; the utmp file and /run/sshd it creates
// where a container lacks them stay, for the tests running beside it.
// What a killed run left behind (its cleanups never ran) the next Start
// removes: a test binary holds a lock on a claim file for each user it
// makes, so the users, sudoers files and sshd of a run that is gone are
// told apart from those of the runs beside it (RemoveStrays).
package sshdtest
