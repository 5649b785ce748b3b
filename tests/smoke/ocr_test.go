package smoke

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"os/exec"
	"path/filepath"
	"strings"
)

// ocrViews are the pictures tesseract reads from one screenshot. Tesseract
// thresholds a page globally, so white text on a coloured button gets lost
// in a plain grey picture; the darkest channel, inverted, turns that button
// into dark text on a light block. Together they read both kinds of text.
var ocrViews = []struct {
	name string
	grey func(c color.RGBA) uint8
}{
	{name: "luma", grey: func(c color.RGBA) uint8 {
		return uint8((299*int(c.R) + 587*int(c.G) + 114*int(c.B)) / 1000)
	}},
	{name: "min-inverted", grey: func(c color.RGBA) uint8 {
		return 255 - min(c.R, c.G, c.B)
	}},
}

// ocr reads the text of img with tesseract, in Vietnamese and English,
// from each of ocrViews at twice the size, and returns all the text read.
// The views are written to dir.
func ocr(ctx context.Context, img *image.RGBA, dir string) (string, error) {
	var all strings.Builder
	for _, v := range ocrViews {
		path := filepath.Join(dir, "ocr-"+v.name+".png")
		if err := savePNG(path, greyTwice(img, v.grey)); err != nil {
			return "", err
		}
		out, err := exec.CommandContext(ctx, "tesseract", path, "-", "-l", "vie+eng",
			"--psm", "11").Output()
		if err != nil {
			return "", fmt.Errorf("tesseract %s: %w", path, err)
		}
		all.Write(out)
		all.WriteByte('\n')
	}
	return all.String(), nil
}

// greyTwice returns img in grey through grey, scaled up twice with each
// pixel repeated, which helps tesseract with small interface text.
func greyTwice(img *image.RGBA, grey func(color.RGBA) uint8) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, 2*b.Dx(), 2*b.Dy()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := color.Gray{Y: grey(img.RGBAAt(x, y))}
			ox, oy := 2*(x-b.Min.X), 2*(y-b.Min.Y)
			out.SetGray(ox, oy, g)
			out.SetGray(ox+1, oy, g)
			out.SetGray(ox, oy+1, g)
			out.SetGray(ox+1, oy+1, g)
		}
	}
	return out
}
