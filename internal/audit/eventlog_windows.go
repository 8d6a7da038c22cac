//go:build windows

package audit

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
	"golang.org/x/sys/windows/svc/eventlog"
)

// eventLogKey is the registry key of the event source.
const eventLogKey = `SYSTEM\CurrentControlSet\Services\EventLog\Application\` + EventSource

// The message files an event source can name. The .NET Framework's
// EventLogMessages.dll (what .NET's EventLog registers for its sources)
// holds the message "%1" for every event id, so that Event Viewer shows a
// record's text as its description; EventCreate.exe, which every Windows
// has, does so for ids 1 to 1000 only, below the audit trail's 1001 to
// 1099 (the text is still shown, after a note that the description is
// missing).
const (
	dotNetMessageFile      = `%SystemRoot%\Microsoft.NET\Framework\v4.0.30319\EventLogMessages.dll`
	eventCreateMessageFile = `%SystemRoot%\System32\EventCreate.exe`
)

// elevated reports whether the helper runs elevated; a variable for tests.
var elevated = func() bool { return windows.GetCurrentProcessToken().IsElevated() }

// EventLog writes records to the Windows Application log under the source
// UserSession: event id EventID(action, result), type information for a
// completed or requested action, warning for a refused one and error for
// a failed one, and as text Record.Message() followed by the record's
// JSON. The log is opened, and the source registered, at the first record
// (as Syslog connects): a helper that writes no record (list, watch)
// touches neither.
type EventLog struct {
	mu sync.Mutex
	// log is nil until a Write opens it.
	log *eventlog.Log
	// reg is why the source is not registered, nil when it is; set when
	// log is opened.
	reg error
}

// NewEventLog returns the sink of the Application log for the audit
// trail. It opens nothing: the first Write registers the event source when
// it is missing and the helper runs elevated
// (HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\UserSession,
// EventMessageFile EventLogMessages.dll where the .NET Framework 4 is
// installed, else EventCreate.exe, TypesSupported 7), then opens the log.
// When the source is missing and cannot be registered, the sink writes all
// the same and its Name says why. The error is always nil on Windows.
func NewEventLog() (Sink, error) { return &EventLog{}, nil }

// errNotElevated is why a missing source stays missing without elevation.
var errNotElevated = fmt.Errorf("%w, and the helper does not run elevated to register it", ErrSourceNotRegistered)

// registered reports whether the event source is registered.
func registered() bool {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, eventLogKey, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	k.Close()
	return true
}

// register registers the event source unless it is.
func register() error {
	switch {
	case registered():
		return nil
	case !elevated():
		return errNotElevated
	}
	err := eventlog.Install(EventSource, messageFile(), true, eventlog.Error|eventlog.Warning|eventlog.Info)
	if err != nil {
		return fmt.Errorf("%w: registering it failed: %w", ErrSourceNotRegistered, err)
	}
	return nil
}

// messageFile is the message file the source is registered with.
func messageFile() string {
	if path, err := registry.ExpandString(dotNetMessageFile); err == nil {
		if _, err := os.Stat(path); err == nil {
			return dotNetMessageFile
		}
	}
	return eventCreateMessageFile
}

// Name names the sink, and says when its source is not registered: once
// the log is open, why registering failed; before, as a registry lookup
// finds it now.
func (e *EventLog) Name() string {
	const name = "eventlog Application/" + EventSource
	e.mu.Lock()
	defer e.mu.Unlock()
	note := ""
	switch {
	case e.log != nil:
		if e.reg != nil {
			note = e.reg.Error()
		}
	case registered():
	case !elevated():
		note = errNotElevated.Error()
	default:
		note = ErrSourceNotRegistered.Error() + "; the first record registers it"
	}
	if note != "" {
		return name + " (" + note + ")"
	}
	return name
}

// Write reports r as one event, opening the log first when it is not.
func (e *EventLog) Write(r Record) error {
	id := EventID(r.Action, r.Result)
	msg := eventMessage(r)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.log == nil {
		reg := register()
		l, err := eventlog.Open(EventSource)
		if err != nil {
			return errors.Join(fmt.Errorf("opening the Application event log: %w", err), reg)
		}
		e.log, e.reg = l, reg
	}
	switch eventType(r.Result) {
	case eventWarning:
		return e.log.Warning(id, msg)
	case eventError:
		return e.log.Error(id, msg)
	}
	return e.log.Info(id, msg)
}

// Close closes the log if a Write opened it.
func (e *EventLog) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.log == nil {
		return nil
	}
	err := e.log.Close()
	e.log = nil
	return err
}
