package session_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/usersession/usersession/internal/session"
	"github.com/usersession/usersession/internal/session/simulate"
)

const exampleFixture = `{"computerName": "RDS01", "currentSessionId": 1, "elevated": true,
 "sessions": [
  {"id": 0, "sessionName": "Services", "state": "Disconnected"},
  {"id": 1, "sessionName": "Console", "userName": "admin", "state": "Active"},
  {"id": 3, "sessionName": "RDP-Tcp#7", "userName": "bob", "domain": "CONTOSO", "state": "Disconnected"}]}`

// The Service lists the sessions of any backend, here the simulator's,
// filtered; "." and "localhost" are the local host as its own name is.
func ExampleService_List() {
	b, err := simulate.Parse([]byte(exampleFixture))
	if err != nil {
		fmt.Println(err)
		return
	}
	svc := session.NewService(b)
	sessions, failures, err := svc.List(context.Background(), session.Query{
		ComputerNames: []string{"localhost"}, States: []session.State{session.StateDisconnected}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sessions {
		fmt.Println(s.ComputerName, s.ID, s.SessionName)
	}
	fmt.Println(len(failures), "failures")
	// Output:
	// RDS01 0 Services
	// RDS01 3 RDP-Tcp#7
	// 0 failures
}

// Act applies the safety policy above every backend: the caller's own
// session is refused without force, and so is a session that is no longer
// the logon the caller saw.
func ExampleService_Act() {
	b, err := simulate.Parse([]byte(exampleFixture))
	if err != nil {
		fmt.Println(err)
		return
	}
	svc := session.NewService(b)
	ctx := context.Background()

	_, err = svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ID: 1})
	fmt.Println(errors.Is(err, session.ErrRefused), err)

	_, err = svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ID: 3,
		Expect: session.Expectation{UserName: "carol"}})
	fmt.Println(errors.Is(err, session.ErrRefused))

	res, err := svc.Act(ctx, session.ActRequest{Action: session.ActionLogoff, ID: 3,
		Expect: session.Expectation{UserName: `contoso\bob`}})
	fmt.Println(res.ComputerName, res.ID, res.Completed, err)
	// Output:
	// true logoff: refused for safety (session 1 on RDS01): session 1 is the caller's own session
	// true
	// RDS01 3 true <nil>
}
