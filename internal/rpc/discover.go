package rpc

import (
	"context"
	"encoding/json"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/schema"
)

// discover answers rpc.discover with the OpenRPC document that go generate
// built from the contract (package openrpc builds it; its test fails when
// the embedded copy is stale).
func (s *Server) discover(context.Context, contract.NoParams) (json.RawMessage, error) {
	return schema.OpenRPC, nil
}
