package auth

import "time"

// LockPolicy says how many wrong PINs in a row lock an account and for how
// long. Each lock after the first, with no successful sign-in between,
// lasts twice as long as the one before, up to MaxLock.
type LockPolicy struct {
	MaxAttempts int
	FirstLock   time.Duration
	MaxLock     time.Duration
}

// DefaultLockPolicy locks after 5 wrong PINs: 5 minutes, then 10, 20, 40
// and from then on an hour. A colleague guessing at lunch gets 5 tries per
// lock, about 130 a day, against the million 6-digit PINs.
var DefaultLockPolicy = LockPolicy{MaxAttempts: 5, FirstLock: 5 * time.Minute,
	MaxLock: time.Hour}

// Attempts is one volunteer's sign-in record that must outlive the app, so
// that restarting it does not hand out fresh tries.
type Attempts struct {
	// Failed counts wrong PINs since the last successful sign-in or lock.
	Failed int
	// Locks counts locks since the last successful sign-in.
	Locks int
	// LockedUntil is when the current lock ends; zero when never locked.
	LockedUntil time.Time
}

// LockedAt reports whether a is locked at now, and until when.
func (a Attempts) LockedAt(now time.Time) (bool, time.Time) {
	if now.Before(a.LockedUntil) {
		return true, a.LockedUntil
	}
	return false, time.Time{}
}

// Left returns how many wrong PINs a may still take before the next lock.
func (p LockPolicy) Left(a Attempts) int {
	return max(p.MaxAttempts-a.Failed, 0)
}

// LockFor returns how long the nth lock in a row lasts, n counting from 1.
func (p LockPolicy) LockFor(n int) time.Duration {
	d := p.FirstLock
	for i := 1; i < n && d < p.MaxLock; i++ {
		d *= 2
	}
	return min(d, p.MaxLock)
}

// Fail returns a after one more wrong PIN at now: once MaxAttempts are
// reached the account locks from now and the count starts again.
func (p LockPolicy) Fail(a Attempts, now time.Time) Attempts {
	a.Failed++
	if a.Failed < p.MaxAttempts {
		return a
	}
	a.Failed = 0
	a.Locks++
	a.LockedUntil = now.Add(p.LockFor(a.Locks))
	return a
}
