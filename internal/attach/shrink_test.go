package attach

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeJPEG decodes a JPEG the test expects to be whole.
func decodeJPEG(t testing.TB, data []byte) image.Image {
	t.Helper()
	kind, err := Check("out.jpg", data)
	require.NoError(t, err)
	require.Equal(t, JPEG, kind)
	img, err := jpeg.Decode(bytes.NewReader(data))
	require.NoError(t, err)
	return img
}

// luma is the brightness of the pixel at (x, y), 0 to 255.
func luma(img image.Image, x, y int) int {
	return int(color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
}

// strokes counts the dark letter strokes along row y of img, between a
// tenth and nine tenths of its width: a stroke starts where the brightness
// falls under a third of the way from the row's darkest to its brightest,
// and ends where it rises over two thirds.
func strokes(img image.Image, y int) int {
	b := img.Bounds()
	var vals []int
	for x := b.Dx() / 10; x < b.Dx()*9/10; x++ {
		vals = append(vals, luma(img, x, y))
	}
	lo, hi := slices.Min(vals), slices.Max(vals)
	if hi-lo < 60 {
		return 0 // no contrast left: nothing a reader could make out
	}
	down, up := lo+(hi-lo)/3, lo+(hi-lo)*2/3
	n, dark := 0, false
	for _, v := range vals {
		switch {
		case !dark && v < down:
			dark = true
			n++
		case dark && v > up:
			dark = false
		}
	}
	return n
}

// textRow is a row through the middle of the third line of text that
// docPhoto draws on a page h pixels high, in a copy scaled to outH.
func textRow(h, outH int) int {
	line := max(8, h/40)
	y := (h/5/line + 1 + 2) * line // the third line after a fifth of the page
	return (y + line*3/10) * outH / h
}

func TestShrinkPhotoForThePortal(t *testing.T) {
	const w, h, stroke = 4000, 3000, 5
	page := docPhoto(w, h, stroke, 12, 1)
	in := encJPEG(t, page, 92)
	require.Greater(t, len(in), 4_000_000, "the photo must be a 4 MB one")
	wantStrokes := strokes(page, textRow(h, h))
	require.Greater(t, wantStrokes, 150)

	out, err := Shrink(in, 1<<20)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(out), 1<<20)

	img := decodeJPEG(t, out)
	b := img.Bounds()
	assert.GreaterOrEqual(t, max(b.Dx(), b.Dy()), MinLongSide)
	assert.InDelta(t, float64(w)/h, float64(b.Dx())/float64(b.Dy()), 0.01, "shape kept")
	got := strokes(img, textRow(h, b.Dy()))
	assert.InDelta(t, wantStrokes, got, float64(wantStrokes)/10,
		"each letter stroke still stands apart")
}

func TestShrinkKeepsAPhotoAlreadySmallEnough(t *testing.T) {
	in := encJPEG(t, docPhoto(1600, 1200, 3, 4, 2), 85)
	out, err := Shrink(in, len(in))
	require.NoError(t, err)
	assert.Equal(t, in, out, "not compressed again for nothing")
}

func TestShrinkTurnsThePhotoUpright(t *testing.T) {
	upright := docPhoto(1200, 1600, 3, 0, 3) // a page held upright
	stored := withOrientation(encJPEG(t, storedAs(upright, 6), 97), 6, "MM")
	require.Equal(t, 6, Orientation(stored))

	out, err := Shrink(stored, len(stored)*2/3)
	require.NoError(t, err)
	img := decodeJPEG(t, out)
	size := img.Bounds().Size()
	assert.InDelta(t, 0.75, float64(size.X)/float64(size.Y), 0.01, "upright, as held: %v", size)
	assertMarks(t, img)
	assert.Equal(t, 1, Orientation(out), "the result needs no turning")
}

// assertMarks checks that img shows docPhoto's page upright: the red mark
// at the top left and the blue one at the top right.
func assertMarks(t testing.TB, img image.Image) {
	t.Helper()
	b := img.Bounds()
	at := func(fx, fy float64) color.RGBA {
		r, g, bl, _ := img.At(b.Min.X+int(fx*float64(b.Dx())),
			b.Min.Y+int(fy*float64(b.Dy()))).RGBA()
		return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}
	}
	red, blue := at(0.1, 0.1), at(0.9, 0.1)
	assert.Greater(t, int(red.R), int(red.B)+100, "red mark at the top left, got %v", red)
	assert.Greater(t, int(blue.B), int(blue.R)+100, "blue mark at the top right, got %v", blue)
}

func TestShrinkSaysWhenTheTargetCannotBeMet(t *testing.T) {
	in := encJPEG(t, docPhoto(2000, 1500, 4, 30, 4), 95)
	out, err := Shrink(in, 30_000)
	require.ErrorIs(t, err, ErrTarget)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "30 KB", e.Data["Target"])
	assert.Equal(t, sizeText(int64(len(out))), e.Data["Size"])
	assertReadable(t, err)

	img := decodeJPEG(t, out)
	assert.Equal(t, MinLongSide, img.Bounds().Dx(), "no smaller than text allows")
	assert.Less(t, len(out), len(in))
}

func TestShrinkNeverEnlarges(t *testing.T) {
	in := encJPEG(t, docPhoto(800, 600, 2, 20, 5), 98)
	out, err := Shrink(in, len(in)/2)
	require.NoError(t, err)
	assert.Equal(t, image.Pt(800, 600), decodeJPEG(t, out).Bounds().Size())
}

func TestShrinkKeepsGreyScansGrey(t *testing.T) {
	in := encJPEG(t, grayPhoto(docPhoto(3000, 2000, 4, 10, 6)), 95)
	out, err := Shrink(in, len(in)/3)
	require.NoError(t, err)
	img := decodeJPEG(t, out)
	assert.IsType(t, &image.Gray{}, img)
}

func TestShrinkMakesAJPEGOfAScreenshot(t *testing.T) {
	in := encPNG(t, docPhoto(2400, 1600, 3, 10, 7))
	out, err := Shrink(in, PortalTarget/4)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(out), PortalTarget/4)
	decodeJPEG(t, out)
}

func TestShrinkRefuses(t *testing.T) {
	t.Run("a pdf", func(t *testing.T) {
		_, err := Shrink(textPDF(t, 2), 1000)
		require.ErrorIs(t, err, ErrNotImage)
		assertReadable(t, err)
	})
	t.Run("a heic photo", func(t *testing.T) {
		_, err := Shrink(heicHead, 1000)
		require.ErrorIs(t, err, ErrHEIC)
	})
	t.Run("a photo whose data is broken", func(t *testing.T) {
		in := encJPEG(t, docPhoto(400, 300, 2, 10, 8), 90)
		broken := slices.Clone(in)
		// Spoil the Huffman tables, which come after the frame header
		// that Check reads.
		i := bytes.Index(broken, []byte{0xFF, 0xC4})
		require.Positive(t, i)
		for j := i + 5; j < i+40; j++ {
			broken[j] = 0xFF
		}
		_, err := Check("a.jpg", broken)
		require.NoError(t, err, "the structure is whole")
		_, err = Shrink(broken, 1000)
		require.ErrorIs(t, err, ErrDamaged)
		assertReadable(t, err)
	})
	t.Run("no target", func(t *testing.T) {
		_, err := Shrink(encJPEG(t, docPhoto(40, 30, 2, 0, 1), 90), 0)
		require.Error(t, err)
	})
}

// BenchmarkShrink12MP shrinks a 12-megapixel phone photo of a page to 1 MB,
// the work the desk does when the volunteer asks for a smaller photo.
func BenchmarkShrink12MP(b *testing.B) {
	in := encJPEG(b, docPhoto(4000, 3000, 5, 12, 1), 92)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	start := time.Now()
	for b.Loop() {
		if _, err := Shrink(in, 1<<20); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/op")
}
