package rpc

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/usersession/usersession/internal/contract"
)

// DefaultMaxLine is the longest line, in bytes, that Stream accepts by
// default. A longer line is answered with -32600 and skipped.
const DefaultMaxLine = 1 << 20

var errLineTooLong = errors.New("line too long")

// readLine returns the next line without its terminator. A line longer
// than maxLine is consumed whole and reported as errLineTooLong.
func (s *Stream) readLine() ([]byte, error) {
	s.line = s.line[:0]
	tooLong := false
	for {
		frag, err := s.r.ReadSlice('\n')
		if !tooLong {
			if len(s.line)+len(frag) > s.maxLine+2 { // room for CR LF
				tooLong = true
				s.line = s.line[:0]
			} else {
				s.line = append(s.line, frag...)
			}
		}
		switch {
		case err == nil:
			if tooLong {
				return nil, errLineTooLong
			}
			return s.line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if tooLong {
				return nil, errLineTooLong
			}
			if len(s.line) > 0 {
				return s.line, nil
			}
			return nil, io.EOF
		default:
			return nil, fmt.Errorf("read request: %w", err)
		}
	}
}

// writeLine writes msg as one ASCII line. After the first failure nothing
// more is written and drain stops waiting. writeLine may use the spare
// capacity of msg.
func (s *Stream) writeLine(msg []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	broken := s.broken
	s.mu.Unlock()
	if broken != nil {
		return broken
	}
	var err error
	if contract.IsASCII(msg) {
		// The common case: no copy, the newline goes into spare capacity.
		_, err = s.w.Write(append(msg, '\n'))
	} else {
		s.wbuf = contract.AppendASCII(slices.Grow(s.wbuf[:0], len(msg)+len(msg)/4+1), msg)
		s.wbuf = append(s.wbuf, '\n')
		_, err = s.w.Write(s.wbuf)
		if cap(s.wbuf) > 1<<20 {
			s.wbuf = nil
		}
	}
	if err != nil {
		err = fmt.Errorf("write response: %w", err)
		s.fail(err)
	}
	return err
}

// fail marks the output broken with err, unless it already is: nothing
// more is written and drain stops waiting.
func (s *Stream) fail(err error) {
	s.mu.Lock()
	if s.broken == nil {
		s.broken = err
	}
	s.idle.Broadcast()
	s.mu.Unlock()
}
