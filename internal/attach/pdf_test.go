package attach

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageSizes reads each page's size in points from pdfinfo, in order.
func pageSizes(t testing.TB, path string) [][2]float64 {
	t.Helper()
	out := string(tool(t, "pdfinfo", "-f", "1", "-l", "1000", path))
	re := regexp.MustCompile(`Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts`)
	var sizes [][2]float64
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		w, err := strconv.ParseFloat(m[1], 64)
		require.NoError(t, err)
		h, err := strconv.ParseFloat(m[2], 64)
		require.NoError(t, err)
		sizes = append(sizes, [2]float64{w, h})
	}
	return sizes
}

// pdfPages reads the page count pdfinfo gives.
func pdfPages(t testing.TB, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(tool(t, "pdfinfo", path))
	require.NotNil(t, m, "pdfinfo gave no page count")
	n, err := strconv.Atoi(string(m[1]))
	require.NoError(t, err)
	return n
}

// renderAll renders every page of the PDF at path at dpi, as poppler shows
// it.
func renderAll(t testing.TB, path string, dpi int) []image.Image {
	t.Helper()
	dir := t.TempDir()
	tool(t, "pdftoppm", "-r", strconv.Itoa(dpi), "-png", path, filepath.Join(dir, "p"))
	files, err := filepath.Glob(filepath.Join(dir, "p-*.png"))
	require.NoError(t, err)
	pages := make([]image.Image, len(files))
	for _, f := range files {
		m := regexp.MustCompile(`p-0*(\d+)\.png$`).FindStringSubmatch(f)
		n, _ := strconv.Atoi(m[1])
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		img, err := png.Decode(bytes.NewReader(b))
		require.NoError(t, err)
		pages[n-1] = img
	}
	return pages
}

// photoArea returns the part of a rendered page that is not white paper:
// where the photo was put.
func photoArea(page image.Image) image.Image {
	b := page.Bounds()
	area := image.Rectangle{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if luma(page, x, y) < 250 {
				area = area.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return page.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(area)
}

func TestJoinPDFOfThreePhotos(t *testing.T) {
	needPoppler(t)
	landscape := encJPEG(t, docPhoto(1600, 1200, 3, 6, 1), 85)
	upright := docPhoto(900, 1200, 3, 6, 2)
	sideways := withOrientation(encJPEG(t, storedAs(upright, 6), 85), 6, "II")
	screenshot := encPNG(t, docPhoto(720, 1280, 2, 0, 3))

	pdf, err := JoinPDF([][]byte{landscape, sideways, screenshot}, A4)
	require.NoError(t, err)
	kind, err := Check("ho-so.pdf", pdf)
	require.NoError(t, err)
	assert.Equal(t, PDF, kind)
	assert.Equal(t, 3, PageCount(pdf))

	path := writeTemp(t, "ho-so.pdf", pdf)
	assert.Equal(t, 3, pdfPages(t, path))
	sizes := pageSizes(t, path)
	require.Len(t, sizes, 3)
	a4 := [2]float64{595.28, 841.89}
	assert.Equal(t, [2]float64{a4[1], a4[0]}, sizes[0], "a landscape photo on a landscape page")
	assert.Equal(t, a4, sizes[1], "a photo held upright on an upright page")
	assert.Equal(t, a4, sizes[2])

	pages := renderAll(t, path, 40)
	require.Len(t, pages, 3)
	for i, page := range pages {
		t.Run(fmt.Sprintf("page %d", i+1), func(t *testing.T) {
			photo := photoArea(page)
			pb, b := page.Bounds(), photo.Bounds()
			// As large as fits: one side fills the page inside its margins.
			fillX := float64(b.Dx()) / float64(pb.Dx())
			fillY := float64(b.Dy()) / float64(pb.Dy())
			assert.True(t, fillX > 0.88 || fillY > 0.9, "photo fills %.2f × %.2f", fillX, fillY)
			assert.Less(t, fillX, 0.96, "a margin is kept")
			assertMarks(t, photo)
		})
	}

	assert.True(t, bytes.Contains(pdf, landscape[2:]), "the JPEG goes in as it is")
}

// TestJoinPDFTurnsEveryOrientationUpright puts a page photographed in each
// of the eight EXIF orientations into one PDF and reads each page back.
func TestJoinPDFTurnsEveryOrientationUpright(t *testing.T) {
	needPoppler(t)
	upright := docPhoto(300, 400, 2, 0, 4)
	var photos [][]byte
	for o := 1; o <= 8; o++ {
		photos = append(photos, withOrientation(encJPEG(t, storedAs(upright, o), 90), o, "MM"))
	}
	pdf, err := JoinPDF(photos, A4)
	require.NoError(t, err)

	pages := renderAll(t, writeTemp(t, "o.pdf", pdf), 30)
	require.Len(t, pages, 8)
	for i, page := range pages {
		t.Run("orientation "+strconv.Itoa(i+1), func(t *testing.T) {
			photo := photoArea(page)
			size := photo.Bounds().Size()
			assert.InDelta(t, 0.75, float64(size.X)/float64(size.Y), 0.03, "%v", size)
			assertMarks(t, photo)
		})
	}
}

// TestJoinPDFShowsEveryKindOfJPEGInItsColours uses the JPEGs of the Go
// source tree stored in RGB, CMYK and progressive YCbCr, each with the PNG
// Go keeps of the same picture as the truth.
func TestJoinPDFShowsEveryKindOfJPEGInItsColours(t *testing.T) {
	needPoppler(t)
	dir := filepath.Join(runtime.GOROOT(), "src", "image", "testdata")
	for _, c := range []struct{ jpeg, png string }{
		{"video-001.rgb.jpeg", "video-001.rgb.png"},
		{"video-001.cmyk.jpeg", "video-001.cmyk.png"},
		{"video-001.progressive.jpeg", "video-001.png"},
	} {
		t.Run(c.jpeg, func(t *testing.T) {
			photo, err := os.ReadFile(filepath.Join(dir, c.jpeg))
			if err != nil {
				t.Skipf("not in the Go source tree: %v", err)
			}
			refData, err := os.ReadFile(filepath.Join(dir, c.png))
			require.NoError(t, err)
			ref, err := png.Decode(bytes.NewReader(refData))
			require.NoError(t, err)

			pdf, err := JoinPDF([][]byte{photo}, A4)
			require.NoError(t, err)
			page := renderAll(t, writeTemp(t, "p.pdf", pdf), 30)[0]
			got, want := meanColour(photoArea(page)), meanColour(ref)
			for c := range 3 {
				assert.InDelta(t, want[c], got[c], 20, "channel %d: %v, want %v", c, got, want)
			}
		})
	}
}

// meanColour is the mean red, green and blue of img.
func meanColour(img image.Image) [3]float64 {
	var sum [3]float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			sum[0] += float64(c.R)
			sum[1] += float64(c.G)
			sum[2] += float64(c.B)
		}
	}
	n := float64(b.Dx() * b.Dy())
	return [3]float64{sum[0] / n, sum[1] / n, sum[2] / n}
}

func TestJoinPDFRefuses(t *testing.T) {
	jpg := encJPEG(t, docPhoto(120, 90, 2, 0, 1), 90)
	t.Run("no photos", func(t *testing.T) {
		_, err := JoinPDF(nil, A4)
		require.ErrorIs(t, err, ErrNoPhotos)
		assertReadable(t, err)
	})
	t.Run("a pdf among the photos", func(t *testing.T) {
		_, err := JoinPDF([][]byte{jpg, textPDF(t, 1)}, A4)
		require.ErrorIs(t, err, ErrNotImage)
		assert.Contains(t, err.Error(), "photo 2")
		assertReadable(t, err)
	})
	t.Run("a heic photo", func(t *testing.T) {
		_, err := JoinPDF([][]byte{heicHead}, A4)
		require.ErrorIs(t, err, ErrHEIC)
	})
	t.Run("a pdf over the limit", func(t *testing.T) {
		noise := image.NewGray(image.Rect(0, 0, 2500, 2000))
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range noise.Pix {
			noise.Pix[i] = uint8(rng.Uint32())
		}
		big := encJPEG(t, noise, 100)
		n := MaxBytes/len(big) + 1
		photos := make([][]byte, n)
		for i := range photos {
			// Different bytes after the end of each, as the PDF keeps the
			// same photo only once.
			photos[i] = append(slices.Clip(big), byte(i))
		}
		_, err := JoinPDF(photos, A4)
		require.ErrorIs(t, err, ErrTooLarge)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "attach.join.toolarge", e.Key)
		assert.Equal(t, "30 MB", e.Data["Limit"])
		assertReadable(t, err)
	})
	t.Run("an unknown paper", func(t *testing.T) {
		_, err := JoinPDF([][]byte{jpg}, Paper(7))
		require.Error(t, err)
	})
}

// BenchmarkJoinPDF5Photos joins five 12-megapixel phone photos, as taken,
// into one A4 PDF.
func BenchmarkJoinPDF5Photos(b *testing.B) {
	photo := encJPEG(b, docPhoto(4000, 3000, 5, 12, 1), 92)
	photos := make([][]byte, 5)
	for i := range photos {
		photos[i] = append(slices.Clip(photo), byte(i)) // five different files
	}
	b.ReportAllocs()
	b.SetBytes(int64(5 * len(photo)))
	for b.Loop() {
		if _, err := JoinPDF(photos, A4); err != nil {
			b.Fatal(err)
		}
	}
}
