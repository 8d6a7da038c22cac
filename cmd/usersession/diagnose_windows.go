package main

import (
	"context"

	"github.com/usersession/usersession/internal/session/wts"
	"github.com/usersession/usersession/internal/version"
)

// platformDiagnose is the WTS backend's report of host ("" for this
// machine).
func platformDiagnose(ctx context.Context, host string) (any, error) {
	return wts.New().Diagnose(ctx, host, version.Version)
}
