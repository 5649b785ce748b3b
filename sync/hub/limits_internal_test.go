package hub

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBucketsRefillAtTheirRate(t *testing.T) {
	t0 := time.Date(2025, 7, 25, 8, 0, 0, 0, time.UTC)
	l := newBuckets(Rate{Every: 6 * time.Second, Burst: 3})
	for i := range 3 {
		ok, _ := l.take("10.0.0.5", t0)
		require.True(t, ok, "request %d of the burst", i+1)
	}
	ok, wait := l.take("10.0.0.5", t0)
	assert.False(t, ok, "the burst is spent")
	assert.Equal(t, 6*time.Second, wait)
	assert.Equal(t, 6, retryAfter(wait))

	ok, _ = l.take("10.0.0.6", t0)
	assert.True(t, ok, "another key has its own bucket")

	ok, wait = l.take("10.0.0.5", t0.Add(4*time.Second))
	assert.False(t, ok)
	assert.Equal(t, 2*time.Second, wait.Round(time.Millisecond), "a token is two thirds earned")
	ok, _ = l.take("10.0.0.5", t0.Add(6*time.Second))
	assert.True(t, ok, "one token earned in 6 s")
	ok, _ = l.take("10.0.0.5", t0.Add(6*time.Second))
	assert.False(t, ok, "and only one")

	// An hour later the bucket is full again, not fuller.
	later := t0.Add(time.Hour)
	for range 3 {
		ok, _ = l.take("10.0.0.5", later)
		require.True(t, ok)
	}
	ok, _ = l.take("10.0.0.5", later)
	assert.False(t, ok, "tokens never pile up past the burst")

	// A clock that steps back spends no tokens it has not earned.
	ok, _ = l.take("10.0.0.5", t0)
	assert.False(t, ok)
}

func TestBucketsGiveBack(t *testing.T) {
	t0 := time.Date(2025, 7, 25, 8, 0, 0, 0, time.UTC)
	l := newBuckets(Rate{Every: time.Minute, Burst: 2})
	for range 10 {
		ok, _ := l.take("", t0)
		require.True(t, ok, "attempts given back cost nothing")
		l.giveBack("", t0)
	}
	l.giveBack("", t0)
	for range 2 {
		ok, _ := l.take("", t0)
		require.True(t, ok)
	}
	ok, _ := l.take("", t0)
	assert.False(t, ok, "giving back never raises a bucket past its burst")
	l.giveBack("never seen", t0)
	assert.Len(t, l.m, 1, "giving back to an unknown key makes no bucket")
}

func TestBucketsOff(t *testing.T) {
	for _, r := range []Rate{{}, {Every: time.Second}, {Burst: 5}} {
		l := newBuckets(r)
		for range 100 {
			ok, _ := l.take("k", time.Now())
			require.True(t, ok)
		}
		assert.Empty(t, l.m, "an unlimited rate keeps nothing")
	}
	var none *buckets
	ok, _ := none.take("k", time.Now())
	assert.True(t, ok)
}

func TestBucketsStayBounded(t *testing.T) {
	t0 := time.Date(2025, 7, 25, 8, 0, 0, 0, time.UTC)
	l := newBuckets(Rate{Every: time.Second, Burst: 5})
	for i := range maxBucketKeys {
		l.take("a"+strconv.Itoa(i), t0)
	}
	require.Len(t, l.m, maxBucketKeys)

	// Ten seconds on every bucket is full again, and the next new key
	// makes room by forgetting them.
	l.take("new", t0.Add(10*time.Second))
	assert.Len(t, l.m, 1)

	// Keys still spending are kept until there are too many of them.
	for i := range maxBucketKeys - 1 {
		l.take("b"+strconv.Itoa(i), t0.Add(10*time.Second))
	}
	require.Len(t, l.m, maxBucketKeys)
	l.take("c", t0.Add(10*time.Second))
	assert.Len(t, l.m, 1, "more keys spending than the bound: all are forgotten")
}

// BenchmarkBucketsTake is the cost the per-address limit adds to every
// request: one take from a thousand clients' buckets.
func BenchmarkBucketsTake(b *testing.B) {
	l := newBuckets(DefaultLimits().PerAddress)
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = AddressKey("203.0.113."+strconv.Itoa(i%250)+":"+strconv.Itoa(1000+i),
			nil) + strconv.Itoa(i/250)
	}
	now := time.Now()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l.take(keys[i%len(keys)], now)
		i++
	}
}

// BenchmarkAddressKey is the cost of finding a request's bucket.
func BenchmarkAddressKey(b *testing.B) {
	exempt := DefaultLimits().Exempt
	b.ReportAllocs()
	for b.Loop() {
		AddressKey("[2001:db8:1:2:3:4:5:6]:443", exempt)
		AddressKey("203.0.113.7:51000", exempt)
	}
}
