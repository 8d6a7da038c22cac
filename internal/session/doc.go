// Package session is the domain of usersession: sessions, processes, the
// Backend interface every platform implements, the errors that travel to
// the wire, and the Service that sits above every backend.
//
// The Service owns what must not differ between platforms: the fan-out
// over several hosts with a per-host timeout, the filters of session.list,
// and the safety policy that refuses to sign out or disconnect the caller's
// own session, session 0 or a listener unless force is set.
package session
