// Package rpc serves the methods of the wire contract (package contract)
// as JSON-RPC 2.0 over a pair of byte streams, one message per line.
//
// github.com/sourcegraph/jsonrpc2 runs the connection: its read loop takes
// each request from Stream and dispatches it to the handler, which serves
// it on a goroutine of its own (server.go).
//
// In front of the library sits Stream, the smallest layer that keeps the
// rules of this helper that the library cannot. The library's connection
// closes on the first error its ObjectStream returns, and its framings
// (PlainObjectCodec, VarintObjectCodec, VSCodeObjectCodec) return one for
// any message they cannot decode and know no line limit, so Stream is the
// connection's ObjectStream and frames the lines itself:
//
//   - Bad input never closes the connection. The library ends it on a
//     line that is not JSON, on a batch, on an id it cannot hold and on a
//     byte-order mark; Stream reads lines (lines.go) and answers those
//     itself: -32700 for what is not JSON, -32600 for what is not a
//     request object or is longer than the line limit, and a batch with
//     an array of answers.
//   - Ids are echoed as sent. The library holds an id as an unsigned
//     integer or a string; Stream hands it each request under an id of
//     its own and puts the caller's back (a negative, fractional or huge
//     number, null) into the response.
//   - A member given twice is refused (request.go), in the request
//     (-32600) and in params (-32602, naming the member). The library
//     decodes into maps, where the last one wins; a request that says
//     two things must not be read as either. For the same reason the
//     params reach the handler as they were sent, not as the library
//     encodes them again.
//   - A method that acts on a session (contract.Method.Acts) sent as a
//     notification is dropped unserved and logged as refused: nobody
//     would hear what it did.
//   - At end of input every request already read is answered before
//     Serve returns.
//
// Responses go from the handler straight to Stream, which escapes them to
// ASCII; the library's own reply path would encode each result three
// times. Errors become error objects through the one table of
// contract.Errors.
package rpc
