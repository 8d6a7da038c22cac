package main

import (
	"bytes"
	"fmt"
	"io"
	"time"
)

// pipeline sends n requests with up to window in flight and returns the
// rate of responses. Requests are written in bursts, flushed whenever the
// window is full.
func pipeline(p *proc, n, window int, id bool, check func([]byte) bool) (float64, error) {
	slots := make(chan struct{}, window)
	errc := make(chan error, 1)
	t := time.Now()
	go func() {
		bad := 0
		for i := range n {
			line, err := p.readLine()
			if err != nil {
				errc <- fmt.Errorf("after %d responses: %w", i, err)
				return
			}
			if !check(line) {
				bad++
			}
			<-slots
		}
		if bad > 0 {
			errc <- fmt.Errorf("%d of %d responses were not results", bad, n)
			return
		}
		errc <- nil
	}()
	w := newBurstWriter(p.in)
	for i := range n {
		select {
		case slots <- struct{}{}:
		default:
			if err := w.flush(); err != nil {
				return 0, err
			}
			slots <- struct{}{}
		}
		if id {
			w.buf = fmt.Appendf(w.buf, `{"jsonrpc":"2.0","id":%d,"method":"server.info"}`+"\n", i)
		} else {
			w.buf = append(w.buf, infoLine...)
		}
	}
	if err := w.flush(); err != nil {
		return 0, err
	}
	if err := <-errc; err != nil {
		return 0, err
	}
	return float64(n) / time.Since(t).Seconds(), nil
}

type burstWriter struct {
	w   io.Writer
	buf []byte
}

func newBurstWriter(w io.Writer) *burstWriter { return &burstWriter{w: w} }

func (b *burstWriter) flush() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

// pipelined measures throughput with many requests in flight.
func pipelined(b *builds, o benchOptions) error {
	fmt.Printf("\n== pipelined: %d server.info requests, up to %d in flight, one helper\n", o.pipelined, o.window)
	echo, err := start(b.echo)
	if err != nil {
		return err
	}
	re, err := pipeline(echo, o.pipelined, o.window, true, func([]byte) bool { return true })
	echo.stop()
	if err != nil {
		return fmt.Errorf("echo: %w", err)
	}
	helper, err := start(b.helper, "serve")
	if err != nil {
		return err
	}
	rh, err := pipeline(helper, o.pipelined, o.window, true, func(l []byte) bool { return bytes.Contains(l, []byte(`"result":{"name":"usersession"`)) })
	if serr := helper.stop(); err == nil && serr != nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("helper: %w", err)
	}
	fmt.Printf("  %-32s %10.0f lines/s\n", "echo (the floor)", re)
	fmt.Printf("  %-32s %10.0f requests/s   (%.2f of the echo rate)\n", "usersession serve", rh, rh/re)
	atLeast("pipelined >= 100,000 requests/s", rh, 100_000, fmt.Sprintf("%.0f/s", rh))
	return nil
}

// countWriter counts the bytes written to it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
