// Package autosave commits a screen's edits in the background, one at a
// time and in order, so typing never waits for the disk and no edit is
// reported as saved before it is committed.
package autosave

import (
	"context"
	"sync"
	"time"
)

// SaveFunc commits one field's value and returns the draft's new version.
type SaveFunc func(ctx context.Context, field, value string) (int64, error)

// Report tells the screen the outcome of one commit: the field, the value
// that is now safe (or not), the version and the error when it failed.
type Report struct {
	Field   string
	Value   string
	Version int64
	Err     error
}

// Saver queues field edits and commits them in the background. Only the
// newest value of a field waits in the queue: an older one is replaced,
// never lost, because the newer value contains what the user typed last.
type Saver struct {
	save   SaveFunc
	report func(Report)

	mu      sync.Mutex
	order   []string          // fields waiting, oldest first
	pending map[string]string // newest value of each waiting field
	busy    bool              // a commit is running
	failed  error             // the last commit failed and waits for a retry
	idle    *sync.Cond
	closed  bool

	retryMin, retryMax time.Duration
}

// New returns a Saver that commits with save and tells report about each
// commit. report runs on the Saver's goroutine; a screen hands it to fyne.Do.
func New(save SaveFunc, report func(Report)) *Saver {
	s := &Saver{
		save:     save,
		report:   report,
		pending:  map[string]string{},
		retryMin: 200 * time.Millisecond,
		retryMax: 5 * time.Second,
	}
	s.idle = sync.NewCond(&s.mu)
	return s
}

// Set queues value for field; it returns at once.
func (s *Saver) Set(field, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if _, waiting := s.pending[field]; !waiting {
		s.order = append(s.order, field)
	}
	s.pending[field] = value
	if !s.busy {
		s.busy = true
		go s.run()
	}
}

// Pending reports whether some edit is not committed yet.
func (s *Saver) Pending() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.order) > 0
}

// Waiting returns the values queued and not committed yet, by field, so a
// screen opened again shows what was typed last rather than what is saved.
func (s *Saver) Waiting() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.pending))
	for f, v := range s.pending {
		out[f] = v
	}
	return out
}

// Failing reports whether the last commit failed and edits wait to retry.
func (s *Saver) Failing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed != nil
}

// Flush waits until every queued edit is committed, or until ctx ends, and
// returns the last commit error if edits still wait for a retry.
func (s *Saver) Flush(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.mu.Lock()
		for s.busy && s.failed == nil {
			s.idle.Wait()
		}
		s.mu.Unlock()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

// Close stops taking edits after committing what is queued.
func (s *Saver) Close(ctx context.Context) error {
	err := s.Flush(ctx)
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return err
}

// run commits queued edits until the queue is empty, retrying a failed
// commit with a growing pause so a locked or full disk does not lose it.
func (s *Saver) run() {
	wait := s.retryMin
	for {
		s.mu.Lock()
		if len(s.order) == 0 {
			s.busy = false
			s.failed = nil
			s.idle.Broadcast()
			s.mu.Unlock()
			return
		}
		field := s.order[0]
		value := s.pending[field]
		s.mu.Unlock()

		version, err := s.save(context.Background(), field, value)

		s.mu.Lock()
		if err != nil {
			s.failed = err
			// The failed field waits behind the others, so one refused
			// value cannot hold back the rest of the screen.
			s.order = append(s.order[1:], field)
			s.idle.Broadcast()
			s.mu.Unlock()
			s.report(Report{Field: field, Value: value, Err: err})
			time.Sleep(wait)
			wait = min(wait*2, s.retryMax)
			continue
		}
		s.failed = nil
		wait = s.retryMin
		// A newer value typed during the commit stays queued for the next turn.
		if s.pending[field] == value {
			delete(s.pending, field)
			s.order = s.order[1:]
		}
		s.mu.Unlock()
		s.report(Report{Field: field, Value: value, Version: version})
	}
}
