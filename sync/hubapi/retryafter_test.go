package hubapi_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"tiepsuc/sync/hubapi"
)

// retryAfterCases are Retry-After headers and the wait a desk reads.
var retryAfterCases = []struct {
	in   string
	want time.Duration
}{
	{"1", time.Second},
	{"42", 42 * time.Second},
	{"0", 0},
	{"007", 7 * time.Second},
	{"3599", 3599 * time.Second},
	{"3600", time.Hour},
	{"86400", time.Hour},
	// Ten digits would overflow a Duration if it were not cut to an hour.
	{"9999999999", time.Hour},
	{"99999999999", 0},
	{"", 0},
	{"-5", 0},
	{"+5", 0},
	{" 5", 0},
	{"5s", 0},
	{"1.5", 0},
	{"Wed, 21 Oct 2015 07:28:00 GMT", 0},
	{"٣", 0},
}

func TestParseRetryAfter(t *testing.T) {
	for _, tt := range retryAfterCases {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, hubapi.ParseRetryAfter(tt.in))
		})
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, tt := range retryAfterCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d := hubapi.ParseRetryAfter(in)
		assert.GreaterOrEqual(t, d, time.Duration(0))
		assert.LessOrEqual(t, d, time.Hour, "a desk never waits more than an hour")
		assert.Zero(t, d%time.Second, "whole seconds")
	})
}
