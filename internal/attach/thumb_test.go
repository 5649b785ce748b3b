package attach

import (
	"image"
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestThumbnailOfAPhoto(t *testing.T) {
	upright := docPhoto(2000, 1500, 4, 6, 1)
	cases := []struct {
		name string
		data []byte
		kind Kind
		want image.Point
	}{
		{"landscape photo", encJPEG(t, upright, 85), JPEG, image.Pt(256, 192)},
		{"photo held upright, stored sideways",
			withOrientation(encJPEG(t, storedAs(docPhoto(1500, 2000, 4, 6, 2), 6), 85), 6, "MM"),
			JPEG, image.Pt(192, 256)},
		{"screenshot", encPNG(t, docPhoto(720, 1280, 2, 0, 3)), PNG, image.Pt(144, 256)},
		{"small picture is not enlarged", encJPEG(t, docPhoto(200, 150, 2, 0, 4), 85), JPEG,
			image.Pt(200, 150)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img, err := Thumbnail(c.data, c.kind, 256)
			require.NoError(t, err)
			assert.Equal(t, c.want, img.Bounds().Size())
			assertMarks(t, img)
		})
	}
}

// figureInk counts the dark pixels where the PDF icon writes its page count.
func figureInk(img image.Image) int {
	b := img.Bounds()
	n := 0
	for y := b.Dy() * 22 / 100; y < b.Dy()*56/100; y++ {
		for x := 0; x < b.Dx(); x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a > 0 && luma(img, x, y) < 100 {
				n++
			}
		}
	}
	return n
}

func TestThumbnailOfAPDF(t *testing.T) {
	one, err := Thumbnail(textPDF(t, 1), PDF, 200)
	require.NoError(t, err)
	three, err := Thumbnail(textPDF(t, 3), PDF, 200)
	require.NoError(t, err)
	unknown, err := Thumbnail([]byte("%PDF-1.4\n%%EOF\n"), PDF, 200)
	require.NoError(t, err)

	assert.Equal(t, image.Pt(141, 200), three.Bounds().Size(), "an A4 page, 200 pixels high")
	assert.Equal(t, color.RGBA{}, color.RGBAModel.Convert(three.At(140, 0)),
		"the folded corner shows what is behind")
	r, g, b, _ := three.At(70, 140).RGBA()
	assert.Greater(t, r>>8, (g>>8)+100, "a red band marks a PDF: %d %d %d", r>>8, g>>8, b>>8)

	assert.Positive(t, figureInk(one), "the page count is written")
	assert.Positive(t, figureInk(three))
	assert.NotEqual(t, one, three, "1 and 3 pages look different")
	assert.Zero(t, figureInk(unknown), "no number when the count is not known")
}

func TestThumbnailRefuses(t *testing.T) {
	jpg := encJPEG(t, docPhoto(120, 90, 2, 0, 1), 90)
	_, err := Thumbnail(heicHead, JPEG, 100)
	assert.ErrorIs(t, err, ErrHEIC)
	_, err = Thumbnail(jpg, PNG, 100)
	assert.Error(t, err, "the kind must be the file's")
	_, err = Thumbnail(jpg, JPEG, 0)
	assert.Error(t, err)
}

// BenchmarkThumbnail12MP draws the 256-pixel thumbnail of a 12-megapixel
// phone photo, as the attachment list does for each new photo.
func BenchmarkThumbnail12MP(b *testing.B) {
	in := encJPEG(b, docPhoto(4000, 3000, 5, 12, 1), 92)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Thumbnail(in, JPEG, 256); err != nil {
			b.Fatal(err)
		}
	}
}
