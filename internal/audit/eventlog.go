package audit

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/usersession/usersession/internal/session"
)

// EventSource is the source under which records go to the Windows
// Application event log.
const EventSource = "UserSession"

// ErrSourceNotRegistered is the reason EventLog.Name gives when the event
// source is not registered and could not be: the records are written all
// the same, under the source's name, and Event Viewer shows each with a
// note that the description of its id cannot be found, followed by the
// record's text.
var ErrSourceNotRegistered = errors.New("the event source " + EventSource + " is not registered")

// The event types of the Windows event log (EVENTLOG_*_TYPE).
const (
	eventError       = 0x0001
	eventWarning     = 0x0002
	eventInformation = 0x0004
)

// eventType is the type of a record's event: information for an action
// completed or requested, a warning for one refused, an error for one that
// failed.
func eventType(result string) uint16 {
	switch result {
	case session.AuditRefused:
		return eventWarning
	case session.AuditFailed:
		return eventError
	}
	return eventInformation
}

// eventMessage is the text of a record's event: the record in one line for
// people, then the record as JSON, for tools that read the log.
func eventMessage(r Record) string {
	line, err := json.Marshal(r)
	if err != nil {
		line = []byte(`{"error":"the record does not encode"}`)
	}
	// ReportEvent takes NUL-terminated strings.
	return strings.ReplaceAll(r.Message()+"\r\n\r\n"+string(line), "\x00", "")
}
