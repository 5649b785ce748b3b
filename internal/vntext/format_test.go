package vntext

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestFormatPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0912345678", "0912 345 678"},
		{"0387654321", "0387 654 321"},
		{"+84912345678", "+84912345678"},
		{"091234567", "091234567"},
		{"0912 345 678", "0912 345 678"},
		{"09123456ab", "09123456ab"},
		{"1912345678", "1912345678"},
		{"02438251234", "02438251234"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, FormatPhone(tt.in))
		})
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{15000, "15.000 ₫"},
		{0, "0 ₫"},
		{999, "999 ₫"},
		{1000, "1.000 ₫"},
		{1234567, "1.234.567 ₫"},
		{-15000, "-15.000 ₫"},
		{-100, "-100 ₫"},
		{math.MaxInt64, "9.223.372.036.854.775.807 ₫"},
		{math.MinInt64, "-9.223.372.036.854.775.808 ₫"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, FormatMoney(tt.in))
		})
	}
}

func TestFormatDate(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(1990, 9, 2, 0, 0, 0, 0, time.UTC), "02/09/1990"},
		{time.Date(2026, 12, 31, 23, 59, 0, 0, hcm), "31/12/2026"},
		{time.Date(2005, 1, 5, 12, 0, 0, 0, time.UTC), "05/01/2005"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, FormatDate(tt.in))
		})
	}
}
