package takehome

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/guides"
)

func TestGuideCodeIsStable(t *testing.T) {
	// Cards already printed carry these codes: a change here strands them.
	for id, want := range map[string]string{
		"vneid-activate":            "RRCQ",
		"portal-birth-registration": "5LMB",
		"safety-otp-call":           "4AUJ",
	} {
		assert.Equal(t, want, GuideCode(id), id)
	}
}

func TestGuideCodeAvoidsLookAlikes(t *testing.T) {
	for i := range 5000 {
		code := GuideCode("guide-" + strconv.Itoa(i))
		require.Len(t, code, codeLen)
		assert.False(t, strings.ContainsAny(code, "01IO"), "%s has a look-alike", code)
	}
}

func TestBuiltinGuidesHaveDistinctCodes(t *testing.T) {
	lib, err := guides.Builtin()
	require.NoError(t, err, "the built-in guides must load")
	seen := map[string]string{}
	for _, g := range lib.Guides() {
		code := GuideCode(g.ID)
		other, dup := seen[code]
		assert.False(t, dup, "%s and %s share the code %s: rename one", other, g.ID, code)
		seen[code] = g.ID

		found, ok := FindByShortCode(lib, code)
		require.True(t, ok)
		assert.Equal(t, g.ID, found.ID)
	}
}

func TestGuideLink(t *testing.T) {
	steps := make([]guides.Step, 5)
	withSources := func(urls ...string) guides.Guide {
		g := guides.Guide{ID: "vneid-activate", Steps: steps}
		for _, u := range urls {
			g.Sources = append(g.Sources, guides.Source{Title: "s", URL: u})
		}
		return g
	}
	for _, tc := range []struct {
		name  string
		guide guides.Guide
		step  int
		qr    string
		code  string
	}{
		{"first gov.vn page", withSources("", "https://dichvucong.gov.vn/p/home",
			"https://stc.dongnai.gov.vn"), 3, "https://dichvucong.gov.vn/p/home", "RRCQ-3"},
		{"gov.vn itself", withSources("https://gov.vn"), 1, "https://gov.vn", "RRCQ-1"},
		{"upper-case host", withSources("https://DichVuCong.Gov.VN"), 2,
			"https://DichVuCong.Gov.VN", "RRCQ-2"},
		{"http is skipped", withSources("http://dichvucong.gov.vn", "https://vneid.gov.vn"), 2,
			"https://vneid.gov.vn", "RRCQ-2"},
		{"news site is not official", withSources("https://baodongnai.com.vn"), 2, "RRCQ-2",
			"RRCQ-2"},
		{"look-alike domain", withSources("https://evilgov.vn", "https://gov.vn.example.com"),
			4, "RRCQ-4", "RRCQ-4"},
		{"user part that hides the host", withSources("https://dichvucong.gov.vn@example.com",
			"https://x@dichvucong.gov.vn"), 4, "RRCQ-4", "RRCQ-4"},
		{"no sources", withSources(), 5, "RRCQ-5", "RRCQ-5"},
		{"step 0 is step 1", withSources(), 0, "RRCQ-1", "RRCQ-1"},
		{"past the end is the last step", withSources(), 6, "RRCQ-5", "RRCQ-5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			qr, code := GuideLink(tc.guide, tc.step)
			assert.Equal(t, tc.qr, qr)
			assert.Equal(t, tc.code, code)
		})
	}
}

func TestParseShortCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		code string
		step int
	}{
		{"RRCQ-3", "RRCQ", 3},
		{"rrcq-3", "RRCQ", 3},
		{"  RRCQ-12 ", "RRCQ", 12},
		{"RRCQ 7", "RRCQ", 7},
		{"RRCQ7", "RRCQ", 7},
		{"RRCQ–7", "RRCQ", 7},
		{"5LMB-04", "5LMB", 4},
		{"ZZZZ-99", "ZZZZ", 99},
	} {
		t.Run(tc.in, func(t *testing.T) {
			code, step, err := ParseShortCode(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.code, code)
			assert.Equal(t, tc.step, step)
		})
	}
	for _, in := range []string{
		"", "RRCQ", "RRCQ-", "RRC-3", "RRCQ-0", "RRCQ-100", "RRCQ--3", "RRCQ-3a",
		"R0CQ-3", "RRCO-3", "RICQ-3", "R1CQ-3", "RRCQ-+3", "RRCQ- 3", "ĐRCQ-3",
		"https://dichvucong.gov.vn", "RRCQ-٣",
	} {
		t.Run("refuses "+in, func(t *testing.T) {
			_, _, err := ParseShortCode(in)
			assert.ErrorIs(t, err, ErrShortCode)
		})
	}
}

func FuzzParseShortCode(f *testing.F) {
	for _, s := range []string{"RRCQ-3", "rrcq 12", "RRCQ7", "R0CQ-3", "", "RRCQ–99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, step, err := ParseShortCode(s)
		if err != nil {
			return
		}
		if len(code) != codeLen || strings.Trim(code, codeAlphabet) != "" {
			t.Fatalf("%q gave code %q outside the alphabet", s, code)
		}
		if step < 1 || step > maxCodeStep {
			t.Fatalf("%q gave step %d", s, step)
		}
		// What a card prints for it reads back the same.
		code2, step2, err := ParseShortCode(code + "-" + strconv.Itoa(step))
		if err != nil || code2 != code || step2 != step {
			t.Fatalf("%q: printed again it reads %q %d %v", s, code2, step2, err)
		}
	})
}

func TestFindByShortCode(t *testing.T) {
	lib, err := loadFixtures()
	require.NoError(t, err)
	_, printed := GuideLink(fixture(t, "safety-otp-call"), 2)

	code, step, err := ParseShortCode(strings.ToLower(printed))
	require.NoError(t, err)
	g, ok := FindByShortCode(lib, code)
	require.True(t, ok)
	assert.Equal(t, "safety-otp-call", g.ID)
	assert.Equal(t, 2, step)

	_, ok = FindByShortCode(lib, "ZZZZ")
	assert.False(t, ok)
	_, ok = FindByShortCode(nil, code)
	assert.False(t, ok)
}
