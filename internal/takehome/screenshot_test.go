package takehome

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestScreenshot writes docs/screenshots/takehome-a5.png, the two pages of
// an A5 card side by side as pdftoppm renders them, when
// TIEPSUC_SCREENSHOTS names the folder (make screenshots sets it).
func TestScreenshot(t *testing.T) {
	dir := os.Getenv("TIEPSUC_SCREENSHOTS")
	if dir == "" {
		t.Skip("set TIEPSUC_SCREENSHOTS to a folder to write the card's picture")
	}
	needPoppler(t)
	path := printCard(t, input(fixture(t, birth12), "vi", A5, 4))
	pages := []image.Image{render(t, path, 1, 110, nil), render(t, path, 2, 110, nil)}

	const gap = 24
	pw, ph := pages[0].Bounds().Dx(), pages[0].Bounds().Dy()
	out := image.NewRGBA(image.Rect(0, 0, 2*pw+3*gap, ph+2*gap))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.RGBA{0xd9, 0xdc, 0xe1, 0xff}),
		image.Point{}, draw.Src)
	for i, p := range pages {
		at := image.Pt(gap+i*(pw+gap), gap)
		draw.Draw(out, p.Bounds().Add(at), p, p.Bounds().Min, draw.Src)
	}

	require.NoError(t, os.MkdirAll(dir, 0o755))
	f, err := os.Create(filepath.Join(dir, "takehome-a5.png"))
	require.NoError(t, err)
	require.NoError(t, png.Encode(f, out))
	require.NoError(t, f.Close())
}
