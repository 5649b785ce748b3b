package auth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"tiepsuc/internal/auth"
)

func TestLockFor(t *testing.T) {
	p := auth.DefaultLockPolicy
	want := []time.Duration{5 * time.Minute, 10 * time.Minute, 20 * time.Minute,
		40 * time.Minute, time.Hour, time.Hour, time.Hour}
	for i, w := range want {
		assert.Equal(t, w, p.LockFor(i+1), "lock %d", i+1)
	}
	assert.Equal(t, time.Hour, p.LockFor(1000), "no overflow after many locks")
}

func TestFailLocksAfterFiveWrongPINs(t *testing.T) {
	p := auth.DefaultLockPolicy
	now := time.Date(2025, 12, 4, 8, 0, 0, 0, time.UTC)
	var a auth.Attempts
	for i := 1; i <= 4; i++ {
		a = p.Fail(a, now)
		locked, _ := a.LockedAt(now)
		assert.False(t, locked, "after %d wrong PINs", i)
		assert.Equal(t, 5-i, p.Left(a))
	}

	a = p.Fail(a, now)
	locked, until := a.LockedAt(now)
	assert.True(t, locked, "the fifth wrong PIN locks")
	assert.Equal(t, now.Add(5*time.Minute), until)
	assert.Equal(t, 5, p.Left(a), "tries start again after the lock")

	locked, _ = a.LockedAt(now.Add(5*time.Minute - time.Nanosecond))
	assert.True(t, locked, "still locked a moment before the end")
	locked, _ = a.LockedAt(now.Add(5 * time.Minute))
	assert.False(t, locked, "open again at the end")

	// Five more wrong PINs after the lock lock for twice as long.
	later := now.Add(6 * time.Minute)
	for range 5 {
		a = p.Fail(a, later)
	}
	_, until = a.LockedAt(later)
	assert.Equal(t, later.Add(10*time.Minute), until)
	assert.Equal(t, 2, a.Locks)
}
