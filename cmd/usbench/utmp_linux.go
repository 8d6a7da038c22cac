//go:build linux

package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/usersession/usersession/internal/session/utmp"
)

// fakeLogins starts n idle processes and writes a utmp file in which each
// is the login process of a USER_PROCESS entry, so that who FILE and the
// helper with USERSESSION_UTMP=FILE both list n live sessions. stop ends
// the processes.
func fakeLogins(path string, n int) (stop func(), err error) {
	var procs []*exec.Cmd
	stop = func() {
		for _, p := range procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	}
	l := utmp.NativeLayout
	data := make([]byte, 0, n*l.Size)
	now := time.Now().Unix()
	for i := range n {
		p := exec.Command("sleep", "600")
		if err := p.Start(); err != nil {
			stop()
			return nil, err
		}
		procs = append(procs, p)
		rec := make([]byte, l.Size)
		le := binary.LittleEndian
		le.PutUint16(rec[0:], utmp.TypeUserProcess)
		le.PutUint32(rec[4:], uint32(p.Process.Pid))
		copy(rec[8:40], fmt.Sprintf("pts/%d", 100+i))
		copy(rec[40:44], fmt.Sprintf("%d", 100+i))
		copy(rec[44:76], fmt.Sprintf("user%02d", i))
		copy(rec[76:332], fmt.Sprintf("10.0.0.%d", i+1))
		if l.SessionSize == 8 {
			le.PutUint64(rec[l.SessionOff:], uint64(p.Process.Pid))
		} else {
			le.PutUint32(rec[l.SessionOff:], uint32(p.Process.Pid))
		}
		if l.TimeFieldSize == 8 {
			le.PutUint64(rec[l.TimeOff:], uint64(now))
		} else {
			le.PutUint32(rec[l.TimeOff:], uint32(now))
		}
		copy(rec[l.AddrOff:], []byte{10, 0, 0, byte(i + 1)})
		data = append(data, rec...)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		stop()
		return nil, err
	}
	return stop, nil
}
