package wts

import "strings"

// procOwner is a process of a session and its owner's SID, from
// WTS_PROCESS_INFO_EXW (pUserSid).
type procOwner struct {
	Session uint32
	Name    string
	SID     string
}

// userSID reports whether sid names an account a person signs in with: a
// local or Active Directory account (S-1-5-21-...) or a Microsoft Entra ID
// one (S-1-12-1-...), not SYSTEM, a service or a virtual account.
func userSID(sid string) bool {
	return strings.HasPrefix(sid, "S-1-5-21-") || strings.HasPrefix(sid, "S-1-12-1-")
}

// shellSID finds the SID of account (DOMAIN\user, the session's user)
// among the owners of session id's processes, for a session whose SID the
// name lookup (LookupAccountNameW) did not give. That lookup fails for
// domain users while no domain controller answers and for Microsoft Entra
// ID accounts (PSAppDeployToolkit, which reads the SID from the session's
// processes for that reason), while every process of the session carries
// its owner's SID.
//
// A process's owner is the session's user when resolve (LookupAccountSidW
// on the host) names it account. When no owner resolves, the owner of the
// session's shell, explorer.exe, is taken, provided resolve names it no
// other account. Otherwise "": a session whose processes belong to others
// (runas, a service in the session) is never given one of theirs.
// Unsettled: a session with another shell than explorer.exe (a kiosk's
// assigned access) whose SID no lookup resolves stays unknown.
func shellSID(procs []procOwner, id uint32, account string, resolve func(sid string) (string, bool)) string {
	shell := ""
	for _, p := range procs {
		if p.Session != id || !userSID(p.SID) {
			continue
		}
		name, ok := resolve(p.SID)
		if ok {
			if strings.EqualFold(name, account) {
				return p.SID
			}
			continue // another account's process
		}
		if shell == "" && strings.EqualFold(p.Name, "explorer.exe") {
			shell = p.SID
		}
	}
	return shell
}
