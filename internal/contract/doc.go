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
//
// A params field tagged wire:"target" names what a method selects or acts
// on (a host, a session id, a user, a state): given, it must not be null,
// nor an empty or blank string, nor hold one; only leaving it out takes
// the default. A member given twice is an error in params and in the
// request, never "the last one wins". A method marked Acts is never
// carried out for a notification (a request without an id).
package contract

//go:generate go run ./genjson
