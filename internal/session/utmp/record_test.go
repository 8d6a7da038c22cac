package utmp

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// encode writes r as a glibc struct utmp record. The offsets are written
// out here from the C declaration rather than taken from a Layout, so the
// tests check the layouts instead of repeating them:
//
//	x86_64 (384 bytes): ut_session int32 at 336, ut_tv two int32 at 340,
//	                    ut_addr_v6 at 348, 20 reserved bytes at 364.
//	aarch64 (400 bytes): ut_session long at 336, ut_tv two longs at 344,
//	                     ut_addr_v6 at 360, 20 reserved bytes at 376,
//	                     4 bytes of padding to a multiple of 8.
func encode(arch string, order binary.ByteOrder, r Record) []byte {
	size := 384
	if arch == "arm64" {
		size = 400
	}
	b := make([]byte, size)
	order.PutUint16(b[0:], uint16(r.Type))
	order.PutUint32(b[4:], uint32(r.PID))
	copy(b[8:40], r.Line)
	copy(b[40:44], r.ID)
	copy(b[44:76], r.User)
	copy(b[76:332], r.Host)
	if arch == "arm64" {
		order.PutUint64(b[336:], uint64(r.Session))
		order.PutUint64(b[344:], uint64(r.Sec))
		order.PutUint64(b[352:], uint64(r.Usec))
		copy(b[360:376], r.Addr[:])
	} else {
		order.PutUint32(b[336:], uint32(r.Session))
		order.PutUint32(b[340:], uint32(r.Sec))
		order.PutUint32(b[344:], uint32(r.Usec))
		copy(b[348:364], r.Addr[:])
	}
	return b
}

// encodeAll concatenates the records of rs.
func encodeAll(arch string, order binary.ByteOrder, rs ...Record) []byte {
	var out []byte
	for _, r := range rs {
		out = append(out, encode(arch, order, r)...)
	}
	return out
}

// writeUtmp writes rs as a utmp file of this machine to a new file in
// dir and returns its path.
func writeUtmp(t *testing.T, dir string, rs ...Record) string {
	t.Helper()
	p := filepath.Join(dir, "utmp")
	if err := os.WriteFile(p, encodeAll(runtime.GOARCH, binary.NativeEndian, rs...), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func ipv4(a, b, c, d byte) (addr [16]byte) {
	addr[0], addr[1], addr[2], addr[3] = a, b, c, d
	return addr
}

// diffRecords describes how got differs from want, (-want +got), or ""
// when they are equal.
func diffRecords(want, got []Record) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	var b strings.Builder
	b.WriteString("(-want +got)\n")
	for i := range max(len(want), len(got)) {
		switch {
		case i >= len(want):
			fmt.Fprintf(&b, "+ [%d] %+v\n", i, got[i])
		case i >= len(got):
			fmt.Fprintf(&b, "- [%d] %+v\n", i, want[i])
		case !reflect.DeepEqual(want[i], got[i]):
			fmt.Fprintf(&b, "- [%d] %+v\n+ [%d] %+v\n", i, want[i], i, got[i])
		}
	}
	return b.String()
}

var (
	sshRecord = Record{Type: TypeUserProcess, PID: 4242, Line: "pts/0", ID: "ts/0", User: "alice",
		Host: "203.0.113.9", Session: 4242, Sec: 1795550462, Usec: 345678, Addr: ipv4(203, 0, 113, 9)}
	v6Record = Record{Type: TypeUserProcess, PID: 77, Line: "pts/1", ID: "/1", User: "bob",
		Host: "2001:db8::5", Sec: 1795550584, Usec: 1,
		Addr: [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 5}}
	bootRecord = Record{Type: TypeBootTime, Line: "~", ID: "~~", User: "reboot", Host: "6.1.0", Sec: 1795546800}
	// fullRecord fills every string field to its last byte, with no NUL.
	fullRecord = Record{Type: TypeUserProcess, PID: 2147483647, Line: strings.Repeat("l", 32), ID: "abcd",
		User: strings.Repeat("u", 32), Host: strings.Repeat("h", 256), Session: -1, Sec: 2147483647, Usec: 999999}
)

func TestParse(t *testing.T) {
	tests := []struct {
		name   string
		arch   string
		order  binary.ByteOrder
		layout Layout
		data   []byte
		want   []Record
	}{
		{"empty file", "amd64", binary.LittleEndian, Layout384, nil, []Record{}},
		{"x86_64 ssh login over IPv4", "amd64", binary.LittleEndian, Layout384,
			encodeAll("amd64", binary.LittleEndian, sshRecord), []Record{sshRecord}},
		{"x86_64 boot, IPv6 login, fields without NUL", "amd64", binary.LittleEndian, Layout384,
			encodeAll("amd64", binary.LittleEndian, bootRecord, v6Record, fullRecord),
			[]Record{bootRecord, v6Record, fullRecord}},
		{"x86_64 trailing partial record is ignored", "amd64", binary.LittleEndian, Layout384,
			append(encodeAll("amd64", binary.LittleEndian, sshRecord), make([]byte, 100)...), []Record{sshRecord}},
		{"aarch64 400-byte records", "arm64", binary.LittleEndian, Layout400,
			encodeAll("arm64", binary.LittleEndian, sshRecord, v6Record, fullRecord),
			[]Record{sshRecord, v6Record, fullRecord}},
		{"big-endian 384-byte records", "s390x", binary.BigEndian, Layout384,
			encodeAll("s390x", binary.BigEndian, sshRecord, bootRecord), []Record{sshRecord, bootRecord}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.data, tt.layout, tt.order)
			if err != nil {
				t.Fatal(err)
			}
			if d := diffRecords(tt.want, got); d != "" {
				t.Error(d)
			}
		})
	}
}

func TestParseWrongLayoutMisreads(t *testing.T) {
	// An x86_64 file read with the aarch64 layout must not yield the same
	// records: the layouts really differ.
	data := encodeAll("amd64", binary.LittleEndian, sshRecord, sshRecord, sshRecord)
	got, err := Parse(data, Layout400, binary.LittleEndian)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d records of 400 bytes from 1152 bytes, want 2", len(got))
	}
	if got[0].Sec == sshRecord.Sec {
		t.Errorf("ut_tv read at the aarch64 offset equals the x86_64 value %d", sshRecord.Sec)
	}
}

func TestParseInvalidLayout(t *testing.T) {
	if _, err := Parse(make([]byte, 400), Layout{Name: "bad", Size: 10}, binary.LittleEndian); err == nil {
		t.Error("Parse accepted a layout too small for ut_addr_v6")
	}
}

func TestLayoutFor(t *testing.T) {
	tests := []struct {
		name, goarch string
		want         int
	}{
		{"x86_64", "amd64", 384},
		{"aarch64", "arm64", 400},
		{"riscv64", "riscv64", 384},
		{"i386", "386", 384},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LayoutFor(tt.goarch).Size; got != tt.want {
				t.Errorf("LayoutFor(%q).Size = %d, want %d", tt.goarch, got, tt.want)
			}
		})
	}
}

func TestRecordTime(t *testing.T) {
	tests := []struct {
		name string
		r    Record
		want time.Time
	}{
		{"unset", Record{}, time.Time{}},
		{"seconds and microseconds", Record{Sec: 1795550462, Usec: 345678},
			time.Date(2026, 11, 24, 20, 1, 2, 345678000, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Time(); !got.Equal(tt.want) {
				t.Errorf("Time() = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestParseUtmpdump checks the native layout against a file that
// util-linux's utmpdump writes through glibc's own struct utmp.
func TestParseUtmpdump(t *testing.T) {
	utmpdump, err := exec.LookPath("utmpdump")
	if err != nil {
		t.Skip("utmpdump (util-linux) is not installed")
	}
	text := "[7] [04242] [ts/0] [alice   ] [pts/0       ] [203.0.113.9         ] [203.0.113.9    ] [2026-11-24T20:01:02,345678+00:00]\n" +
		"[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0               ] [0.0.0.0        ] [2026-11-24T19:00:00,000000+00:00]\n" +
		"[7] [00077] [/1  ] [bob     ] [pts/1       ] [2001:db8::5         ] [2001:db8::5    ] [2026-11-24T20:03:04,000001+00:00]\n"
	cmd := exec.Command(utmpdump, "-r")
	cmd.Stdin = strings.NewReader(text)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("utmpdump -r: %v", err)
	}
	if len(out)%NativeLayout.Size != 0 {
		t.Fatalf("utmpdump wrote %d bytes, not a multiple of the %d-byte native layout", len(out), NativeLayout.Size)
	}
	got, err := Parse(out, NativeLayout, binary.NativeEndian)
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{Type: TypeUserProcess, PID: 4242, Line: "pts/0", ID: "ts/0", User: "alice", Host: "203.0.113.9",
			Sec: 1795550462, Usec: 345678, Addr: ipv4(203, 0, 113, 9)},
		// utmpdump reads the 4-byte ut_id as written, padding included.
		{Type: TypeBootTime, Line: "~", ID: "~~  ", User: "reboot", Host: "6.1.0", Sec: 1795546800},
		{Type: TypeUserProcess, PID: 77, Line: "pts/1", ID: "/1  ", User: "bob", Host: "2001:db8::5",
			Sec: 1795550584, Usec: 1, Addr: [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 5}},
	}
	if d := diffRecords(want, got); d != "" {
		t.Error(d)
	}
}
