package rpc

import (
	"context"
	"encoding/json"

	"github.com/usersession/usersession/schema"
)

// CodeMessages names each application error code; the OpenRPC document
// lists them under each method.
var CodeMessages = map[int64]string{
	CodeAccessDenied:  "access denied",
	CodeNoSession:     "no such session",
	CodeRefused:       "refused for safety without force",
	CodeNotSupported:  "not supported on this platform or backend",
	CodeUnreachable:   "host unreachable",
	CodeTimeout:       "timed out",
	CodeInvalidParams: "invalid params",
}

// discover answers rpc.discover with the OpenRPC document that go generate
// built from this package's params and result types (package openrpc
// builds it; its test fails when the embedded copy is stale).
func (s *Server) discover(context.Context, NoParams) (json.RawMessage, error) {
	return schema.OpenRPC, nil
}
