// Usersession lists the user sessions of Windows and Linux hosts, signs
// them out and disconnects them, and serves all of it as JSON-RPC 2.0 over
// stdin and stdout for the UserSession PowerShell module.
//
// Usage:
//
//	usersession [serve] [--simulate FILE] [--log-file PATH] [--max-line BYTES] [--parent-pid PID]
//	usersession call [--simulate FILE] METHOD [PARAMS_JSON]
//	usersession openrpc
//	usersession version
//
// The manual, with the methods, the error codes and examples, is in
// usage.txt beside this file and is printed by `usersession help`.
package main
