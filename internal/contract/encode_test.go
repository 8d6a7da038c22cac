package contract

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/usersession/usersession/internal/session"
)

// tricky are strings that exercise every rule of encoding/json's escaping.
var tricky = []string{
	"", "bob", `CONTOSO\bob`, `say "hi"`, "<script>&amp;</script>", "tab\there\nnew\rret",
	"\b\f\x00\x01\x1f\x7f", "jörg.müller", "日本語", "emoji 😀", "\u2028\u2029", "bad \xff\xfe utf-8",
	"\xe2\x82", "RDP-Tcp#7",
}

// fill sets every field of v, recursively: strings from tricky, numbers at
// random and at their edges, pointers set, or nil when nils is true and
// the coin says so.
func fill(r *rand.Rand, v reflect.Value, nils bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if nils && r.IntN(3) == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(r, p.Elem(), nils)
		v.Set(p)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			zones := []*time.Location{time.UTC, time.FixedZone("", 5*3600+1800), time.FixedZone("", -8*3600), time.FixedZone("X", 23*3600+59*60)}
			t := time.Date(1+r.IntN(9999), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), []int{0, 5e8, 123456789, 1000}[r.IntN(4)], zones[r.IntN(len(zones))])
			v.Set(reflect.ValueOf(t))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), nils)
			}
		}
	case reflect.String:
		v.SetString(tricky[r.IntN(len(tricky))])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		v.SetUint([]uint64{0, 1, 65536, math.MaxUint32, math.MaxUint64, r.Uint64()}[r.IntN(6)] & (1<<v.Type().Bits() - 1))
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		v.SetInt([]int64{0, -1, 55800, math.MaxInt64, math.MinInt64, r.Int64()}[r.IntN(6)] >> (64 - v.Type().Bits()))
	case reflect.Float32, reflect.Float64:
		v.SetFloat([]float64{0, 40.7, 12.5, 1e-7, -3.25e-9, 1e21, 123456789.123, 0.000001, 1e20, r.Float64() * 1e6}[r.IntN(10)])
	default:
		panic("fill: no values for " + v.Type().String())
	}
}

// TestEncodersMatchEncodingJSON checks the generated encoders byte for
// byte against encoding/json, on every field set and on random mixes of
// set and null fields. When it fails after a change to a session type,
// run go generate ./internal/rpc.
func TestEncodersMatchEncodingJSON(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(14, 2026))
	check := func(what string, v any, got []byte, err error) {
		t.Helper()
		want, werr := json.Marshal(v)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%s: error %v, encoding/json %v", what, err, werr)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s differs from encoding/json (run go generate ./internal/rpc after changing a session type):\n got %s\nwant %s", what, got, want)
		}
	}
	for i := range 3000 {
		var s session.Session
		var p session.Process
		if i > 0 {
			fill(r, reflect.ValueOf(&s).Elem(), i > 1)
			fill(r, reflect.ValueOf(&p).Elem(), i > 1)
		}
		got, err := appendSession(nil, &s)
		check("appendSession", s, got, err)
		got, err = appendProcess(nil, &p)
		check("appendProcess", p, got, err)
	}

	var ss []session.Session
	for range 5 {
		var s session.Session
		fill(r, reflect.ValueOf(&s).Elem(), true)
		ss = append(ss, s)
	}
	failures := []Failure{{ComputerName: "RDS03", Code: CodeUnreachable, Message: "list: host unreachable (RDS03)", Data: &ErrorData{ComputerName: "RDS03", Hint: "<&>"}}}
	for _, lr := range []ListResult{{}, {Sessions: []session.Session{}, Failures: []Failure{}}, {Sessions: ss, Failures: failures}, {Sessions: ss[:1]}} {
		got, err := lr.AppendJSON(nil)
		check("ListResult", lr, got, err)
	}
	var ps []session.Process
	for range 5 {
		var p session.Process
		fill(r, reflect.ValueOf(&p).Elem(), true)
		ps = append(ps, p)
	}
	for _, pr := range []ProcessesResult{{}, {Processes: []session.Process{}}, {Processes: ps}} {
		got, err := pr.AppendJSON(nil)
		check("ProcessesResult", pr, got, err)
	}
}

// TestEncodersRefuseWhatEncodingJSONRefuses checks the values encoding/json
// cannot encode: times outside RFC 3339 and floats that are not numbers.
func TestEncodersRefuseWhatEncodingJSONRefuses(t *testing.T) {
	t.Parallel()
	for _, bad := range []session.Session{
		{LogonTime: ptrTo(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))},
		{LogonTime: ptrTo(time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC))},
		{ConnectTime: ptrTo(time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)))},
		{CPUSeconds: ptrTo(math.NaN())},
		{CPUSeconds: ptrTo(math.Inf(-1))},
	} {
		_, err := appendSession(nil, &bad)
		_, werr := json.Marshal(bad)
		if err == nil || werr == nil {
			t.Errorf("%+v: appendSession error %v, encoding/json error %v; want both to fail", bad, err, werr)
		}
	}
	// And a list holding such a value fails as a whole.
	if _, err := (ListResult{Sessions: []session.Session{{LogonTime: ptrTo(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))}}}).AppendJSON(nil); err == nil {
		t.Error("ListResult.appendJSON accepted a year 10000")
	}
}

func ptrTo[T any](v T) *T { return &v }
