// Command genschema writes the OpenRPC document and the JSON Schemas of
// usersession into the schema directory. It runs from `go generate ./...`
// (see schema/schema.go).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/usersession/usersession/internal/openrpc"
)

func main() {
	wd, err := os.Getwd()
	if err == nil {
		var root string
		root, err = openrpc.ModuleRoot(wd)
		if err == nil {
			err = openrpc.Write(root, filepath.Join(root, "schema"))
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genschema:", err)
		os.Exit(1)
	}
}
