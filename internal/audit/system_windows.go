package audit

// System returns the sink of the system's own log: the Application event
// log, source UserSession (see NewEventLog).
func System() (Sink, error) { return NewEventLog() }
