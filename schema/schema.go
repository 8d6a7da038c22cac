// Package schema holds the generated OpenRPC document of usersession and
// the JSON Schema of every params and result type, and embeds the document
// for rpc.discover and `usersession openrpc`.
//
// The files are written by `go generate ./...` (see package openrpc); a
// test fails when they differ from what the Go types produce.
package schema

import _ "embed" // for go:embed

//go:generate go run ../internal/openrpc/genschema

// OpenRPC is the OpenRPC document of the usersession methods.
//
//go:embed openrpc.json
var OpenRPC []byte
