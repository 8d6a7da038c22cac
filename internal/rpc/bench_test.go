package rpc

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/usersession/usersession/internal/fixturegen"
	"github.com/usersession/usersession/internal/session/simulate"
)

// countWriter counts the bytes written to it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// serveOne runs one request line through a whole Serve, as a helper does
// for each line, and returns the bytes written.
func serveOne(tb testing.TB, srv *Server, line []byte) int64 {
	var w countWriter
	if err := srv.Serve(context.Background(), bytes.NewReader(line), &w); err != nil {
		tb.Fatal(err)
	}
	return w.n
}

// BenchmarkList is session.list of one host with 1,000 to 100,000
// sessions, from the request line to the last byte of the response.
func BenchmarkList(b *testing.B) {
	line := []byte(`{"jsonrpc":"2.0","id":1,"method":"session.list"}` + "\n")
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			be, err := simulate.New(fixturegen.LocalHost(n))
			if err != nil {
				b.Fatal(err)
			}
			srv := NewServer(be, Options{})
			var wire int64
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				wire = serveOne(b, srv, line)
			}
			b.ReportMetric(float64(wire), "wire-bytes")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/session")
		})
	}
}

// BenchmarkInfo is one server.info request through Stream, the library
// and the method table, without pipes.
func BenchmarkInfo(b *testing.B) {
	be, err := simulate.New(fixturegen.LocalHost(1))
	if err != nil {
		b.Fatal(err)
	}
	srv := NewServer(be, Options{})
	line := []byte(`{"jsonrpc":"2.0","id":1,"method":"server.info"}` + "\n")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		serveOne(b, srv, line)
	}
}

// BenchmarkStream is many server.info requests through one Serve, the
// steady state of a helper that a client keeps open.
func BenchmarkStream(b *testing.B) {
	be, err := simulate.New(fixturegen.LocalHost(1))
	if err != nil {
		b.Fatal(err)
	}
	srv := NewServer(be, Options{})
	line := []byte(`{"jsonrpc":"2.0","id":1,"method":"server.info"}` + "\n")
	const perServe = 1000
	in := bytes.Repeat(line, perServe)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := srv.Serve(context.Background(), bytes.NewReader(in), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/perServe, "ns/request")
}
