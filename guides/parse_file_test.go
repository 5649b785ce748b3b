package guides

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseReportsUnreadableFiles(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want []string
	}{
		{
			name: "not an object",
			data: []byte(`["sample"]`),
			want: []string{`sample.json: must be an object with id, title, summary, category, ` +
				`audience, steps, sources, checked, not a list`},
		},
		{
			name: "trailing comma",
			data: []byte("{\n  \"id\": \"sample\",\n}\n"),
			want: []string{`sample.json: invalid JSON at line 3, column 1: ` +
				`invalid character '}' looking for beginning of object key string`},
		},
		{
			name: "cut short",
			data: []byte("{\n  \"id\": \"mẫu\""),
			want: []string{`sample.json: invalid JSON at line 2, column 14: ` +
				`unexpected end of JSON input`},
		},
		{
			name: "two values",
			data: []byte("{}\n{}"),
			want: []string{`sample.json: invalid JSON at line 2, column 1: ` +
				`invalid character '{' after top-level value`},
		},
		{
			name: "empty file",
			data: nil,
			want: []string{`sample.json: invalid JSON at line 1, column 1: ` +
				`unexpected end of JSON input`},
		},
		{
			name: "byte order mark",
			data: append([]byte("\xEF\xBB\xBF"), sample(t)...),
			want: []string{`sample.json: starts with a byte order mark (BOM); ` +
				`save the file as UTF-8 without BOM`},
		},
		{
			name: "windows-1258 byte",
			data: []byte("{\n  \"id\": \"b\xe1c\"\n}"),
			want: []string{`sample.json: not valid UTF-8 at line 2, column 11; ` +
				`save the file as UTF-8`},
		},
		{
			name: "too big",
			data: []byte(`{"id": "` + strings.Repeat("a", maxFileBytes) + `"}`),
			want: []string{`sample.json: file is 262154 bytes, at most 262144`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertProblems(t, "sample.json", c.data, c.want)
		})
	}
}

func TestTextIn(t *testing.T) {
	cases := []struct {
		name string
		text Text
		lang string
		want string
	}{
		{"english", Text{VI: "Bấm", EN: "Tap"}, "en", "Tap"},
		{"english tag", Text{VI: "Bấm", EN: "Tap"}, "en-US", "Tap"},
		{"vietnamese", Text{VI: "Bấm", EN: "Tap"}, "vi", "Bấm"},
		{"other language falls back to vietnamese", Text{VI: "Bấm", EN: "Tap"}, "fr", "Bấm"},
		{"no english yet", Text{VI: "Bấm"}, "en", "Bấm"},
		{"empty language", Text{VI: "Bấm", EN: "Tap"}, "", "Bấm"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, c.text.In(c.lang))
		})
	}
}
