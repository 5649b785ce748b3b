package store

import "sync"

// uidSource makes draft uids; tests set one so that what is derived from
// a uid (a hand-off code on a screenshot) is the same on every run.
var uidSource struct {
	mu   sync.Mutex
	next func() (string, error)
}

// SetUIDSource makes new draft uids come from next, or from newUID again
// when next is nil, and returns a function restoring the previous source.
// Only tests should call it.
func SetUIDSource(next func() (string, error)) (restore func()) {
	uidSource.mu.Lock()
	defer uidSource.mu.Unlock()
	prev := uidSource.next
	uidSource.next = next
	return func() {
		uidSource.mu.Lock()
		defer uidSource.mu.Unlock()
		uidSource.next = prev
	}
}

// makeUID returns a new draft uid from the source set, or newUID.
func makeUID() (string, error) {
	uidSource.mu.Lock()
	next := uidSource.next
	uidSource.mu.Unlock()
	if next != nil {
		return next()
	}
	return newUID()
}
