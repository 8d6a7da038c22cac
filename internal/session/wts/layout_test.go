package wts

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"runtime"
	"testing"
)

// largeIntegerOf returns v as a largeInteger.
func largeIntegerOf(v int64) largeInteger {
	return largeInteger{Low: uint32(v), High: int32(v >> 32)}
}

// cLayout is a structure as MSVC lays it out for Windows: its size and the
// offsets of its fields, named as the Go declaration names them.
type cLayout struct {
	size    int64
	offsets map[string]int64
}

// windowsLayouts are the layouts of the Windows headers for 32-bit x86 and
// for the 64-bit architectures (amd64 and arm64 lay out alike: LLP64, and
// every type aligned to its size). They are computed by hand from the
// declarations in wtsapi32.h, lmserver.h, lmwksta.h, psapi.h and
// winuser.h with MSVC's rules: each member aligned to its size, a
// LARGE_INTEGER to 8 on every architecture, 32-bit x86 included, pointers
// and SIZE_T 4 bytes on 386 and 8 elsewhere, the size rounded up to the
// largest alignment. testdata/wtsapi32/wtsapi32.c asserts the 64-bit ones
// again with mingw-w64's offsetof when the Wine suite builds it.
var windowsLayouts = map[string]map[string]cLayout{
	"386": {
		"wtsInfo": {216, map[string]int64{"State": 0, "WinStationName": 32, "Domain": 96, "UserName": 130,
			"ConnectTime": 176, "DisconnectTime": 184, "LastInputTime": 192, "LogonTime": 200, "CurrentTime": 208}},
		"wtsInfoExLevel1": {224, map[string]int64{"SessionFlags": 8, "WinStationName": 12, "UserName": 78,
			"DomainName": 120, "LogonTime": 160, "ConnectTime": 168, "DisconnectTime": 176, "LastInputTime": 184,
			"CurrentTime": 192, "IncomingBytes": 200, "OutgoingCompressedBytes": 220}},
		"wtsInfoEx":        {232, map[string]int64{"Level": 0, "Data": 8}},
		"clientAddressRaw": {24, map[string]int64{"AddressFamily": 0, "Address": 4}},
		"wtsClient": {2304, map[string]int64{"ClientName": 0, "Domain": 42, "UserName": 78, "WorkDirectory": 120,
			"InitialProgram": 642, "EncryptionLevel": 1164, "ClientAddressFamily": 1168, "ClientAddress": 1172,
			"HRes": 1234, "VRes": 1236, "ColorDepth": 1238, "ClientDirectory": 1240, "ClientBuildNumber": 1764,
			"ClientHardwareID": 1768, "ClientProductID": 1772, "OutBufLength": 1778, "DeviceID": 1780}},
		"sessionInfo1": {32, map[string]int64{"ExecEnvID": 0, "State": 4, "SessionID": 8, "SessionName": 12,
			"HostName": 16, "UserName": 20, "DomainName": 24, "FarmName": 28}},
		"processInfoEx": {56, map[string]int64{"ProcessName": 8, "UserSid": 12, "NumberOfThreads": 16,
			"WorkingSetSize": 32, "UserTime": 40, "KernelTime": 48}},
		"serverInfo101": {24, map[string]int64{"Name": 4, "VersionMajor": 8, "VersionMinor": 12, "Type": 16,
			"Comment": 20}},
		"wkstaInfo100": {20, map[string]int64{"ComputerName": 4, "LanGroup": 8, "VersionMajor": 12,
			"VersionMinor": 16}},
		"processMemoryCounters": {40, map[string]int64{"PeakWorkingSetSize": 8, "WorkingSetSize": 12,
			"PeakPagefileUsage": 36}},
		"lastInputInfo": {8, map[string]int64{"Time": 4}},
		"largeInteger":  {8, map[string]int64{"Low": 0, "High": 4}},
	},
	"64": {
		"wtsInfo": {216, map[string]int64{"State": 0, "WinStationName": 32, "Domain": 96, "UserName": 130,
			"ConnectTime": 176, "DisconnectTime": 184, "LastInputTime": 192, "LogonTime": 200, "CurrentTime": 208}},
		"wtsInfoExLevel1": {224, map[string]int64{"SessionFlags": 8, "WinStationName": 12, "UserName": 78,
			"DomainName": 120, "LogonTime": 160, "ConnectTime": 168, "DisconnectTime": 176, "LastInputTime": 184,
			"CurrentTime": 192, "IncomingBytes": 200, "OutgoingCompressedBytes": 220}},
		"wtsInfoEx":        {232, map[string]int64{"Level": 0, "Data": 8}},
		"clientAddressRaw": {24, map[string]int64{"AddressFamily": 0, "Address": 4}},
		"wtsClient": {2304, map[string]int64{"ClientName": 0, "Domain": 42, "UserName": 78, "WorkDirectory": 120,
			"InitialProgram": 642, "EncryptionLevel": 1164, "ClientAddressFamily": 1168, "ClientAddress": 1172,
			"HRes": 1234, "VRes": 1236, "ColorDepth": 1238, "ClientDirectory": 1240, "ClientBuildNumber": 1764,
			"ClientHardwareID": 1768, "ClientProductID": 1772, "OutBufLength": 1778, "DeviceID": 1780}},
		"sessionInfo1": {56, map[string]int64{"ExecEnvID": 0, "State": 4, "SessionID": 8, "SessionName": 16,
			"HostName": 24, "UserName": 32, "DomainName": 40, "FarmName": 48}},
		"processInfoEx": {64, map[string]int64{"ProcessName": 8, "UserSid": 16, "NumberOfThreads": 24,
			"WorkingSetSize": 40, "UserTime": 48, "KernelTime": 56}},
		"serverInfo101": {40, map[string]int64{"Name": 8, "VersionMajor": 16, "VersionMinor": 20, "Type": 24,
			"Comment": 32}},
		"wkstaInfo100": {32, map[string]int64{"ComputerName": 8, "LanGroup": 16, "VersionMajor": 24,
			"VersionMinor": 28}},
		"processMemoryCounters": {72, map[string]int64{"PeakWorkingSetSize": 8, "WorkingSetSize": 16,
			"PeakPagefileUsage": 64}},
		"lastInputInfo": {8, map[string]int64{"Time": 4}},
		"largeInteger":  {8, map[string]int64{"Low": 0, "High": 4}},
	},
}

// windowsArches are the architectures the helper is built for, with the
// layout family of each.
var windowsArches = map[string]string{"386": "386", "amd64": "64", "arm64": "64"}

// goLayout is a structure as the gc compiler lays it out on one
// architecture.
type goLayout struct {
	size    int64
	offsets map[string]int64
}

// goLayoutsFor type-checks types.go as the gc compiler would for arch and
// returns the layout of every structure it declares. The sizes come from
// go/types' model of gc (types.SizesFor), so every architecture is checked
// from any machine; TestLayoutsNative holds that model to the compiler
// that runs the tests.
func goLayoutsFor(t *testing.T, arch string) map[string]goLayout {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "types.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	sizes := types.SizesFor("gc", arch)
	if sizes == nil {
		t.Fatalf("go/types knows no sizes for gc on %s", arch)
	}
	conf := types.Config{Sizes: sizes, Importer: importer.Default()}
	pkg, err := conf.Check("wts", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatalf("type-checking types.go for %s: %v", arch, err)
	}
	out := map[string]goLayout{}
	for _, name := range pkg.Scope().Names() {
		st, ok := pkg.Scope().Lookup(name).Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		vars := make([]*types.Var, st.NumFields())
		for i := range vars {
			vars[i] = st.Field(i)
		}
		offs := sizes.Offsetsof(vars)
		l := goLayout{size: sizes.Sizeof(st), offsets: map[string]int64{}}
		for i, v := range vars {
			if v.Name() != "_" {
				l.offsets[v.Name()] = offs[i]
			}
		}
		out[name] = l
	}
	return out
}

// TestLayoutsOnEveryArchitecture checks, on whatever machine runs the
// tests, that the structures of types.go have the Windows layout when the
// helper is built for 386, amd64 and arm64: same size, and every field
// the table names at its offset.
func TestLayoutsOnEveryArchitecture(t *testing.T) {
	for arch, family := range windowsArches {
		t.Run(arch, func(t *testing.T) {
			got := goLayoutsFor(t, arch)
			for name, want := range windowsLayouts[family] {
				g, ok := got[name]
				if !ok {
					t.Errorf("types.go declares no struct %s", name)
					continue
				}
				if g.size != want.size {
					t.Errorf("%s: size %d on %s, Windows has %d", name, g.size, arch, want.size)
				}
				for field, off := range want.offsets {
					if goOff, ok := g.offsets[field]; !ok {
						t.Errorf("%s has no field %s", name, field)
					} else if goOff != off {
						t.Errorf("%s.%s: offset %d on %s, Windows has %d", name, field, goOff, arch, off)
					}
				}
			}
			for name := range got {
				if _, ok := windowsLayouts[family][name]; !ok {
					t.Errorf("struct %s of types.go has no Windows layout in the table", name)
				}
			}
		})
	}
}

// TestLayoutsNative holds go/types' model to the compiler: every struct of
// types.go, as the running binary lays it out, matches what goLayoutsFor
// computes for this architecture, field by field. The Wine suite runs it
// in a windows/amd64 binary, CI in a linux/386 one.
func TestLayoutsNative(t *testing.T) {
	if _, ok := windowsArches[runtime.GOARCH]; !ok {
		t.Skipf("the helper is not built for %s", runtime.GOARCH)
	}
	model := goLayoutsFor(t, runtime.GOARCH)
	for _, v := range []any{largeInteger{}, wtsInfo{}, wtsInfoExLevel1{}, wtsInfoEx{}, clientAddressRaw{}, wtsClient{},
		sessionInfo1{}, processInfoEx{}, serverInfo101{}, wkstaInfo100{}, processMemoryCounters{}, lastInputInfo{}} {
		rt := reflect.TypeOf(v)
		m, ok := model[rt.Name()]
		if !ok {
			t.Errorf("%s is not in types.go", rt.Name())
			continue
		}
		if int64(rt.Size()) != m.size {
			t.Errorf("%s: the compiler says size %d, go/types %d", rt.Name(), rt.Size(), m.size)
		}
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			if f.Name == "_" {
				continue
			}
			if int64(f.Offset) != m.offsets[f.Name] {
				t.Errorf("%s.%s: the compiler says offset %d, go/types %d", rt.Name(), f.Name, f.Offset, m.offsets[f.Name])
			}
		}
		if want := windowsLayouts[windowsArches[runtime.GOARCH]][rt.Name()]; int64(rt.Size()) != want.size {
			t.Errorf("%s: size %d, Windows has %d", rt.Name(), rt.Size(), want.size)
		}
	}
}

// TestLargeInteger checks that the halves make the value back, negative
// ones included.
func TestLargeInteger(t *testing.T) {
	for _, v := range []int64{0, 1, -1, 1 << 32, 133780000000000000, -133780000000000000} {
		if got := largeIntegerOf(v).value(); got != v {
			t.Errorf("largeIntegerOf(%d).value() = %d", v, got)
		}
	}
	l := largeInteger{Low: 0x89ABCDEF, High: 0x01234567}
	if l.value() != 0x0123456789ABCDEF {
		t.Errorf("value = %#x", l.value())
	}
}
