// Package runlock keeps two runs of one job on one machine apart: a lock
// file that the operating system releases when its holder ends, however
// it ends (flock on Unix, LockFileEx on Windows), with the holder's
// process id written in it for the message of the run that is refused.
package runlock
