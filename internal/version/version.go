// Package version holds the version of usersession, shared by the helper
// (server.info, `usersession version`) and checked against the PowerShell
// module's manifest, which must carry the same number.
package version

// Version is the release of the helper and of the module that ships it.
const Version = "0.1.0"

// ProtocolVersion is the version of the wire contract. It changes only
// when a name that exists on the wire changes meaning or goes away; new
// methods and fields do not change it.
const ProtocolVersion = "1.0"
