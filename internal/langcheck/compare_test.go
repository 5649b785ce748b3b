package langcheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cats builds catalogs with the Vietnamese and English messages of one key
// each, leaving a language out when its message is "-".
func cats(key, vi, en string) map[string]map[string]string {
	c := map[string]map[string]string{"vi": {}, "en": {}}
	if vi != "-" {
		c["vi"][key] = vi
	}
	if en != "-" {
		c["en"][key] = en
	}
	return c
}

func TestCheck(t *testing.T) {
	inCode := []string{"demo.big"}
	tests := []struct {
		name string
		cats map[string]map[string]string
		want []string
	}{
		{name: "agree", cats: cats("demo.big", "Tệp {{.Name}} quá lớn", "{{.Name}} is too big")},
		{name: "missing in English", cats: cats("demo.big", "Tệp quá lớn", "-"),
			want: []string{`demo.en.json has no "demo.big", which the code uses`}},
		{name: "unused key", cats: cats("demo.small", "Tệp nhỏ", "Small"),
			want: []string{
				`demo.en.json has no "demo.big", which the code uses`,
				`demo.en.json has "demo.small", which the code never uses`,
				`demo.vi.json has no "demo.big", which the code uses`,
				`demo.vi.json has "demo.small", which the code never uses`,
			}},
		{name: "blank English", cats: cats("demo.big", "Tệp quá lớn", "  "),
			want: []string{"demo.en.json: demo.big is blank"}},
		{name: "other fields", cats: cats("demo.big", "Tệp {{.Name}}", "File {{.File}}"),
			want: []string{"demo.en.json: demo.big reads {{.Fields}} [File], " +
				"Vietnamese reads [Name]"}},
		{name: "field dropped", cats: cats("demo.big", "Tệp {{.Name}}", "File too big"),
			want: []string{"demo.en.json: demo.big reads {{.Fields}} [], " +
				"Vietnamese reads [Name]"}},
		{name: "Vietnamese without marks", cats: cats("demo.big", "Tep qua lon", "Too big"),
			want: []string{"demo.vi.json: demo.big is not written with Vietnamese marks"}},
		{name: "broken template", cats: cats("demo.big", "Tệp quá lớn", "{{.Name"),
			want: []string{"demo.en.json: demo.big: parse message: " +
				"template: :1: unclosed action"}},
		{name: "no Vietnamese catalog",
			cats: map[string]map[string]string{"en": {"demo.big": "Too big"}},
			want: []string{"demo.vi.json is missing"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Check("demo", inCode, tc.cats))
		})
	}
}

func TestShipped(t *testing.T) {
	inCode := []string{"demo.a", "demo.b"}
	tests := []struct {
		name  string
		files []string
		want  []string
		fails bool
	}{
		{name: "all there once", files: []string{
			`{"demo.a": "A", "app.x": "X"}`,
			`{"demo.b": "B", "app.x": "X", "app.n": {"one": "1", "other": "n"}}`,
		}},
		{name: "missing", files: []string{`{"demo.a": "A"}`},
			want: []string{"no shipped file has demo.b"}},
		{name: "in two files", files: []string{
			`{"demo.a": "A", "demo.b": "B"}`, `{"demo.b": "B"}`,
		}, want: []string{"demo.b is in two files"}},
		{name: "not json", files: []string{`{"demo.a": `}, fails: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := make([][]byte, len(tc.files))
			for i, f := range tc.files {
				files[i] = []byte(f)
			}
			got, err := shipped(files, "demo.", inCode)
			if tc.fails {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestShippedByTheApp(t *testing.T) {
	faults, err := Shipped("citizen.", []string{"citizen.id.old9", "citizen.no.such.key"})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"vi: no shipped file has citizen.no.such.key",
		"en: no shipped file has citizen.no.such.key",
	}, faults)
}
