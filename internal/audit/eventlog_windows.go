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
// JSON.
type EventLog struct {
	log *eventlog.Log
	// note says why the source is not registered, "" when it is.
	note string
	mu   sync.Mutex
}

// NewEventLog opens the Application log for the audit trail. It registers
// the event source first when it is missing and the helper runs elevated
// (HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\UserSession,
// EventMessageFile EventLogMessages.dll where the .NET Framework 4 is
// installed, else EventCreate.exe, TypesSupported 7). When the source is
// missing and cannot be registered, the sink writes all the same and err
// wraps ErrSourceNotRegistered with the reason; only when the log cannot be
// opened is the sink nil.
func NewEventLog() (Sink, error) {
	regErr := register()
	l, err := eventlog.Open(EventSource)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("opening the Application event log: %w", err), regErr)
	}
	e := &EventLog{log: l}
	if regErr != nil {
		e.note = regErr.Error()
		return e, regErr
	}
	return e, nil
}

// register registers the event source unless it is.
func register() error {
	if k, err := registry.OpenKey(registry.LOCAL_MACHINE, eventLogKey, registry.QUERY_VALUE); err == nil {
		k.Close()
		return nil
	}
	if !elevated() {
		return fmt.Errorf("%w, and the helper does not run elevated to register it", ErrSourceNotRegistered)
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

// Name names the sink, and says when its source is not registered.
func (e *EventLog) Name() string {
	if e.note != "" {
		return "eventlog Application/" + EventSource + " (" + e.note + ")"
	}
	return "eventlog Application/" + EventSource
}

// Write reports r as one event.
func (e *EventLog) Write(r Record) error {
	id := EventID(r.Action, r.Result)
	msg := eventMessage(r)
	e.mu.Lock()
	defer e.mu.Unlock()
	switch eventType(r.Result) {
	case eventWarning:
		return e.log.Warning(id, msg)
	case eventError:
		return e.log.Error(id, msg)
	}
	return e.log.Info(id, msg)
}

// Close closes the log.
func (e *EventLog) Close() error { return e.log.Close() }
