package wts

import (
	"errors"
	"fmt"
	"syscall"
	"testing"

	"github.com/usersession/usersession/internal/session"
)

func TestSignOutSeen(t *testing.T) {
	bob := &rawSession{ID: 2, UserName: "bob", Domain: "CONTOSO", Times: &sessionTimes{Logon: 100}}
	q := func(code syscall.Errno) error { return fmt.Errorf("WTSQuerySessionInformationW(25): %w", code) }
	tests := []struct {
		name   string
		err    error
		before *rawSession
		now    rawSession
		want   look
	}{
		{"7007: a close is pending, the sign-out is under way", q(7007), bob, rawSession{}, lookAgain},
		{"7007 without a read before", q(7007), nil, rawSession{}, lookAgain},
		{"7022 after a read before: gone", q(7022), bob, rawSession{}, lookDone},
		{"7001 after a read before: gone", q(7001), bob, rawSession{}, lookDone},
		{"7022 without a read before may be no right to query: look again", q(7022), nil, rawSession{}, lookAgain},
		{"the same user still signed in", nil, bob, rawSession{UserName: "bob", Domain: "CONTOSO", Times: &sessionTimes{Logon: 100}}, lookAgain},
		{"nobody signed in (the console's logon screen)", nil, bob, rawSession{State: 1}, lookDone},
		{"nobody signed in, without a read before", nil, nil, rawSession{State: 1}, lookDone},
		{"another user", nil, bob, rawSession{UserName: "carol", Domain: "CONTOSO"}, lookDone},
		{"a later logon of the same user", nil, bob, rawSession{UserName: "bob", Domain: "CONTOSO", Times: &sessionTimes{Logon: 200}}, lookDone},
		{"a user without a read before is not known to be another", nil, nil, rawSession{UserName: "carol"}, lookAgain},
		{"the host is out of reach", q(1722), bob, rawSession{}, lookGiveUp},
		{"a timeout", q(1460), bob, rawSession{}, lookGiveUp},
		{"access denied on one look", q(5), bob, rawSession{}, lookAgain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := signOutSeen(tt.err, tt.before, &tt.now); got != tt.want {
				t.Errorf("signOutSeen = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDisconnectSeen(t *testing.T) {
	q := func(code syscall.Errno) error { return fmt.Errorf("WTSQuerySessionInformationW(25): %w", code) }
	tests := []struct {
		name string
		err  error
		now  rawSession
		want look
	}{
		{"still active", nil, rawSession{State: 0}, lookAgain},
		{"disconnected", nil, rawSession{State: 4}, lookDone},
		{"a close pending", q(7007), rawSession{}, lookAgain},
		{"gone: never seen disconnected", q(7022), rawSession{}, lookGiveUp},
		{"out of reach", q(1722), rawSession{}, lookGiveUp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := disconnectSeen(tt.err, &tt.now); got != tt.want {
				t.Errorf("disconnectSeen = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNotFoundSaysNoRightToo(t *testing.T) {
	err := wrap(fmt.Errorf("WTSQuerySessionInformationW(25): %w", syscall.Errno(7022)), "list", "", session.IDPtr(2))
	var e *session.Error
	if !errors.As(err, &e) || !errors.Is(err, session.ErrNoSession) || !errors.Is(err, syscall.Errno(7022)) {
		t.Fatalf("7022 = %v, want ErrNoSession with its code", err)
	}
	if want := "list: no such session, or no right to query it (session 2)"; err.Error()[:len(want)] != want {
		t.Errorf("message %q, want it to start %q", err, want)
	}
	if e.Hint != accessHint {
		t.Errorf("hint %q, want the access hint", e.Hint)
	}
	closing := wrap(syscall.Errno(7007), "logoff", "", session.IDPtr(2))
	if gone(closing) || !errors.Is(closing, session.ErrNoSession) {
		t.Errorf("7007 is gone or not a kind of no session: %v", closing)
	}
}

func TestShellSID(t *testing.T) {
	names := map[string]string{"S-1-5-21-9-9-9-500": `CONTOSO\admin`, "S-1-5-21-1-2-3-1001": `CONTOSO\bob`}
	resolve := func(sid string) (string, bool) { n, ok := names[sid]; return n, ok }
	none := func(string) (string, bool) { return "", false }
	procs := []procOwner{
		{1, "csrss.exe", "S-1-5-18"},
		{2, "cmd.exe", "S-1-5-21-9-9-9-500"}, // runas admin in bob's session
		{2, "explorer.exe", "S-1-5-21-1-2-3-1001"},
		{3, "explorer.exe", "S-1-12-1-11-22-33-44"}, // an Entra ID user nobody resolves
		{4, "notepad.exe", "S-1-5-21-7-7-7-1007"},
		{5, "explorer.exe", "S-1-5-21-9-9-9-500"}, // resolves to another account
		{6, "svchost.exe", "S-1-5-19"},
	}
	tests := []struct {
		name    string
		id      uint32
		account string
		resolve func(string) (string, bool)
		want    string
	}{
		{"the owner that resolves to the user", 2, `CONTOSO\bob`, resolve, "S-1-5-21-1-2-3-1001"},
		{"case does not matter", 2, `contoso\BOB`, resolve, "S-1-5-21-1-2-3-1001"},
		{"nothing resolves: the shell's owner, not cmd.exe's", 2, `CONTOSO\bob`, none, "S-1-5-21-1-2-3-1001"},
		{"an Entra ID user's shell", 3, `AzureAD\eve`, resolve, "S-1-12-1-11-22-33-44"},
		{"no shell, nothing resolves: unknown", 4, `CONTOSO\dave`, resolve, ""},
		{"a shell owned by another account: unknown", 5, `CONTOSO\frank`, resolve, ""},
		{"service accounts are never a user", 6, `NT AUTHORITY\LOCAL SERVICE`, resolve, ""},
		{"a session without processes", 9, `CONTOSO\bob`, resolve, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shellSID(procs, tt.id, tt.account, tt.resolve); got != tt.want {
				t.Errorf("shellSID = %q, want %q", got, tt.want)
			}
		})
	}
}
