// Package rpc serves the usersession methods as JSON-RPC 2.0 over a pair of
// byte streams, one message per line.
//
// github.com/sourcegraph/jsonrpc2 runs the connection: it dispatches each
// request to a goroutine and sends the replies. In front of it sits Stream,
// which reads lines and answers on its own everything the library would
// choke on (invalid JSON, invalid request objects, over-long lines, ids the
// library cannot represent, batches), so that one bad line never closes the
// connection. Stream also escapes all output to ASCII and, at end of input,
// holds the library back until every request already read is answered.
//
// Errors from the domain are mapped to JSON-RPC codes in exactly one table,
// in errors.go.
package rpc
