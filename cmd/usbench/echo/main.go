// Command echo is the floor of the round-trip benchmark: it reads lines
// from stdin and writes each one back to stdout, with one write per line,
// as the helper writes one response per request. Nothing on this path can
// be faster than the pipes and the scheduler it measures.
package main

import (
	"bufio"
	"os"
)

func main() {
	r := bufio.NewReaderSize(os.Stdin, 64<<10)
	for {
		line, err := r.ReadSlice('\n')
		if len(line) > 0 {
			if _, werr := os.Stdout.Write(line); werr != nil {
				os.Exit(1)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return
		}
	}
}
