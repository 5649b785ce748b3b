package catalogue_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"tiepsuc/catalogue"
)

// goodFile is the file the broken copies start from.
const goodFile = "temporary_residence.json"

// readGood returns the bytes of goodFile.
func readGood(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("content/" + goodFile)
	require.NoError(t, err)
	return data
}

// edit decodes goodFile, sets the value at the dotted path (list items by
// 0-based index; a nil value deletes the key), and encodes it again.
func edit(t testing.TB, path string, v any, del bool) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(readGood(t)))
	dec.UseNumber()
	var doc any
	require.NoError(t, dec.Decode(&doc))

	keys := strings.Split(path, ".")
	cur := doc
	for _, k := range keys[:len(keys)-1] {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[k]
		case []any:
			i, err := strconv.Atoi(k)
			require.NoError(t, err)
			cur = c[i]
		}
	}
	last := keys[len(keys)-1]
	switch c := cur.(type) {
	case map[string]any:
		if del {
			delete(c, last)
		} else {
			c[last] = v
		}
	case []any:
		i, err := strconv.Atoi(last)
		require.NoError(t, err)
		c[i] = v
	}
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	return out
}

// replace returns goodFile with the first old replaced by new.
func replace(t testing.TB, old, new string) []byte {
	t.Helper()
	data := readGood(t)
	require.True(t, bytes.Contains(data, []byte(old)), old)
	return bytes.Replace(data, []byte(old), []byte(new), 1)
}

// TestBrokenCopiesRejected breaks one thing at a time in a real entry and
// checks that loading names the file and the field at fault.
func TestBrokenCopiesRejected(t *testing.T) {
	tests := []struct {
		name string
		data func(t testing.TB) []byte
		want string
	}{
		{"unknown field", func(t testing.TB) []byte { return edit(t, "fee", 1, false) },
			"fee: unknown field"},
		{"field given twice", func(t testing.TB) []byte {
			return replace(t, `"code": "1.004194",`, `"code": "1.004194", "code": "1.004194",`)
		}, "code: given twice"},
		{"missing name", func(t testing.TB) []byte { return edit(t, "name", nil, true) },
			"name: missing"},
		{"missing English", func(t testing.TB) []byte { return edit(t, "name.en", nil, true) },
			"name.en: missing"},
		{"empty Vietnamese", func(t testing.TB) []byte { return edit(t, "name.vi", " ", false) },
			"name.vi: empty"},
		{"decomposed letters", func(t testing.TB) []byte {
			return edit(t, "name.vi", norm.NFD.String("Đăng ký tạm trú"), false)
		}, "name.vi: not in Unicode NFC"},
		{"id not the file name", func(t testing.TB) []byte {
			return edit(t, "id", "temporary_stay", false)
		}, `id: "temporary_stay" does not match the file name`},
		{"code shape", func(t testing.TB) []byte { return edit(t, "code", "1.4194", false) },
			`code: "1.4194" is not a procedure code`},
		{"unknown code not marked", func(t testing.TB) []byte {
			return edit(t, "code", nil, false)
		}, `code: null (not known) must be listed in "unconfirmed"`},
		{"unknown fact", func(t testing.TB) []byte {
			return edit(t, "unconfirmed", []any{"fee"}, false)
		}, `unconfirmed[1]: "fee" is not a fact`},
		{"field value", func(t testing.TB) []byte { return edit(t, "field", "cu tru", false) },
			`field: "cu tru" is not allowed`},
		{"fee as text", func(t testing.TB) []byte {
			return edit(t, "fees.cases.0.online", "7000", false)
		}, "fees.cases[1].online: must be a whole number"},
		{"fee with decimals", func(t testing.TB) []byte {
			return replace(t, `"online": 7000`, `"online": 7000.5`)
		}, "fees.cases[1].online: must be a whole number"},
		{"fee with exponent", func(t testing.TB) []byte {
			return replace(t, `"online": 7000`, `"online": 7e3`)
		}, "fees.cases[1].online: must be a whole number"},
		{"negative fee", func(t testing.TB) []byte {
			return replace(t, `"counter": 10000`, `"counter": -10000`)
		}, "fees.cases[2].counter: must be a whole number"},
		{"fee typo", func(t testing.TB) []byte {
			return edit(t, "fees.cases.0.counter", 150000000, false)
		}, "fees.cases[1].counter: 150000000 VND is more than"},
		{"confirmed unknown fee", func(t testing.TB) []byte {
			return edit(t, "fees.cases.1.online", nil, false)
		}, "fees.confirmed: true, but an amount is null"},
		{"where paid", func(t testing.TB) []byte { return edit(t, "fees.paid_at", "bank", false) },
			`fees.paid_at: "bank" is not allowed`},
		{"nothing to pay but paid", func(t testing.TB) []byte {
			return edit(t, "fees.cases", []any{map[string]any{
				"when":    map[string]any{"vi": "Mọi người", "en": "Everyone"},
				"counter": 0, "online": 0}}, false)
		}, `fees.paid_at: every amount is 0, so write "none"`},
		{"none but a fee", func(t testing.TB) []byte { return edit(t, "fees.paid_at", "none", false) },
			`fees.paid_at: "none", but an amount is not 0`},
		{"no fee cases", func(t testing.TB) []byte { return edit(t, "fees.cases", []any{}, false) },
			"fees.cases: empty"},
		{"flag as text", func(t testing.TB) []byte {
			return edit(t, "papers.0.required", "yes", false)
		}, "papers[1].required: must be true or false, not a string"},
		{"check on the wrong kind", func(t testing.TB) []byte {
			return edit(t, "form.0.check", "phone", false)
		}, "form[1].check: the phone check reads a phone field, not text"},
		{"unknown check", func(t testing.TB) []byte {
			return edit(t, "form.0.check", "name", false)
		}, `form[1].check: "name" is not allowed`},
		{"choice without choices", func(t testing.TB) []byte {
			return edit(t, "form.5.choices", nil, true)
		}, "form[6].choices: missing"},
		{"one choice", func(t testing.TB) []byte {
			return edit(t, "form.5.choices", []any{map[string]any{"value": "person",
				"label": map[string]any{"vi": "Cá nhân", "en": "One person"}}}, false)
		}, "form[6].choices: a choice field needs at least 2 choices"},
		{"choices on text", func(t testing.TB) []byte {
			return edit(t, "form.0.choices", []any{}, false)
		}, "form[1].choices: only a choice field has choices"},
		{"form id twice", func(t testing.TB) []byte {
			return edit(t, "form.1.id", "registrant_name", false)
		}, `form[2].id: "registrant_name" is the id of another field too`},
		{"empty form", func(t testing.TB) []byte { return edit(t, "form", []any{}, false) },
			"form: empty"},
		{"working days zero", func(t testing.TB) []byte {
			return edit(t, "time.working_days", 0, false)
		}, "time.working_days: must be a whole number of days from 1"},
		{"guide id shape", func(t testing.TB) []byte {
			return edit(t, "guides", []any{"Procedure_Temp"}, false)
		}, `guides[1]: "Procedure_Temp" is not a guide id`},
		{"keyword twice", func(t testing.TB) []byte {
			return edit(t, "keywords", []any{"tạm trú", "tam tru"}, false)
		}, `keywords[2]: "tam tru" is listed twice`},
		{"source address", func(t testing.TB) []byte {
			return edit(t, "sources.1.url", "ftp://example.com/x", false)
		}, "sources[2].url: \"ftp://example.com/x\" is not a web address"},
		{"no sources", func(t testing.TB) []byte { return edit(t, "sources", []any{}, false) },
			"sources: empty"},
		{"checked in the future", func(t testing.TB) []byte {
			return edit(t, "checked", "2999-01-01", false)
		}, "checked: 2999-01-01 is after today"},
		{"checked day first", func(t testing.TB) []byte {
			return edit(t, "checked", "04/12/2026", false)
		}, `checked: "04/12/2026" is not a date`},
		{"control character", func(t testing.TB) []byte {
			return edit(t, "agency.en", "Commune\tpolice", false)
		}, "agency.en: has a control character"},
		{"not an object", func(t testing.TB) []byte { return []byte(`[]`) },
			"must be an object with id, code"},
		{"cut short", func(t testing.TB) []byte {
			d := readGood(t)
			return d[:bytes.Index(d, []byte(`"fees"`))]
		}, "not JSON at line"},
		{"cut inside a letter", func(t testing.TB) []byte {
			d := readGood(t)
			return d[:bytes.Index(d, []byte("ạm"))+1]
		}, "not UTF-8 at line 5"},
		{"trailing text", func(t testing.TB) []byte { return append(readGood(t), "x"...) },
			"not JSON at line"},
		{"byte order mark", func(t testing.TB) []byte {
			return append([]byte("\xEF\xBB\xBF"), readGood(t)...)
		}, "starts with a byte order mark"},
		{"not UTF-8", func(t testing.TB) []byte {
			return replace(t, "Đăng ký tạm trú", "\xD0ang ky")
		}, "not UTF-8 at line 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalogue.Parse(goodFile, tt.data(t))
			var le *catalogue.LoadError
			require.True(t, errors.As(err, &le), "want a *LoadError, got %v", err)
			assert.Contains(t, err.Error(), goodFile+": "+tt.want)
		})
	}
}

// TestGoodFileParses guards TestBrokenCopiesRejected: its base is valid,
// and re-encoding it changes nothing that matters.
func TestGoodFileParses(t *testing.T) {
	_, err := catalogue.Parse(goodFile, readGood(t))
	require.NoError(t, err)
	_, err = catalogue.Parse(goodFile, edit(t, "checked", "2026-12-04", false))
	require.NoError(t, err)
}

// TestLoadWholeCatalogue checks the problems that span files.
func TestLoadWholeCatalogue(t *testing.T) {
	good := readGood(t)
	other := bytes.Replace(good, []byte(`"id": "temporary_residence"`),
		[]byte(`"id": "other"`), 1)

	t.Run("code used twice", func(t *testing.T) {
		_, err := catalogue.Load(fstest.MapFS{
			goodFile:     {Data: good},
			"other.json": {Data: other},
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(),
			"temporary_residence.json: code: 1.004194 is also the code in other.json")
	})
	t.Run("no files", func(t *testing.T) {
		_, err := catalogue.Load(fstest.MapFS{"README.md": {Data: []byte("x")}})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "no procedure files")
	})
	t.Run("every bad file reported", func(t *testing.T) {
		_, err := catalogue.Load(fstest.MapFS{
			"a.json": {Data: []byte("{")},
			"b.json": {Data: []byte("[]")},
		})
		var le *catalogue.LoadError
		require.ErrorAs(t, err, &le)
		require.Len(t, le.Problems, 2)
		assert.Equal(t, "a.json", le.Problems[0].File)
		assert.Equal(t, "b.json", le.Problems[1].File)
	})
	t.Run("sub-folders skipped", func(t *testing.T) {
		c, err := catalogue.Load(fstest.MapFS{
			goodFile:          {Data: good},
			"drafts/bad.json": {Data: []byte("{")},
		})
		require.NoError(t, err)
		assert.Len(t, c.All(), 1)
	})
}
