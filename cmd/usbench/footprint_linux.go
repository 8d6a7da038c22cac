package main

import (
	"fmt"
	"os"
	"time"
)

// footprint reports the RSS of an idle helper and the size of the
// shipped Windows binary.
func footprint(b *builds, _ benchOptions) error {
	fmt.Println("\n== footprint")
	p, err := start(b.helper, "serve")
	if err != nil {
		return err
	}
	for _, l := range []string{string(infoLine), `{"jsonrpc":"2.0","id":2,"method":"session.list"}` + "\n"} {
		if _, err := p.call([]byte(l)); err != nil {
			p.kill()
			return err
		}
	}
	time.Sleep(time.Second)
	rss, err := rssKB(p.cmd.Process.Pid)
	p.stop()
	if err != nil {
		return err
	}
	fmt.Printf("  idle helper (Linux backend, after server.info and session.list): VmRSS %d KiB (%.1f MiB)\n", rss, float64(rss)/1024)
	atMost("idle RSS <= 10 MB", float64(rss)*1024/1e6, 10, fmt.Sprintf("%.1f MB", float64(rss)*1024/1e6))

	exe := b.dir + "/usersession.exe"
	if err := goBuild([]string{"GOOS=windows", "GOARCH=amd64"}, exe, "github.com/usersession/usersession/cmd/usersession", shippedFlags...); err != nil {
		return err
	}
	st, err := os.Stat(exe)
	if err != nil {
		return err
	}
	lst, _ := os.Stat(b.helper)
	fmt.Printf("  windows/amd64 binary, -trimpath -ldflags \"-s -w\": %d bytes (%.2f MB); this linux build, the same flags: %d bytes\n",
		st.Size(), float64(st.Size())/1e6, lst.Size())
	atMost("windows/amd64 binary <= 6 MB", float64(st.Size())/1e6, 6, fmt.Sprintf("%.2f MB", float64(st.Size())/1e6))
	return nil
}
