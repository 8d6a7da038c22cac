package wts

import (
	"encoding/hex"
	"errors"
	"fmt"
	"syscall"

	"github.com/usersession/usersession/internal/session"
)

// Report is what `usersession diagnose` prints: the raw answers of every
// call the backend makes for a host and each of its sessions, next to what
// the backend makes of them, so that a report from a real machine shows
// how Windows fills the fields whose reading is unsettled (see
// docs/windows.md). Nothing in it acts on a session.
type Report struct {
	Helper  map[string]string `json:"helper"`
	Host    string            `json:"host"`
	Version *Call             `json:"version"`
	// Caller is the helper's own session, console and input (local only).
	Caller      map[string]any  `json:"caller,omitempty"`
	Enumeration *Call           `json:"enumeration"`
	Sessions    []SessionReport `json:"sessions"`
	// Processes is WTSEnumerateProcessesExW's answer, its times raw, with
	// GetProcessTimes's where the process could be opened (local only), so
	// that the unit of UserTime and KernelTime can be settled.
	Processes *Call `json:"processes"`
	// Unread lists what could not be read, by call.
	Unread []string `json:"unread"`
}

// SessionReport is one session's calls and the backend's reading of them.
type SessionReport struct {
	ID    uint32          `json:"id"`
	Calls []*Call         `json:"calls"`
	Read  session.Session `json:"read"`
}

// Call is one call: its name and information class, and its answer raw or
// its failure.
type Call struct {
	Call  string  `json:"call"`
	Class *uint32 `json:"class,omitempty"`
	Bytes uint32  `json:"bytes,omitempty"`
	// Error is the Win32 code and its text when the call failed.
	Error map[string]any `json:"error,omitempty"`
	Raw   any            `json:"raw,omitempty"`
}

// fail records err on c, and what could not be read on r.
func (r *Report) fail(c *Call, err error) {
	if err == nil {
		return
	}
	c.Error = map[string]any{"message": err.Error()}
	var code syscall.Errno
	if errors.As(err, &code) {
		c.Error["win32Code"] = uint32(code)
	}
	what := c.Call
	if c.Class != nil {
		what = fmt.Sprintf("%s(%d)", what, *c.Class)
	}
	r.Unread = append(r.Unread, what+": "+err.Error())
}

// optString is a string field of the enumeration: null when the pointer
// was NULL, which the documentation of WTS_SESSION_INFO_1W does not tell
// from an empty string.
func optString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

// rawInfoEx is WTSINFOEX_LEVEL1_W as it came: flags and FILETIMEs
// unconverted, with CurrentTime, the host's clock.
func rawInfoEx(level uint32, l *wtsInfoExLevel1) map[string]any {
	return map[string]any{
		"level": level, "sessionId": l.SessionID, "sessionState": l.SessionState,
		"sessionFlags":   l.SessionFlags,
		"winStationName": utf16Field(l.WinStationName[:]), "userName": utf16Field(l.UserName[:]),
		"domainName": utf16Field(l.DomainName[:]),
		"logonTime":  l.LogonTime.value(), "connectTime": l.ConnectTime.value(),
		"disconnectTime": l.DisconnectTime.value(), "lastInputTime": l.LastInputTime.value(),
		"currentTime": l.CurrentTime.value(),
	}
}

// rawInfo is WTSINFOW as it came.
func rawInfo(in *wtsInfo) map[string]any {
	return map[string]any{
		"state": in.State, "sessionId": in.SessionID,
		"winStationName": utf16Field(in.WinStationName[:]), "userName": utf16Field(in.UserName[:]),
		"domain":    utf16Field(in.Domain[:]),
		"logonTime": in.LogonTime.value(), "connectTime": in.ConnectTime.value(),
		"disconnectTime": in.DisconnectTime.value(), "lastInputTime": in.LastInputTime.value(),
		"currentTime": in.CurrentTime.value(),
	}
}

// rawClient is WTSCLIENTW with its address as the 31 words it holds, in
// hex, since their layout is unsettled (see address.go).
func rawClient(c *wtsClient) map[string]any {
	words := make([]string, len(c.ClientAddress))
	for i, w := range c.ClientAddress {
		words[i] = fmt.Sprintf("%04x", w)
	}
	return map[string]any{
		"clientName": utf16Field(c.ClientName[:]), "domain": utf16Field(c.Domain[:]),
		"userName": utf16Field(c.UserName[:]), "clientAddressFamily": c.ClientAddressFamily,
		"clientAddressWords": words, "hRes": c.HRes, "vRes": c.VRes, "colorDepth": c.ColorDepth,
		"clientBuildNumber": c.ClientBuildNumber, "clientProductId": c.ClientProductID,
	}
}

// rawAddress is WTS_CLIENT_ADDRESS with its 20 bytes in hex.
func rawAddress(a *clientAddressRaw) map[string]any {
	return map[string]any{"addressFamily": a.AddressFamily, "address": hex.EncodeToString(a.Address[:])}
}
