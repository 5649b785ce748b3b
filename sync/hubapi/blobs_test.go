package hubapi_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"tiepsuc/internal/attach"
	"tiepsuc/sync/hubapi"
)

const sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func TestBlobLimitIsTheDesks(t *testing.T) {
	assert.Equal(t, attach.MaxBytes, hubapi.MaxBlobBytes,
		"a file the desk takes is never too large for the hub")
}

// blobPathCases are paths and the SHA-256 they name, "" for none.
var blobPathCases = []struct{ path, want string }{
	{hubapi.BlobPath(sha), sha},
	{hubapi.PathBlobs + strings.ToUpper(sha), ""},
	{hubapi.PathBlobs + sha[:63], ""},
	{hubapi.PathBlobs + sha + "0", ""},
	{hubapi.PathBlobs + sha + "/", ""},
	{hubapi.PathBlobs + "../" + sha[3:], ""},
	{"/v2/blobs/" + sha, ""},
	{hubapi.PathBlobs, ""},
	{"", ""},
}

func TestParseBlobPath(t *testing.T) {
	for _, tt := range blobPathCases {
		t.Run(tt.path, func(t *testing.T) {
			got, ok := hubapi.ParseBlobPath(tt.path)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want != "", ok)
		})
	}
}

// blobNumberCases are header values, the limit, and the number they give
// (-1 for a refusal).
var blobNumberCases = []struct {
	v    string
	max  int64
	want int64
}{
	{"0", 10, 0}, {"10", 10, 10}, {"11", 10, -1}, {"", 10, -1}, {"00", 10, -1},
	{"01", 10, -1}, {"-1", 10, -1}, {"+1", 10, -1}, {" 1", 10, -1}, {"1 ", 10, -1},
	{"1e3", 5000, -1}, {"0x10", 100, -1}, {"٣", 10, -1},
	{"9223372036854775807", 1 << 62, -1}, {"99999999999999999999", 1 << 62, -1},
	{"31457280", hubapi.MaxBlobBytes, 31457280},
}

func TestParseBlobNumber(t *testing.T) {
	for _, tt := range blobNumberCases {
		t.Run(tt.v, func(t *testing.T) {
			n, ok := hubapi.ParseBlobNumber(tt.v, tt.max)
			if tt.want < 0 {
				assert.False(t, ok)
				return
			}
			assert.True(t, ok)
			assert.Equal(t, tt.want, n)
		})
	}
}

// contentRangeCases are Content-Range values and what they give; ok false
// for a refusal.
var contentRangeCases = []struct {
	v                  string
	first, last, total int64
	ok                 bool
}{
	{"bytes 0-99/100", 0, 99, 100, true},
	{"bytes 5-5/6", 5, 5, 6, true},
	{"bytes */100", -1, -1, 100, true},
	{"bytes 0-100/100", 0, 0, 0, false},
	{"bytes 6-5/100", 0, 0, 0, false},
	{"bytes 0-99/*", 0, 0, 0, false},
	{"bytes 0-99", 0, 0, 0, false},
	{"bits 0-99/100", 0, 0, 0, false},
	{"bytes -5/100", 0, 0, 0, false},
	{"bytes 0-1/31457281", 0, 0, 0, false},
	{"bytes 0--1/100", 0, 0, 0, false},
	{"", 0, 0, 0, false},
}

func TestParseContentRange(t *testing.T) {
	for _, tt := range contentRangeCases {
		t.Run(tt.v, func(t *testing.T) {
			first, last, total, ok := hubapi.ParseContentRange(tt.v)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, []int64{tt.first, tt.last, tt.total}, []int64{first, last, total})
			}
		})
	}
}

func FuzzParseBlobPath(f *testing.F) {
	for _, tt := range blobPathCases {
		f.Add(tt.path)
	}
	f.Fuzz(func(t *testing.T, path string) {
		got, ok := hubapi.ParseBlobPath(path)
		if !ok {
			assert.Empty(t, got)
			return
		}
		assert.True(t, hubapi.IsSHA256(got))
		assert.Equal(t, path, hubapi.BlobPath(got), "one path per blob")
	})
}

func FuzzParseBlobNumber(f *testing.F) {
	for _, tt := range blobNumberCases {
		f.Add(tt.v, tt.max)
	}
	f.Fuzz(func(t *testing.T, v string, max int64) {
		n, ok := hubapi.ParseBlobNumber(v, max)
		if !ok {
			return
		}
		assert.GreaterOrEqual(t, n, int64(0))
		assert.LessOrEqual(t, n, max)
		assert.Equal(t, v, strconv.FormatInt(n, 10), "one spelling per number")
	})
}

func FuzzParseContentRange(f *testing.F) {
	for _, tt := range contentRangeCases {
		f.Add(tt.v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		first, last, total, ok := hubapi.ParseContentRange(v)
		if !ok {
			return
		}
		assert.LessOrEqual(t, total, int64(hubapi.MaxBlobBytes))
		if first == -1 {
			assert.Equal(t, int64(-1), last)
			return
		}
		assert.True(t, 0 <= first && first <= last && last < total, "%d-%d/%d", first, last,
			total)
	})
}
