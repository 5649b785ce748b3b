package main

import (
	"math"
	"slices"
	"time"
)

// summary is the spread of one program's start-up times.
type summary struct {
	Min, Median, P90 time.Duration
}

// summarize returns the minimum, median and 90th percentile (nearest rank)
// of times, which must not be empty.
func summarize(times []time.Duration) summary {
	s := slices.Clone(times)
	slices.Sort(s)
	n := len(s)
	median := s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	rank := int(math.Ceil(0.9*float64(n))) - 1
	return summary{Min: s[0], Median: median, P90: s[rank]}
}

// ratio returns a / b, or 0 when b is zero.
func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
