//go:build !windows && !plan9

package audit

// System returns the sink of the system's own log: syslog.
func System() (Sink, error) { return &Syslog{}, nil }
