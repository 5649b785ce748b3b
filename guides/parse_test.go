package guides

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sample returns a valid guide file after applying edits to its fields.
func sample(t testing.TB, edits ...func(g map[string]any)) []byte {
	t.Helper()
	g := map[string]any{
		"id":       "sample",
		"title":    map[string]any{"vi": "Hướng dẫn mẫu", "en": "Sample guide"},
		"summary":  map[string]any{"vi": "Bác sẽ có một mẫu.", "en": "You will have a sample."},
		"category": "safety",
		"audience": []any{"citizen"},
		"steps": []any{
			map[string]any{
				"id":    "one",
				"title": map[string]any{"vi": "Bấm nút", "en": "Tap the button"},
				"text":  map[string]any{"vi": "Bác bấm nút xanh.", "en": "Tap the green button."},
			},
			map[string]any{
				"id":    "enter-otp",
				"title": map[string]any{"vi": "Nhập mã", "en": "Enter the code"},
				"text":  map[string]any{"vi": "Bác nhập mã.", "en": "Type the code."},
				"if_wrong": []any{map[string]any{
					"problem": map[string]any{"vi": "Không có mã", "en": "No code"},
					"fix":     map[string]any{"vi": "Bác chờ một phút.", "en": "Wait a minute."},
				}},
			},
		},
		"sources": []any{map[string]any{"title": "Nghị định 69/2024/NĐ-CP"}},
		"checked": "2026-12-01",
	}
	for _, edit := range edits {
		edit(g)
	}
	data, err := json.Marshal(g)
	require.NoError(t, err)
	return data
}

// stepOf returns step i (0-based) of a sample guide for editing.
func stepOf(g map[string]any, i int) map[string]any {
	return g["steps"].([]any)[i].(map[string]any)
}

// textOf returns the {"vi", "en"} object at key of m for editing.
func textOf(m map[string]any, key string) map[string]any {
	return m[key].(map[string]any)
}

// words returns n words of filler text.
func words(n int) string {
	return strings.TrimSpace(strings.Repeat("bấm ", n))
}

func TestParseAcceptsSample(t *testing.T) {
	g, err := Parse("sample.json", sample(t))
	require.NoError(t, err)
	assert.Equal(t, "sample", g.ID)
	assert.Equal(t, "Bác nhập mã.", g.Steps[1].Text.VI)
	assert.Equal(t, "Wait a minute.", g.Steps[1].IfWrong[0].Fix.EN)
	assert.Equal(t, "2026-12-01", g.Checked.Format("2006-01-02"))
}

func TestParseReportsEveryProblem(t *testing.T) {
	cases := []struct {
		name string
		file string
		data []byte
		want []string
	}{
		{
			name: "missing english step text",
			data: sample(t, func(g map[string]any) {
				delete(textOf(stepOf(g, 1), "text"), "en")
			}),
			want: []string{`sample.json: step 2 "enter-otp": text.en: missing`},
		},
		{
			name: "blank vietnamese title",
			data: sample(t, func(g map[string]any) { textOf(g, "title")["vi"] = "  " }),
			want: []string{`sample.json: title.vi: empty`},
		},
		{
			name: "typo in a step field",
			data: sample(t, func(g map[string]any) {
				s := stepOf(g, 0)
				s["txet"] = s["text"]
				delete(s, "text")
			}),
			want: []string{
				`sample.json: step 1 "one": txet: unknown field, did you mean "text"?`,
				`sample.json: step 1 "one": text: missing`,
			},
		},
		{
			name: "unknown guide field",
			data: sample(t, func(g map[string]any) { g["colour"] = "red" }),
			want: []string{`sample.json: colour: unknown field; known fields are ` +
				`id, title, summary, category, audience, steps, sources, checked`},
		},
		{
			name: "unknown language",
			data: sample(t, func(g map[string]any) { textOf(g, "summary")["fr"] = "Un modèle." }),
			want: []string{`sample.json: summary.fr: unknown field; known fields are vi, en`},
		},
		{
			name: "repeated step id",
			data: sample(t, func(g map[string]any) { stepOf(g, 1)["id"] = "one" }),
			want: []string{`sample.json: step 2 "one": id: "one" is also the id of step 1`},
		},
		{
			name: "badly formed ids",
			file: "Sample_1.json",
			data: sample(t, func(g map[string]any) {
				g["id"] = "Sample_1"
				stepOf(g, 0)["id"] = "Enter OTP"
			}),
			want: []string{
				`Sample_1.json: id: "Sample_1" is not an id: use lower-case letters, ` +
					`digits and single dashes`,
				`Sample_1.json: step 1 "Enter OTP": id: "Enter OTP" is not an id: ` +
					`use lower-case letters, digits and single dashes`,
			},
		},
		{
			name: "id differs from file name",
			file: "other.json",
			data: sample(t),
			want: []string{
				`other.json: id: "sample" does not match the file name; name the file sample.json`,
			},
		},
		{
			name: "unknown category and audience",
			data: sample(t, func(g map[string]any) {
				g["category"] = "vneID"
				g["audience"] = []any{"citizen", "elder", "citizen"}
			}),
			want: []string{
				`sample.json: category: "vneID" is not a category; ` +
					`use one of vneid, portal, procedure, payment, safety`,
				`sample.json: audience[2]: "elder" is not an audience; ` +
					`use one of volunteer, citizen, trainer`,
				`sample.json: audience[3]: "citizen" is listed twice`,
			},
		},
		{
			name: "empty lists",
			data: sample(t, func(g map[string]any) {
				g["audience"] = []any{}
				g["steps"] = []any{}
				g["sources"] = []any{}
			}),
			want: []string{
				`sample.json: audience: empty; use one or more of volunteer, citizen, trainer`,
				`sample.json: steps: empty; a guide has 1 to 12 steps`,
				`sample.json: sources: empty; name at least one source for the facts in the guide`,
			},
		},
		{
			name: "thirteen steps",
			data: sample(t, func(g map[string]any) {
				var steps []any
				for i := range 13 {
					s := map[string]any{}
					for k, v := range stepOf(g, 0) {
						s[k] = v
					}
					s["id"] = "s" + strings.Repeat("x", i)
					steps = append(steps, s)
				}
				g["steps"] = steps
			}),
			want: []string{`sample.json: steps: has 13 steps, at most 12; split the guide in two`},
		},
		{
			name: "step text too long to read",
			data: sample(t, func(g map[string]any) {
				text := textOf(stepOf(g, 0), "text")
				text["vi"] = words(61)
				text["en"] = "One. Two. Three. Four " + strings.Repeat("x", 270)
			}),
			want: []string{
				`sample.json: step 1 "one": text.vi: has 61 words, at most 60`,
				`sample.json: step 1 "one": text.en: is 292 characters long, at most 280`,
				`sample.json: step 1 "one": text.en: has 4 sentences, at most 3`,
			},
		},
		{
			name: "english step text over forty words",
			data: sample(t, func(g map[string]any) {
				textOf(stepOf(g, 1), "text")["en"] = strings.TrimSpace(strings.Repeat("tap ", 41))
			}),
			want: []string{`sample.json: step 2 "enter-otp": text.en: has 41 words, at most 40`},
		},
		{
			name: "long title and two-sentence summary",
			data: sample(t, func(g map[string]any) {
				textOf(g, "title")["en"] = strings.Repeat("a", 61)
				textOf(g, "summary")["vi"] = "Bác sẽ có mẫu. Rồi bác về."
			}),
			want: []string{
				`sample.json: title.en: is 61 characters long, at most 60`,
				`sample.json: summary.vi: has 2 sentences, at most 1`,
			},
		},
		{
			name: "decomposed accents and a line break",
			data: sample(t, func(g map[string]any) {
				textOf(g, "title")["vi"] = "Nguye\u0302\u0303n"
				textOf(stepOf(g, 0), "title")["en"] = "Tap\nthe button"
			}),
			want: []string{
				`sample.json: title.vi: is not in Unicode NFC form (accents typed as separate ` +
					`marks); retype it or convert it to NFC`,
				`sample.json: step 1 "one": title.en: contains a line break or control character`,
			},
		},
		{
			name: "invisible or empty-looking text",
			data: sample(t, func(g map[string]any) {
				textOf(g, "title")["en"] = "Sample\u200bguide"
				textOf(stepOf(g, 0), "text")["vi"] = "..."
			}),
			want: []string{
				`sample.json: title.en: contains an invisible character (U+200B); delete it`,
				`sample.json: step 1 "one": text.vi: has no letters or digits`,
			},
		},
		{
			name: "lone surrogate escape",
			data: []byte(strings.Replace(string(sample(t)), `"Sample guide"`,
				`"Sample \ud800 guide"`, 1)),
			want: []string{
				`sample.json: title.en: contains U+FFFD, a character lost to a broken encoding`,
			},
		},
		{
			name: "bad picture name",
			data: sample(t, func(g map[string]any) { stepOf(g, 0)["picture"] = "Photo 1.JPG" }),
			want: []string{`sample.json: step 1 "one": picture: "Photo 1.JPG" is not a picture ` +
				`name: use lower-case letters, digits, dashes and .svg or .png`},
		},
		{
			name: "broken branches",
			data: sample(t, func(g map[string]any) {
				b := map[string]any{
					"problem":  map[string]any{"vi": "Lỗi", "en": "Error"},
					"solution": map[string]any{"vi": "Sửa", "en": "Fix"},
				}
				stepOf(g, 1)["if_wrong"] = []any{b, b, b, b, "?"}
			}),
			want: []string{
				`sample.json: step 2 "enter-otp": if_wrong: has 5 branches, at most 4`,
				`sample.json: step 2 "enter-otp": if_wrong[1].solution: unknown field; ` +
					`known fields are problem, fix`,
				`sample.json: step 2 "enter-otp": if_wrong[1].fix: missing`,
				`sample.json: step 2 "enter-otp": if_wrong[2].solution: unknown field; ` +
					`known fields are problem, fix`,
				`sample.json: step 2 "enter-otp": if_wrong[2].fix: missing`,
				`sample.json: step 2 "enter-otp": if_wrong[3].solution: unknown field; ` +
					`known fields are problem, fix`,
				`sample.json: step 2 "enter-otp": if_wrong[3].fix: missing`,
				`sample.json: step 2 "enter-otp": if_wrong[4].solution: unknown field; ` +
					`known fields are problem, fix`,
				`sample.json: step 2 "enter-otp": if_wrong[4].fix: missing`,
				`sample.json: step 2 "enter-otp": if_wrong[5]: must be an object with ` +
					`problem, fix, not a string`,
			},
		},
		{
			name: "bad sources",
			data: sample(t, func(g map[string]any) {
				g["sources"] = []any{
					map[string]any{"title": "Cổng", "url": "ftp://dichvucong.gov.vn"},
					map[string]any{"url": "https://dichvucong.gov.vn", "note": ""},
				}
			}),
			want: []string{
				`sample.json: sources[1].url: "ftp://dichvucong.gov.vn" is not a web address ` +
					`starting with https://`,
				`sample.json: sources[2].title: missing`,
				`sample.json: sources[2].note: empty`,
			},
		},
		{
			name: "date in another layout",
			data: sample(t, func(g map[string]any) { g["checked"] = "04/12/2026" }),
			want: []string{`sample.json: checked: "04/12/2026" is not a date written YYYY-MM-DD`},
		},
		{
			name: "date without leading zeros",
			data: sample(t, func(g map[string]any) { g["checked"] = "2026-2-3" }),
			want: []string{`sample.json: checked: "2026-2-3" is not a date written YYYY-MM-DD`},
		},
		{
			name: "date in the future",
			data: sample(t, func(g map[string]any) { g["checked"] = "2999-01-01" }),
			want: []string{`sample.json: checked: 2999-01-01 is in the future`},
		},
		{
			name: "wrong types",
			data: sample(t, func(g map[string]any) {
				g["title"] = "Hướng dẫn mẫu"
				g["audience"] = "citizen"
				g["steps"] = map[string]any{"one": 1}
				g["checked"] = 20261201
			}),
			want: []string{
				`sample.json: title: must be an object with vi, en, not a string`,
				`sample.json: audience: must be a list, not a string`,
				`sample.json: steps: must be a list, not an object`,
				`sample.json: checked: must be a string, not a number`,
			},
		},
		{
			name: "step that is not an object and text that is not a string",
			data: sample(t, func(g map[string]any) {
				g["steps"].([]any)[0] = "Bấm nút"
				textOf(stepOf(g, 1), "text")["vi"] = nil
			}),
			want: []string{
				`sample.json: step 1: must be an object with id, title, text, picture, ` +
					`if_wrong, not a string`,
				`sample.json: step 2 "enter-otp": text.vi: must be a string, not null`,
			},
		},
		{
			name: "everything missing",
			data: []byte(`{}`),
			want: []string{
				`sample.json: id: missing`,
				`sample.json: title: missing`,
				`sample.json: summary: missing`,
				`sample.json: category: missing`,
				`sample.json: audience: missing`,
				`sample.json: steps: missing`,
				`sample.json: sources: missing`,
				`sample.json: checked: missing`,
			},
		},
		{
			name: "repeated field",
			data: []byte(strings.Replace(string(sample(t)), `"category":"safety"`,
				`"category":"safety","category":"vneid"`, 1)),
			want: []string{`sample.json: category: repeated field`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := c.file
			if file == "" {
				file = "sample.json"
			}
			assertProblems(t, file, c.data, c.want)
		})
	}
}

// assertProblems parses data as file and checks the error lists exactly want,
// one problem per line.
func assertProblems(t *testing.T, file string, data []byte, want []string) {
	t.Helper()
	_, err := Parse(file, data)
	require.Error(t, err)
	var le *LoadError
	require.True(t, errors.As(err, &le), "error is a *LoadError")
	assert.Equal(t, want, strings.Split(err.Error(), "\n"))
	assert.Len(t, le.Problems, len(want))
}

func TestProblemLocatesTheStep(t *testing.T) {
	data := sample(t, func(g map[string]any) {
		delete(textOf(stepOf(g, 1), "text"), "en")
	})
	_, err := Parse("vneid-activate.json", []byte(strings.Replace(string(data),
		`"id":"sample"`, `"id":"vneid-activate"`, 1)))

	var le *LoadError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, []Problem{{
		File: "vneid-activate.json", Step: 2, StepID: "enter-otp",
		Field: "text.en", Message: "missing",
	}}, le.Problems)
}
