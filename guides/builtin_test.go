package guides

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuiltinLoadsWithoutProblems(t *testing.T) {
	lib, err := Builtin()
	require.NoError(t, err)

	// Other guides join these over time; the list only has to hold them, in
	// order: by category, then id.
	var ids, cats []string
	all := lib.Guides()
	for i, g := range all {
		ids = append(ids, g.ID)
		if !slices.Contains(cats, g.Category) {
			cats = append(cats, g.Category)
		}
		if i > 0 {
			prev := all[i-1]
			assert.Negative(t, cmp.Or(
				cmp.Compare(categoryRank(prev.Category), categoryRank(g.Category)),
				strings.Compare(prev.ID, g.ID)), "%s listed before %s", prev.ID, g.ID)
		}
	}
	assert.Subset(t, ids, []string{
		"vneid-activate", "vneid-install-level1", "vneid-forgot-password", "vneid-new-phone",
		"vneid-passcode", "vneid-add-papers", "vneid-check-level",
		"portal-birth-registration",
		"pay-portal", "pay-vietqr", "pay-vneid",
		"safety-otp-calls", "safety-apps-outside-store",
	})
	assert.Equal(t, cats, lib.Categories())
	assert.Subset(t, lib.Categories(),
		[]string{CategoryVNeID, CategoryPortal, CategoryPayment, CategorySafety})
}

func TestBuiltinGuidesSpeakToTheCitizen(t *testing.T) {
	lib, err := Builtin()
	require.NoError(t, err)

	for _, g := range lib.Guides() {
		t.Run(g.ID, func(t *testing.T) {
			assert.Equal(t, "2026-12-04", g.Checked.Format("2006-01-02"))
			assert.Contains(t, g.Audience, AudienceCitizen)
			assert.LessOrEqual(t, len(g.Steps), 12)
			assert.Contains(t, g.Summary.VI, "Bác", "the summary addresses the citizen")
			for _, s := range g.Steps {
				// "bạn" is how one talks to a peer, not to an elderly citizen.
				assert.NotContains(t, strings.ToLower(s.Text.VI), "bạn ", s.ID)
				assert.NotEmpty(t, s.Text.In("en"), s.ID)
			}
		})
	}
}

func TestBuiltinGuidesCarryTheKeyWarnings(t *testing.T) {
	lib, err := Builtin()
	require.NoError(t, err)

	install, ok := lib.Guide("vneid-install-level1")
	require.True(t, ok)
	assert.Contains(t, allText(install), "APK", "never install from an APK file")
	assert.Contains(t, allText(install), "QR", "a phone without NFC reads the QR code")

	activate, ok := lib.Guide("vneid-activate")
	require.True(t, ok)
	otp := findStep(t, activate, "enter-otp")
	assert.Contains(t, otp.Text.EN, "Never tell this code to anyone who calls")
	assert.Contains(t, allText(activate), "8 to 20 characters")

	birth, ok := lib.Guide("portal-birth-registration")
	require.True(t, ok)
	assert.Contains(t, allText(birth), "dichvucong.gov.vn")
	var notes []string
	for _, s := range birth.Sources {
		notes = append(notes, s.Note)
	}
	assert.Contains(t, strings.Join(notes, " "), "UNCONFIRMED")
}

func TestBuiltinPicturesAreDrawableSVG(t *testing.T) {
	lib, err := Builtin()
	require.NoError(t, err)

	pictured := 0
	used := map[string]bool{}
	for _, g := range lib.Guides() {
		for _, s := range g.Steps {
			if s.Picture == "" {
				continue
			}
			pictured++
			used[s.Picture] = true
			t.Run(s.Picture, func(t *testing.T) {
				data, err := fs.ReadFile(content, path.Join("content", picturesDir, s.Picture))
				require.NoError(t, err, "step %s of %s shows a picture that exists", s.ID, g.ID)
				shown, err := lib.Picture(s.Picture)
				require.NoError(t, err)
				assert.Equal(t, data, shown)
				assertDrawableSVG(t, data)
			})
		}
	}
	assert.GreaterOrEqual(t, pictured, 4, "key steps have pictures")

	files, err := fs.ReadDir(content, path.Join("content", picturesDir))
	require.NoError(t, err)
	for _, f := range files {
		assert.True(t, used[f.Name()], "%s is shown by some step", f.Name())
	}
}

// assertDrawableSVG checks that data parses as XML, is an SVG with a 400x300
// view box and draws no text, which Fyne's renderer would skip.
func assertDrawableSVG(t *testing.T, data []byte) {
	t.Helper()
	var root struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
	}
	require.NoError(t, xml.Unmarshal(data, &root))
	assert.Equal(t, "svg", root.XMLName.Local)
	assert.Equal(t, "0 0 400 300", root.ViewBox)

	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if el, ok := tok.(xml.StartElement); ok {
			assert.NotEqual(t, "text", el.Name.Local, "Fyne does not draw <text>")
		}
	}
}

// allText joins every Vietnamese and English text of g.
func allText(g Guide) string {
	var b strings.Builder
	for _, s := range g.Steps {
		for _, t := range []Text{s.Title, s.Text} {
			b.WriteString(t.VI + "\n" + t.EN + "\n")
		}
		for _, br := range s.IfWrong {
			b.WriteString(br.Problem.VI + "\n" + br.Problem.EN + "\n")
			b.WriteString(br.Fix.VI + "\n" + br.Fix.EN + "\n")
		}
	}
	return b.String()
}

// findStep returns the step of g with the given id.
func findStep(t *testing.T, g Guide, id string) Step {
	t.Helper()
	for _, s := range g.Steps {
		if s.ID == id {
			return s
		}
	}
	require.Failf(t, "no such step", "%s has no step %q", g.ID, id)
	return Step{}
}
