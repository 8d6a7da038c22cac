// Usersession lists the user sessions of Windows and Linux hosts, signs
// them out and disconnects them, and serves all of it as JSON-RPC 2.0 over
// stdin and stdout for the UserSession PowerShell module.
//
// Usage:
//
//	usersession list [HOSTS...] [--user PATTERN]... [--state STATE]... [--timeout SECONDS] [--json] [--simulate FILE]
//	usersession logoff ID [--host HOST] [--wait] [--yes] [--include-protected] [--reason TEXT] [--audit-log PATH] [--simulate FILE]
//	usersession disconnect ID [--host HOST] [--wait] [--yes] [--include-protected] [--reason TEXT] [--audit-log PATH] [--simulate FILE]
//	usersession watch [HOSTS...] [--event EVENT]... [--count N] [--timeout DURATION] [--simulate FILE]
//	usersession [serve] [--simulate FILE] [--log-file PATH] [--audit-log PATH] [--max-line BYTES] [--parent-pid PID]
//	usersession call [--simulate FILE] [--audit-log PATH] METHOD [PARAMS_JSON]
//	usersession openrpc
//	usersession version
//	usersession help [--man]
//	usersession completion bash
//
// list prints a table as quser does; logoff and disconnect show their
// target and ask on the terminal unless --yes. They send their requests
// through the method table of package rpc in process (Server.Call), as
// call does, and read the results as a client of the wire would.
//
// The manual, with the methods, the error codes and examples, is in
// usage.txt beside this file and is printed by `usersession help`;
// `usersession help --man` prints it as a man page, committed as
// docs/usersession.1 (go generate ./cmd/usersession writes it).
package main
