package engine

import (
	"context"

	"tiepsuc/internal/store"
)

// Status returns the engine's current status.
func (e *Engine) Status() Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.status
}

// Subscribe returns a channel that always holds the newest status (older
// ones are dropped, so a slow reader never blocks the engine) and a
// function that ends the subscription. A screen reads it in a goroutine and
// updates itself through fyne.Do.
func (e *Engine) Subscribe() (<-chan Status, func()) {
	ch := make(chan Status, 1)
	e.mu.Lock()
	e.subs[ch] = struct{}{}
	ch <- e.status
	e.mu.Unlock()
	return ch, func() {
		e.mu.Lock()
		delete(e.subs, ch)
		e.mu.Unlock()
	}
}

// update changes the status with fn and sends the result to subscribers.
func (e *Engine) update(fn func(s *Status)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	fn(&e.status)
	for ch := range e.subs {
		select {
		case <-ch:
		default:
		}
		ch <- e.status
	}
}

// refreshCounts reads the queue and conflict counts from the store.
func (e *Engine) refreshCounts(ctx context.Context) {
	c, err := e.st.SyncCounts(ctx)
	if err != nil {
		e.log.Warn("read sync counts", "err", err)
		return
	}
	e.update(func(s *Status) { setCounts(s, c) })
	e.refreshDeletions(ctx)
}

// setCounts copies the store's counts into s.
func setCounts(s *Status, c store.SyncCounts) {
	s.Queued, s.Held, s.Quarantined = c.Queued, c.Held, c.Quarantined
	s.Conflicts, s.NewStatuses, s.Unmatched = c.Conflicts, c.NewStatuses, c.Unmatched
}

// Refresh reads the counts again, after the desk resolved a conflict or
// looked at statuses, and shows them.
func (e *Engine) Refresh(ctx context.Context) {
	e.refreshCounts(ctx)
}
