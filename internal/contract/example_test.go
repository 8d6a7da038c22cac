package contract_test

import (
	"fmt"
	"time"

	"github.com/usersession/usersession/internal/contract"
	"github.com/usersession/usersession/internal/session"
)

// A result encodes itself as encoding/json would, without reflection;
// AppendASCII then escapes what is not ASCII, as every response on the
// wire is, so that Windows PowerShell 5.1 reads it whatever its code page.
func ExampleListResult_AppendJSON() {
	logon := time.Date(2026, 11, 24, 7, 55, 0, 0, time.UTC)
	res := contract.ListResult{
		Sessions: []session.Session{{ComputerName: "RDS01", ID: 3, UserName: "jörg", State: session.StateActive, LogonTime: &logon}},
		Failures: []contract.Failure{},
	}
	b, err := res.AppendJSON(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(contract.AppendASCII(nil, b)))
	// Output:
	// {"sessions":[{"computerName":"RDS01","id":3,"sessionName":"","userName":"j\u00f6rg","domain":"","state":"Active","clientName":"","clientAddress":"","protocol":"","logonTime":"2026-11-24T07:55:00Z","connectTime":null,"disconnectTime":null,"lastInputTime":null,"idleSeconds":null,"locked":null,"isCurrent":false,"isConsole":false,"sid":null,"accountName":null,"isRemote":null,"clientBuild":null,"clientDisplay":null}],"failures":[]}
}

// Every error becomes an error object through the one table of kinds:
// its code, and in data the facts the error carries.
func ExampleErrorOf() {
	err := &session.Error{Kind: session.ErrRefused, Op: "logoff", ComputerName: "RDS01", SessionID: session.IDPtr(1),
		Reason: "session 1 is the caller's own session", Hint: "set force to do it anyway"}
	e := contract.ErrorOf(err)
	fmt.Println(e.Code, contract.KindOf(err).Name)
	fmt.Println(e.Message)
	fmt.Println(e.Data.Hint)
	// Output:
	// -32003 refused
	// logoff: refused for safety (session 1 on RDS01): session 1 is the caller's own session
	// set force to do it anyway
}

// The table of error kinds is the contract's list of codes.
func ExampleErrors() {
	for _, k := range contract.Errors[:3] {
		fmt.Println(k.Code, k.Name, k.Message)
	}
	// Output:
	// -32001 accessDenied access denied
	// -32002 noSession no such session
	// -32003 refused refused for safety without force
}

// timeoutSeconds travels to the Service as a duration, which alone
// decides what is valid: absent is 0, the default; 0 or less is refused.
func ExampleTimeout() {
	five, zero := 5.0, 0.0
	fmt.Println(contract.Timeout(nil), contract.Timeout(&five), contract.Timeout(&zero) < 0)
	// Output:
	// 0s 5s true
}
