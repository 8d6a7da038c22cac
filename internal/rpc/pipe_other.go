//go:build !linux

package rpc

import "io"

// outputGone is not implemented on this system: a client that dies is
// noticed at the first response written after its death, or at the end of
// input once every request already read has finished.
func outputGone(io.Writer) (<-chan struct{}, func()) { return nil, func() {} }

// outputQueued is not implemented on this system: requests are always
// handled on goroutines of their own.
func outputQueued(io.Writer) func() (int, bool) { return nil }
