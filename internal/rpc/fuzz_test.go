package rpc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/session/simulate"
)

// fuzzFixture has no slow hosts and no waiting users, so that every input
// finishes quickly.
const fuzzFixture = `{"computerName":"F","currentSessionId":1,"elevated":true,"now":"2026-11-24T10:00:00Z",
 "sessions":[{"id":0,"state":"Disconnected"},{"id":1,"userName":"a","state":"Active"},
  {"id":2,"userName":"j\u00f6rg","state":"Disconnected","disconnectTime":"2026-11-24T09:00:00Z",
   "processes":[{"processId":9,"name":"x"}]},{"id":65536,"state":"Listen"}],
 "hosts":{"R":{"sessions":[{"id":3,"userName":"b"}]},"D":{"unreachable":true}}}`

func fuzzServer(t *testing.T) *Server {
	b, err := simulate.Parse([]byte(fuzzFixture))
	if err != nil {
		t.Fatal(err)
	}
	return NewServer(b, Options{MaxLine: 4096})
}

// FuzzStream feeds arbitrary bytes, then a valid request. The server must
// end cleanly, write only ASCII JSON-RPC responses, and answer the request.
func FuzzStream(f *testing.F) {
	for _, s := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"server.info"}`,
		`{"jsonrpc":"2.0","id":-1.5e3,"method":"session.list","params":{"userNames":["*"]}}`,
		`[{"jsonrpc":"2.0","id":1,"method":"session.logoff","params":{"id":2}},{"jsonrpc":"2.0","method":"x"},3]`,
		"\xEF\xBB\xBF{\"jsonrpc\":\"2.0\",\"id\":\"\\u00e9\",\"method\":\"session.processes\"}\r\n",
		`{"jsonrpc":"2.0","id":null,"method":"session.message","params":{"id":2,"title":"t","text":"x","wait":true}}`,
		`{"jsonrpc":"2.0","id":{},"method":1}`,
		"{\"a\":\"\xff\"}\n\n[]",
		`{"jsonrpc":"2.0","id":2,"method":"session.list","params":{"computerNames":["R","D"],"timeoutSeconds":1}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		input := append(append([]byte{}, in...), []byte("\n"+probe+"\n")...)
		if err := fuzzServer(t).Serve(context.Background(), bytes.NewReader(input), &out); err != nil {
			t.Fatalf("Serve: %v", err)
		}
		sc := bufio.NewScanner(&out)
		sc.Buffer(nil, 16<<20)
		answered := false
		for sc.Scan() {
			for _, r := range parseLine(t, sc.Text()) {
				if string(r.ID) == `"probe"` && r.Error == nil {
					answered = true
				}
			}
		}
		if !answered {
			t.Fatalf("the request after %q was not answered", in)
		}
	})
}

// FuzzParams sends arbitrary params to every method: each call must end
// with a result or an error object of a known code, never a panic.
func FuzzParams(f *testing.F) {
	for _, s := range []string{`{}`, `{"id":1}`, `{"id":2,"force":true,"wait":true}`, `{"ids":[0,1],"states":["active"]}`,
		`{"id":2,"title":"t","text":"x","buttons":"yesNo","timeoutSeconds":5,"wait":true}`, `{"computerNames":["R"],"timeoutSeconds":0.5}`,
		`{"userNames":["*\\?"]}`, `null`, `[]`} {
		for m := range 7 {
			f.Add(uint8(m), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, m uint8, params []byte) {
		if !json.Valid(params) {
			return
		}
		srv := fuzzServer(t)
		method := srv.order[int(m)%len(srv.order)]
		_, err := method.call(context.Background(), params)
		if err != nil {
			if code := contract.Code(err); code == -32603 {
				t.Fatalf("%s(%s): internal error %v", method.Name, params, err)
			}
		}
	})
}

// fuzzMethod calls method with params and fails on anything but a result
// that encodes or an error of a documented code with a message.
func fuzzMethod(t *testing.T, method string, params []byte) {
	if !json.Valid(params) {
		return
	}
	srv := fuzzServer(t)
	m := srv.methods[method]
	res, err := m.call(context.Background(), params)
	if err != nil {
		e := contract.ErrorOf(err)
		if e.Code == -32603 || e.Code == 0 || e.Message == "" {
			t.Fatalf("%s(%s): error %d %q", method, params, e.Code, e.Message)
		}
		if _, merr := json.Marshal(e); merr != nil {
			t.Fatalf("%s(%s): error does not encode: %v", method, params, merr)
		}
		return
	}
	if _, merr := json.Marshal(res); merr != nil {
		t.Fatalf("%s(%s): result does not encode: %v", method, params, merr)
	}
}

// FuzzListParams sends arbitrary params to session.list.
func FuzzListParams(f *testing.F) {
	for _, s := range []string{`{}`, `{"computerNames":["R","D","f","."],"timeoutSeconds":0.5}`,
		`{"ids":[0,1,4294967295],"userNames":["*","J?RG","a\\*"],"states":["active","DISCONNECTED"]}`,
		`{"states":["nope"]}`, `{"timeoutSeconds":-1}`, `{"timeoutSeconds":1e308}`, `{"computerNames":[""]}`,
		`{"ids":[-1]}`, `{"ids":[1.5]}`, `{"userNames":[null]}`, `{"computerNames":null}`, `{"Ids":[1]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, params []byte) { fuzzMethod(t, "session.list", params) })
}

// FuzzActionParams sends arbitrary params to session.logoff and
// session.disconnect, which share them.
func FuzzActionParams(f *testing.F) {
	for _, s := range []string{`{"id":2}`, `{"id":1}`, `{"id":0,"force":true}`, `{"id":65536}`, `{"id":3,"computerName":"R"}`,
		`{"id":3,"computerName":"D","wait":true}`, `{"id":"2"}`, `{"id":null}`, `{}`, `{"id":4294967296}`, `{"id":2,"force":1}`} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, disconnect bool, params []byte) {
		method := "session.logoff"
		if disconnect {
			method = "session.disconnect"
		}
		fuzzMethod(t, method, params)
	})
}

// FuzzReclaimParams sends arbitrary params to session.reclaim: every
// answer is a result or an error with a code, never a panic.
func FuzzReclaimParams(f *testing.F) {
	for _, s := range []string{`{"disconnectedForSeconds":60,"dryRun":true}`, `{}`, `{"idleForSeconds":0}`,
		`{"idleForSeconds":1,"idleAction":"logoff","allowUnwarnedLogoff":true,"dryRun":true}`,
		`{"disconnectedForSeconds":1,"computerNames":[]}`, `{"disconnectedForSeconds":1,"exclude":[""]}`,
		`{"disconnectedForSeconds":1,"plan":[{"computerName":"","id":1,"userName":"x"}]}`, `{"idleForSeconds":1,"warnSeconds":7200}`,
		`{"disconnectedForSeconds":1e308}`, `{"idleForSeconds":1,"idleAction":"kill"}`, `{"disconnectedForSeconds":"1"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, params []byte) { fuzzMethod(t, "session.reclaim", params) })
}

// FuzzMessageParams sends arbitrary params to session.message.
func FuzzMessageParams(f *testing.F) {
	for _, s := range []string{`{"id":2,"title":"t","text":"x"}`, `{"id":2,"title":"","text":"x","buttons":"yesNo","wait":true}`,
		`{"id":1,"title":"t","text":"x","buttons":"okCancel","timeoutSeconds":5,"wait":true}`, `{"id":9,"title":"t","text":"x"}`,
		`{"id":3,"computerName":"R","title":"t","text":"x"}`, `{"id":2,"title":"t","text":""}`, `{"id":2,"title":"t","text":"x","buttons":"no"}`,
		`{"id":2,"text":"x"}`, `{"id":2,"title":"\u00e9\ud83d\ude00","text":"\u0000"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, params []byte) { fuzzMethod(t, "session.message", params) })
}

// FuzzProcessesParams sends arbitrary params to session.processes.
func FuzzProcessesParams(f *testing.F) {
	for _, s := range []string{`{}`, `{"ids":[2]}`, `{"computerName":"R"}`, `{"computerName":"D"}`, `{"computerName":"."}`,
		`{"ids":[]}`, `{"ids":"2"}`, `{"computerName":""}`, `{"computerName":"LOCALHOST","ids":[0,2,65536]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, params []byte) { fuzzMethod(t, "session.processes", params) })
}

// FuzzRequestMembers checks the walk that takes a request object apart
// against decoding the object into a map: for every valid JSON object
// whose names are each given once they must agree on every member, and a
// name given twice (however escaped) must be reported.
func FuzzRequestMembers(f *testing.F) {
	for _, s := range []string{`{"jsonrpc":"2.0","id":1,"method":"server.info"}`,
		` { "id" : [1,{"a":"}"}] , "method":"m\"x", "params":{"a":[1,2,{"b":"\\"}"}]},"jsonrpc":"2.0" } `,
		`{"id":1,"id":"two","x":null,"params":[],"params":{}}`, `{"m\u0065thod":"x","method":"y"}`, `[1]`, `"s"`, `{}`,
		`{"id":-1.5e+3,"method":null,"jsonrpc":true,"params":false}`, `{"\u00e9":1,"id":"\u00e9"}`,
		`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"a":10}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		members, ok, err := objectMembers(b)
		var all map[string]json.RawMessage
		if derr := json.Unmarshal(b, &all); derr != nil || all == nil { // null decodes to no map
			if ok {
				t.Fatalf("objectMembers took %q for an object, but it decodes to no map (%v)", b, derr)
			}
			return
		}
		if !ok {
			t.Fatalf("objectMembers declined %q, which decodes to a map", b)
		}
		var dup *errDuplicate
		if errors.As(err, &dup) {
			if len(members) == countNames(t, b) {
				t.Fatalf("%q: %v, but every name is given once", b, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		if len(members) != len(all) {
			t.Fatalf("%q: %d members, the map has %d: a duplicate went unreported", b, len(members), len(all))
		}
		for _, m := range members {
			if want, ok := all[string(m.name)]; !ok || !bytes.Equal(want, m.value) {
				t.Fatalf("%q: member %q: walked %q, decoded %q (present %v)", b, m.name, m.value, want, ok)
			}
		}
	})
}

// countNames counts the members of the object b, duplicates included.
func countNames(t *testing.T, b []byte) int {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for dec.More() {
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}
