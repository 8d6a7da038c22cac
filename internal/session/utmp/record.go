package utmp

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"runtime"
	"time"
)

// The values of ut_type (glibc bits/utmp.h).
const (
	TypeEmpty        = 0
	TypeRunLevel     = 1
	TypeBootTime     = 2
	TypeNewTime      = 3
	TypeOldTime      = 4
	TypeInitProcess  = 5
	TypeLoginProcess = 6
	TypeUserProcess  = 7
	TypeDeadProcess  = 8
	TypeAccounting   = 9
)

// Layout gives the size of a glibc struct utmp record and the offsets of
// the fields whose place depends on the architecture. The fields before
// ut_exit are at the same offsets everywhere: ut_type (int16) at 0, ut_pid
// (int32) at 4, ut_line [32] at 8, ut_id [4] at 40, ut_user [32] at 44,
// ut_host [256] at 76, ut_exit (two int16) at 332.
type Layout struct {
	Name string
	Size int
	// SessionOff and SessionSize place ut_session (4 or 8 bytes).
	SessionOff, SessionSize int
	// TimeOff and TimeFieldSize place ut_tv: tv_sec then tv_usec, each
	// TimeFieldSize (4 or 8) bytes.
	TimeOff, TimeFieldSize int
	// AddrOff places ut_addr_v6, 16 bytes in network byte order.
	AddrOff int
}

// Layout384 is the record of x86_64, i386 and riscv64: glibc defines
// __WORDSIZE_TIME64_COMPAT32 to 1 there, so ut_session and both
// halves of ut_tv are int32 and the record is 384 bytes.
var Layout384 = Layout{Name: "384-byte (int32 ut_tv)", Size: 384,
	SessionOff: 336, SessionSize: 4, TimeOff: 340, TimeFieldSize: 4, AddrOff: 348}

// Layout400 is the record of aarch64: its bits/wordsize.h sets
// __WORDSIZE_TIME64_COMPAT32 to 0, so ut_session is a long and ut_tv a
// struct timeval of two longs, and the record grows to 400 bytes.
var Layout400 = Layout{Name: "400-byte (int64 ut_tv)", Size: 400,
	SessionOff: 336, SessionSize: 8, TimeOff: 344, TimeFieldSize: 8, AddrOff: 360}

// LayoutFor returns the layout of the glibc utmp file on goarch:
// Layout400 on arm64, Layout384 elsewhere (checked for amd64, 386 and
// riscv64, assumed for the rest).
func LayoutFor(goarch string) Layout {
	if goarch == "arm64" {
		return Layout400
	}
	return Layout384
}

// NativeLayout is the layout of this machine's utmp file.
var NativeLayout = LayoutFor(runtime.GOARCH)

// Record is one entry of a utmp file.
type Record struct {
	Type    int16
	PID     int32
	Line    string // the terminal without "/dev/": pts/0, tty1
	ID      string
	User    string
	Host    string // the remote host, or a local display such as ":0"
	Session int64
	// Sec and Usec are ut_tv: when the entry was made.
	Sec, Usec int64
	// Addr is ut_addr_v6 as stored: network byte order, an IPv4 address
	// in the first four bytes and zeros after it.
	Addr [16]byte
}

// Time returns ut_tv as a time, the zero time when it is not set.
func (r Record) Time() time.Time {
	if r.Sec == 0 && r.Usec == 0 {
		return time.Time{}
	}
	return time.Unix(r.Sec, r.Usec*1000)
}

// Parse splits data into records of layout l, reading integers in order
// (the file is in the machine's own byte order). A trailing partial
// record, as seen while a writer extends the file, is ignored.
func Parse(data []byte, l Layout, order binary.ByteOrder) ([]Record, error) {
	if l.Size <= 0 || l.AddrOff+16 > l.Size {
		return nil, fmt.Errorf("utmp: invalid layout %q", l.Name)
	}
	n := len(data) / l.Size
	records := make([]Record, 0, n)
	for i := range n {
		records = append(records, decode(data[i*l.Size:(i+1)*l.Size], l, order))
	}
	return records, nil
}

// decode reads one record of layout l from b, which is l.Size bytes long.
func decode(b []byte, l Layout, order binary.ByteOrder) Record {
	r := Record{
		Type: int16(order.Uint16(b[0:2])),
		PID:  int32(order.Uint32(b[4:8])),
		Line: cstring(b[8:40]),
		ID:   cstring(b[40:44]),
		User: cstring(b[44:76]),
		Host: cstring(b[76:332]),
	}
	r.Session = readInt(b[l.SessionOff:], l.SessionSize, order)
	r.Sec = readInt(b[l.TimeOff:], l.TimeFieldSize, order)
	r.Usec = readInt(b[l.TimeOff+l.TimeFieldSize:], l.TimeFieldSize, order)
	copy(r.Addr[:], b[l.AddrOff:l.AddrOff+16])
	return r
}

// readInt reads a signed integer of size 4 or 8 bytes.
func readInt(b []byte, size int, order binary.ByteOrder) int64 {
	if size == 8 {
		return int64(order.Uint64(b[:8]))
	}
	return int64(int32(order.Uint32(b[:4])))
}

// cstring returns the bytes of b up to the first NUL. utmp strings fill
// their field without a terminator when they are exactly as long.
func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// ClientAddress returns the address of the remote end of r: ut_addr_v6
// when it is set (an IPv4 address when only its first four bytes are, an
// IPv4-mapped IPv6 address shown as IPv4), otherwise ut_host when that is
// an IP address, otherwise "".
func ClientAddress(r Record) string {
	var zero [16]byte
	if r.Addr != zero {
		if [12]byte(r.Addr[4:]) == [12]byte{} {
			return netip.AddrFrom4([4]byte(r.Addr[:4])).String()
		}
		return netip.AddrFrom16(r.Addr).Unmap().String()
	}
	if a, err := netip.ParseAddr(r.Host); err == nil {
		return a.Unmap().WithZone("").String()
	}
	return ""
}
