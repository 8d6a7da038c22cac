package session

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTimeout is the time one host gets for a call when the request
// gives none: a listing, a lookup, a logoff or disconnect (with wait, until
// the action has finished), a process list.
const DefaultTimeout = 10 * time.Second

// MaxTimeout is the longest timeout a request may give.
const MaxTimeout = time.Hour

// DefaultMessageWait bounds a message that waits for its answer without a
// timeout of its own: the box stays on screen, the call returns
// ErrTimeout after a day.
const DefaultMessageWait = 24 * time.Hour

// DefaultMaxParallel bounds how many hosts List asks at once unless the
// query says (Query.Parallel).
const DefaultMaxParallel = 64

// ParallelLimit is the most hosts one List may ask at once (Query.Parallel).
const ParallelLimit = 1024

// DefaultMaxBlocked bounds the backend calls that may still run after
// their timeout. Each may hold an operating system thread in a system call
// that does not return (an unresponsive remote host); Go ends the process
// at 10,000 threads, so past this bound calls fail at once instead.
const DefaultMaxBlocked = 256

// defaultGrace is how long a backend call may take beyond its timeout to
// report what it has (a logoff sent whose end it could not see) before
// the Service gives up on it.
const defaultGrace = 2 * time.Second

// Service applies what every backend shares: which names mean the local
// machine and which mean one host, asking many hosts at once with a
// timeout each, filtering, the resources of sessions, and the safety
// policy of Logoff and Disconnect. It never passes a request that it
// rejects or refuses to the backend's actions.
type Service struct {
	Backend Backend
	// MaxParallel bounds how many hosts are asked at once; 0 means
	// DefaultMaxParallel.
	MaxParallel int
	// MaxBlocked bounds the calls still running past their timeout; 0 means
	// DefaultMaxBlocked.
	MaxBlocked int
	// Grace is how long a call may run past its timeout to report what it
	// has before it is left to finish alone; 0 means 2 s.
	Grace time.Duration
	// Audit, when set, receives one record for every logoff, disconnect and
	// message sent or refused, before the caller gets the result.
	Audit Auditor
	// ReclaimLock keeps two reclaim runs of the machine apart; nil keeps
	// the runs of this process apart only.
	ReclaimLock Locker
	reclaimLock processLock

	infoOnce sync.Once
	info     HostInfo
	infoErr  error

	actorOnce sync.Once
	actor     Actor

	// localNames is the backend's LocalNames once asked.
	localNames atomic.Pointer[[]string]

	mu      sync.Mutex
	stuck   map[string]*stuckCall // host key: the oldest call still running past its timeout
	blocked int                   // calls still running past their timeout, all hosts
}

// NewService returns a Service over b.
func NewService(b Backend) *Service { return &Service{Backend: b} }

// Info describes the local host; the backend is asked once.
func (s *Service) Info(ctx context.Context) (HostInfo, error) {
	s.infoOnce.Do(func() { s.info, s.infoErr = s.Backend.Info(ctx) })
	return s.info, s.infoErr
}
