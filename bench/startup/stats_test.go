package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestSummarize(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		name  string
		times []time.Duration
		want  summary
	}{
		{name: "one run", times: ms(400), want: summary{
			Min: 400 * time.Millisecond, Median: 400 * time.Millisecond, P90: 400 * time.Millisecond}},
		{name: "odd count, unsorted", times: ms(500, 300, 400), want: summary{
			Min: 300 * time.Millisecond, Median: 400 * time.Millisecond, P90: 500 * time.Millisecond}},
		{name: "ten runs, one slow outlier sets p90 only", times: ms(
			310, 300, 320, 330, 340, 350, 360, 370, 380, 2000), want: summary{
			Min: 300 * time.Millisecond, Median: 345 * time.Millisecond, P90: 380 * time.Millisecond}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, summarize(tc.times))
		})
	}
}

func TestRatio(t *testing.T) {
	assert.InDelta(t, 1.5, ratio(450*time.Millisecond, 300*time.Millisecond), 1e-9)
	assert.Zero(t, ratio(time.Second, 0), "no bare time gives no ratio, not a division by zero")
}
