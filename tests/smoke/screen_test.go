package smoke

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/internal/textfold"
	"tiepsuc/internal/vntext"
	"tiepsuc/tests/smoke/xvfb"
)

// screen is what a test looks for on one screen of the app: phrases as a
// person reads them, marks included, and how many must be read.
type screen struct {
	name    string   // names the screenshot: <name>.png
	phrases []string // as on the screen, with their Vietnamese marks
	need    int      // how many of phrases OCR must read
	marks   bool     // whether each must be read with its marks intact
}

// readScreen captures window id until OCR reads s.need of its phrases, or
// eight tries have passed (the window may still be drawing, or changing
// screens after a key), saves the last picture, and returns the phrases
// read and the OCR text. The picture is copied to $TIEPSUC_SMOKE_OUT as
// <name>.png when that is set.
func readScreen(ctx context.Context, t *testing.T, srv *xvfb.Server, id string,
	s screen) ([]string, string) {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, s.name+".png")
	var read []string
	var text string
	for try := range 8 {
		if try > 0 {
			time.Sleep(time.Second)
		}
		img, err := srv.Capture(ctx, id)
		require.NoError(t, err)
		require.Greater(t, colours(img), 8, "the window shows a blank picture")
		require.NoError(t, savePNG(shot, img))

		text, err = ocr(ctx, img, dir)
		require.NoError(t, err)
		if read = s.found(text); len(read) >= s.need {
			break
		}
	}
	t.Logf("%s screen: read %q; picture %s", s.name, read, shot)
	if out := os.Getenv(outEnv); out != "" {
		require.NoError(t, os.MkdirAll(out, 0o755))
		b, err := os.ReadFile(shot)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(out, s.name+".png"), b, 0o644))
	}
	return read, text
}

// found returns the phrases of s that text holds: with their marks when
// s.marks is set, otherwise once both are folded, so that an OCR slip on a
// mark does not count against the screen.
func (s screen) found(text string) []string {
	norm := textfold.Fold
	if s.marks {
		norm = keepMarks
	}
	in := norm(text)
	var out []string
	for _, p := range s.phrases {
		if strings.Contains(in, norm(p)) {
			out = append(out, p)
		}
	}
	return out
}

// keepMarks returns s in NFC, lower case, with runs of white space as one
// space: it tells "Thiết lập" from "Thiet lap", which Fold does not.
func keepMarks(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(vntext.NFC(s))), " ")
}

// colours counts the distinct colours of img, up to 1,000.
func colours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r, g, bl}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// savePNG writes img to path as PNG.
func savePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("save png: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("save png: %w", err)
	}
	return f.Close()
}
