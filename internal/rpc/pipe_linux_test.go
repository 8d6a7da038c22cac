package rpc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

// TestServeClientGone closes the reading end of the output pipe while a
// slow request is in flight and input is still open: Serve must give up on
// the request and return ErrClientGone long before the request would end.
func TestServeClientGone(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

// servePipe runs Serve on b over real pipes, as the module runs the
// helper: it returns the writing end of stdin, a reader of stdout and
// where Serve's error arrives once stdin is closed.
func servePipe(t *testing.T, b session.Backend) (*os.File, *bufio.Reader, <-chan error) {
	t.Helper()
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- NewServer(b, Options{}).Serve(context.Background(), inR, outW)
		outW.Close()
	}()
	return inW, bufio.NewReader(outR), done
}

// TestServeQuietPipe talks to Serve over real pipes one request at a time,
// the case where server.info is answered on the reading goroutine, then
// pipelines a burst, where it is not: every request gets its own answer.
func TestServeQuietPipe(t *testing.T) {
	t.Parallel()
	b, err := simulate.Parse([]byte(`{"computerName":"Q","sessions":[{"id":1,"userName":"a"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	inW, r, done := servePipe(t, b)
	read := func() reply {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		return parseLine(t, line)[0]
	}
	for i := range 50 {
		method := "server.info"
		if i%10 == 9 {
			method = "session.list"
		}
		fmt.Fprintf(inW, `{"jsonrpc":"2.0","id":%d,"method":"%s"}`+"\n", i, method)
		if got := read(); string(got.ID) != fmt.Sprint(i) || got.Error != nil || !strings.Contains(string(got.Result), `"Q"`) {
			t.Fatalf("request %d: got %+v", i, got)
		}
	}
	const burst = 300
	var all []byte
	for i := range burst {
		all = fmt.Appendf(all, `{"jsonrpc":"2.0","id":"b%d","method":"server.info"}`+"\n", i)
	}
	go func() { inW.Write(all); inW.Close() }()
	seen := map[string]bool{}
	for range burst {
		got := read()
		if got.Error != nil || seen[string(got.ID)] {
			t.Fatalf("burst: got %+v", got)
		}
		seen[string(got.ID)] = true
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

// slowNames is a fixture whose local names wait for release, as a
// resolver that takes its time; asked is closed when they are first asked.
type slowNames struct {
	*simulate.Backend
	asked, release chan struct{}
}

func (b slowNames) LocalNames(ctx context.Context) []string {
	close(b.asked)
	<-b.release
	return b.Backend.LocalNames(ctx)
}

// TestServeInfoWaitsOffTheReader sends one server.info over a quiet pipe,
// the case served on the reading goroutine when the answer is at hand,
// whose local names then wait: a list sent meanwhile must still be read
// and answered first.
func TestServeInfoWaitsOffTheReader(t *testing.T) {
	t.Parallel()
	sim, err := simulate.Parse([]byte(`{"computerName":"Q","sessions":[{"id":1,"userName":"a"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b := slowNames{Backend: sim, asked: make(chan struct{}), release: make(chan struct{})}
	inW, r, done := servePipe(t, b)
	fmt.Fprintln(inW, `{"jsonrpc":"2.0","id":"info","method":"server.info"}`)
	<-b.asked
	fmt.Fprintln(inW, `{"jsonrpc":"2.0","id":"list","method":"session.list"}`)
	// A reader held up by server.info never reads the list: give up after
	// a while so that the test fails instead of hanging.
	stuck := time.AfterFunc(10*time.Second, func() { close(b.release) })
	var order []string
	for len(order) < 2 {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		order = append(order, string(parseLine(t, line)[0].ID))
		if len(order) == 1 && stuck.Stop() {
			close(b.release)
		}
	}
	inW.Close()
	if order[0] != `"list"` {
		t.Errorf("answer order = %v, want the list before the server.info that waits", order)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
