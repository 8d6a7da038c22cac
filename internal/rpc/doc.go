// Package rpc serves the usersession methods as JSON-RPC 2.0 over a pair of
// byte streams, one message per line.
//
// github.com/sourcegraph/jsonrpc2 runs the connection: its read loop takes
// requests from Stream and dispatches each to the handler, which serves it
// on a goroutine of its own. In front of the library sits Stream, which
// reads lines and answers on its own everything the library would choke on
// (invalid JSON, invalid request objects, over-long lines, ids the library
// cannot represent, batches), so that one bad line never closes the
// connection. Responses go from the handler straight to Stream, which puts
// the caller's id back, escapes all output to ASCII and, at end of input,
// holds the library back until every request already read is answered;
// the library's own reply path would encode each result three times.
//
// Errors from the domain are mapped to JSON-RPC codes in exactly one table,
// in errors.go.
package rpc
