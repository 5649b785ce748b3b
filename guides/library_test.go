package guides

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goodSVG is a small picture the loader accepts.
const goodSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">` +
	`<rect x="10" y="10" width="100" height="50" rx="8" fill="#FFFFFF" stroke="#000"/></svg>`

// guideFile returns a valid guide with the given id and category, whose first
// step shows picture if it is not empty.
func guideFile(t *testing.T, id, category, picture string) *fstest.MapFile {
	t.Helper()
	data := sample(t, func(g map[string]any) {
		g["id"] = id
		g["category"] = category
		if picture != "" {
			stepOf(g, 0)["picture"] = picture
		}
	})
	return &fstest.MapFile{Data: data}
}

func TestLoadSortsAndLooksUp(t *testing.T) {
	fsys := fstest.MapFS{
		"pay-fee.json":       guideFile(t, "pay-fee", CategoryPayment, ""),
		"vneid-b.json":       guideFile(t, "vneid-b", CategoryVNeID, "phone.svg"),
		"vneid-a.json":       guideFile(t, "vneid-a", CategoryVNeID, ""),
		"scams.json":         guideFile(t, "scams", CategorySafety, ""),
		"README.md":          {Data: []byte("# not a guide")},
		"pictures/phone.svg": {Data: []byte(goodSVG)},
	}
	lib, err := Load(fsys)
	require.NoError(t, err)

	var ids []string
	for _, g := range lib.Guides() {
		ids = append(ids, g.ID)
	}
	assert.Equal(t, []string{"vneid-a", "vneid-b", "pay-fee", "scams"}, ids)
	assert.Equal(t, []string{"vneid", "payment", "safety"}, lib.Categories())

	inVNeID := lib.InCategory(CategoryVNeID)
	require.Len(t, inVNeID, 2)
	assert.Equal(t, "vneid-a", inVNeID[0].ID)
	assert.Empty(t, lib.InCategory(CategoryPortal))

	g, ok := lib.Guide("vneid-b")
	require.True(t, ok)
	assert.Equal(t, "phone.svg", g.Steps[0].Picture)
	_, ok = lib.Guide("missing")
	assert.False(t, ok)

	pic, err := lib.Picture("phone.svg")
	require.NoError(t, err)
	assert.Equal(t, goodSVG, string(pic))
	_, err = lib.Picture("nope.svg")
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestLibraryCannotBeChangedThroughResults(t *testing.T) {
	lib, err := Load(fstest.MapFS{"one.json": guideFile(t, "one", CategorySafety, "")})
	require.NoError(t, err)

	g, _ := lib.Guide("one")
	g.Steps[0].Text.VI = "đã sửa"
	g.Audience[0] = "trainer"
	all := lib.Guides()
	all[0].Steps[1].IfWrong[0].Fix.EN = "changed"

	again, _ := lib.Guide("one")
	assert.Equal(t, "Bác bấm nút xanh.", again.Steps[0].Text.VI)
	assert.Equal(t, []string{"citizen"}, again.Audience)
	assert.Equal(t, "Wait a minute.", again.Steps[1].IfWrong[0].Fix.EN)
}

func TestLoadReportsEveryProblem(t *testing.T) {
	renamed := sample(t)

	cases := []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{
			name: "no guides",
			fsys: fstest.MapFS{"pictures/phone.svg": {Data: []byte(goodSVG)}},
			want: []string{"no guide files (*.json) found"},
		},
		{
			name: "picture not in the folder",
			fsys: fstest.MapFS{"sample.json": guideFile(t, "sample", CategorySafety, "nope.svg")},
			want: []string{`sample.json: step 1 "one": picture: "nope.svg" is not in pictures/`},
		},
		{
			name: "same id in two files",
			fsys: fstest.MapFS{
				"a.json":      {Data: renamed},
				"sample.json": {Data: renamed},
			},
			want: []string{
				`a.json: id: "sample" does not match the file name; name the file sample.json`,
				`sample.json: id: "sample" is also the id of the guide in a.json`,
			},
		},
		{
			name: "problems in several files are all listed",
			fsys: fstest.MapFS{
				"b.json": guideFile(t, "b", "misc", ""),
				"c.json": {Data: []byte(`{"id": "c",}`)},
				"d.json": guideFile(t, "d", CategorySafety, "photo.svg"),
			},
			want: []string{
				`b.json: category: "misc" is not a category; ` +
					`use one of vneid, portal, procedure, payment, safety`,
				`c.json: invalid JSON at line 1, column 12: ` +
					`invalid character '}' looking for beginning of object key string`,
				`d.json: step 1 "one": picture: "photo.svg" is not in pictures/`,
			},
		},
		{
			name: "pictures the app cannot draw",
			fsys: fstest.MapFS{
				"sample.json": guideFile(t, "sample", CategorySafety, ""),
				"pictures/label.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" ` +
					`viewBox="0 0 10 10"><g><text x="1" y="5">OTP</text></g></svg>`)},
				"pictures/broken.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" ` +
					`viewBox="0 0 10 10"><rect></svg>`)},
				"pictures/no-box.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg">` +
					`</svg>`)},
				"pictures/html.svg": {Data: []byte(`<html></html>`)},
				"pictures/run.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" ` +
					`viewBox="0 0 10 10"><script>alert(1)</script></svg>`)},
				"pictures/fake.png":  {Data: []byte(goodSVG)},
				"pictures/Photo.SVG": {Data: []byte(goodSVG)},
				"pictures/.DS_Store": {Data: []byte{0}},
			},
			want: []string{
				`pictures/Photo.SVG: not a picture name: use lower-case letters, digits, ` +
					`dashes and .svg or .png`,
				`pictures/broken.svg: not well-formed XML: XML syntax error on line 1: ` +
					`element <rect> closed by </svg>`,
				`pictures/fake.png: not a PNG file`,
				`pictures/html.svg: the outermost element must be ` +
					`<svg xmlns="http://www.w3.org/2000/svg">`,
				`pictures/label.svg: has a <text> element: the app does not draw text; ` +
					`draw with shapes only`,
				`pictures/no-box.svg: the <svg> element needs a viewBox so the picture scales`,
				`pictures/run.svg: has a <script> element: pictures may not contain scripts`,
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lib, err := Load(c.fsys)
			require.Error(t, err)
			assert.Nil(t, lib)
			var le *LoadError
			require.True(t, errors.As(err, &le), "error is a *LoadError: %v", err)
			assert.Equal(t, c.want, strings.Split(err.Error(), "\n"))
		})
	}
}
