package simulate_test

import (
	"context"
	"fmt"

	"github.com/usersession/usersession/internal/session/simulate"
)

// A fixture is the simulator's machine: the local host's sessions by
// their wire names, and remote hosts, which may be slow or unreachable.
// Processes and the answer a message gets are the simulator's own fields.
func ExampleParse() {
	b, err := simulate.Parse([]byte(`{
  "computerName": "SIM01", "currentSessionId": 1, "elevated": true,
  "sessions": [
    {"id": 1, "sessionName": "Console", "userName": "admin", "state": "Active",
     "processes": [{"processId": 4242, "name": "explorer.exe"}]},
    {"id": 2, "userName": "bob", "state": "Disconnected", "messageResponse": "yes"}
  ],
  "hosts": {"SRV02": {"latencyMs": 40, "sessions": [{"id": 5, "userName": "dave", "state": "Active"}]},
            "DEAD01": {"unreachable": true}}
}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	local, _ := b.Sessions(ctx, "")
	for _, s := range local {
		fmt.Println(s.ComputerName, s.ID, s.UserName, s.State, s.IsCurrent)
	}
	remote, _ := b.Sessions(ctx, "srv02")
	fmt.Println(remote[0].ComputerName, remote[0].ID, remote[0].UserName)
	_, err = b.Sessions(ctx, "DEAD01")
	fmt.Println(err)
	// Output:
	// SIM01 1 admin Active true
	// SIM01 2 bob Disconnected false
	// SRV02 5 dave
	// list: host unreachable (DEAD01)
}

// A fixture that does not fit says where, in the file's own terms.
func ExampleParse_error() {
	_, err := simulate.Parse([]byte(`{"sessions": [{"id": 1}, {"id": "2"}]}`))
	fmt.Println(err)
	// Output:
	// fixture line 1, column 33: sessions[1].id must be an integer from 0 to 4294967295, not a string
}
