package attach

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/image/draw"
)

// TestScaleKeepsAFlatColourFlat: a page of one colour stays exactly that
// colour at any size, with nothing darker at the edges.
func TestScaleKeepsAFlatColourFlat(t *testing.T) {
	flat := image.NewRGBA(image.Rect(0, 0, 997, 613))
	draw.Draw(flat, flat.Bounds(), image.NewUniform(color.RGBA{200, 180, 90, 255}),
		image.Point{}, draw.Src)
	for _, long := range []int{996, 500, 333, 7, 1} {
		got := scale(flat, long).(*image.RGBA)
		off := 0
		for i := 0; i < len(got.Pix); i += 4 {
			if !bytes.Equal(got.Pix[i:i+4], []byte{200, 180, 90, 255}) {
				off++
			}
		}
		assert.Zero(t, off, "pixels off colour at long side %d", long)
	}
}

// TestScaleReadsEveryColourSubsampling scales JPEGs of the Go source tree
// written with each chroma subsampling, plane by plane, and compares the
// result with scaling the same photo turned into RGBA first.
func TestScaleReadsEveryColourSubsampling(t *testing.T) {
	dir := filepath.Join(runtime.GOROOT(), "src", "image", "testdata")
	for _, ratio := range []string{"410", "411", "420", "422", "440", "444"} {
		t.Run(ratio, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "video-001.q50."+ratio+".jpeg"))
			if err != nil {
				t.Skipf("not in the Go source tree: %v", err)
			}
			src, err := jpeg.Decode(bytes.NewReader(data))
			require.NoError(t, err)
			require.IsType(t, &image.YCbCr{}, src)
			rgba := image.NewRGBA(src.Bounds())
			draw.Draw(rgba, rgba.Bounds(), src, image.Point{}, draw.Src)

			for _, long := range []int{100, 37} {
				got, want := scale(src, long), scale(rgba, long)
				require.Equal(t, want.Bounds(), got.Bounds())
				var diff, n float64
				b := got.Bounds()
				for y := 0; y < b.Dy(); y++ {
					for x := 0; x < b.Dx(); x++ {
						g := color.RGBAModel.Convert(got.At(x, y)).(color.RGBA)
						w := color.RGBAModel.Convert(want.At(x, y)).(color.RGBA)
						diff += absDiff(g.R, w.R) + absDiff(g.G, w.G) + absDiff(g.B, w.B)
						n += 3
					}
				}
				assert.Less(t, diff/n, 4.0, "mean difference per channel at %d", long)
			}
		})
	}
}

// absDiff is |a-b|.
func absDiff(a, b uint8) float64 {
	if a > b {
		return float64(a - b)
	}
	return float64(b - a)
}
