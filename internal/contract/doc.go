// Package contract is the wire contract of usersession, in one place: the
// methods (methods.go), the params and result types each method decodes
// and answers (types.go), the one table of error kinds with their
// JSON-RPC codes, names and messages (errors.go), and the encoders that
// write results as encoding/json would, without reflection, and escape
// every response to ASCII (encode.go, zjson.go, ascii.go).
//
// The server (package rpc) serves these types, the command line sends and
// reads them, the OpenRPC document and the schema directory are generated
// from them (package openrpc), the audit trail codes its records by the
// table, and the tests decode answers into them. A change to the wire is
// a change here.
package contract

//go:generate go run ./genjson
