package rpc

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session/simulate"
)

// TestServeClientGone closes the reading end of the output pipe while a
// slow request is in flight and input is still open: Serve must give up on
// the request and return ErrClientGone long before the request would end.
func TestServeClientGone(t *testing.T) {
	b, err := simulate.Parse([]byte(`{"computerName":"L","hosts":{"SLOW":{"latencyMs":60000}}}`))
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(b, Options{})
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer outW.Close()
	inR, inW := io.Pipe()
	defer inW.Close()

	done := make(chan error, 1)
	go func() { done <- srv.Serve(context.Background(), inR, outW) }()
	if _, err := io.WriteString(inW, `{"jsonrpc":"2.0","id":1,"method":"session.list","params":{"computerNames":["SLOW"],"timeoutSeconds":120}}`+"\n"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("Serve returned %v while its client was still there", err)
	case <-time.After(200 * time.Millisecond):
	}
	start := time.Now()
	outR.Close()
	select {
	case err := <-done:
		if !errors.Is(err, ErrClientGone) {
			t.Fatalf("Serve = %v, want ErrClientGone", err)
		}
		t.Logf("Serve returned %v after the client left", time.Since(start))
	case <-time.After(10 * time.Second):
		t.Fatal("Serve still waits for a request whose client is gone")
	}
}

// TestServeOutputNotPipe checks that output other than a pipe is never
// taken for a client that left.
func TestServeOutputNotPipe(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gone, stop := outputGone(f)
	defer stop()
	if gone != nil {
		t.Fatal("a regular file was watched as a pipe")
	}
	b, _ := simulate.Parse([]byte(`{}`))
	in := `{"jsonrpc":"2.0","id":1,"method":"server.info"}` + "\n"
	if err := NewServer(b, Options{}).Serve(context.Background(), strings.NewReader(in), f); err != nil {
		t.Fatalf("Serve: %v", err)
	}
}
