// Package utmp is the Linux backend of usersession: sessions from the utmp
// file, processes from /proc, sign-out by signals. It uses no cgo.
//
// # Sessions
//
// A session is a USER_PROCESS entry of the utmp file (/var/run/utmp, or
// the file the helper is given through USERSESSION_UTMP) whose process
// still runs, as who(1) lists them. An entry is left out when its process
// is gone or a zombie, when its pid is 0 or 1, or when its process started
// more than a minute after the entry was made: then the pid was reused
// after a login that ended without its entry being cleared. When one pid
// has several entries only the first counts. No utmp file (a fresh
// container) means no sessions, not an error.
//
// The fields of a session:
//
//   - id is the entry's ut_pid: the login process that wrote the entry.
//     For OpenSSH that is the connection's privileged monitor, "sshd:
//     user [priv]" (root), with UsePAM no and UsePAM yes alike (checked
//     with OpenSSH 9.2p1); its child "sshd: user@pts/N" runs as the user
//     and is the parent of the shell. OpenSSH 9.8 and later name them
//     "sshd-session: user [priv]" and "sshd-session: user@pts/N". For a
//     console login the id is the login or shell process. It is never 0,
//     so the safety rule about session 0 never applies here.
//   - sessionName is ut_line (pts/0, tty1), userName is ut_user, domain
//     is empty.
//   - clientName is ut_host. clientAddress is ut_addr_v6 when it is set
//     (IPv4 when only its first four bytes are), otherwise ut_host when
//     that is an IP address, otherwise empty.
//   - protocol is "SSH" when the login process or its parent is an SSH
//     server (sshd, sshd-session and other sshd-* programs, dropbear),
//     "Telnet" for in.telnetd or telnetd, "Console" for a console
//     session, otherwise empty (see Protocol).
//   - isConsole is true for the system console, a virtual console (ttyN)
//     and a local X display (":0"), when ut_host is empty or a local
//     display (see IsConsole).
//   - accountName is the user name; sid, clientBuild and clientDisplay are
//     null (Linux has no such thing to report).
//   - isRemote is false for a console session and for a local terminal
//     (no ut_host, or a local display), true over SSH or Telnet or from
//     a remote ut_host.
//   - state is always Active: a Linux login has no disconnected state.
//   - logonTime and connectTime are ut_tv. lastInputTime is the access
//     time of the terminal device (/dev/pts/0), which the kernel updates
//     on input, and idleSeconds is measured from it, as w(1) does; both
//     are null when the line is not a terminal.
//   - isCurrent marks the session the helper runs in: the session of its
//     nearest ancestor (itself included) that is a login process, else the
//     session whose terminal is the helper's controlling terminal.
//
// # Processes
//
// The processes of a session are its login process and that process's
// descendants, and the processes whose controlling terminal is the
// session's terminal. A process belongs to one session only, the one of
// its nearest ancestor that is a login process (see Member). Its name is
// the comm of /proc/PID/stat (the executable's base name when the comm is
// truncated at 15 bytes), userName the owner of its effective uid,
// workingSetBytes its resident set (rss pages times the page size),
// cpuSeconds utime plus stime over USER_HZ (100), threadCount num_threads,
// handleCount the entries of /proc/PID/fd, null when that directory is
// not readable (another user's process without root).
//
// # Sign-out, messages, disconnect
//
// Logoff sends SIGHUP, then SIGTERM, to every process of the session and
// SIGKILL to what is left after a grace period (5 s). Each process is
// known by its pid and its start time, re-checked through a pidfd before
// every signal, so a pid that was reused is never signalled. Without root,
// a session holding another user's process answers ErrAccessDenied before
// any signal is sent. Message writes to the session's terminal as write(1)
// does. Disconnect is not supported. Remote computer names are not
// supported: the backend reads this machine only.
//
// # The utmp record on amd64 and arm64
//
// The file holds glibc's struct utmp in the machine's byte order. On
// x86_64, i386 and riscv64 glibc defines __WORDSIZE_TIME64_COMPAT32 to 1,
// so ut_session and both halves of ut_tv are int32 and a record is 384
// bytes. On aarch64 glibc's bits/wordsize.h sets
// __WORDSIZE_TIME64_COMPAT32 to 0: ut_session is a long and ut_tv a struct
// timeval of two longs, so ut_tv moves to offset 344, ut_addr_v6 to 360
// and a record is 400 bytes. Layout384 and Layout400 describe both; the
// fields before ut_session are the same on every architecture. Other
// architectures get the 384-byte layout; only amd64 and arm64 are shipped
// and checked.
package utmp
