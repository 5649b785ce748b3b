package windows

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"tiepsuc/internal/textfold"
	"tiepsuc/internal/vntext"
)

// readText returns what tesseract reads, in Vietnamese and English, in a
// picture of img made for it and saved in dir: each pixel's darkest
// channel, inverted, at twice the size. That one picture gives both dark
// text on white and white text on the coloured button enough contrast.
func readText(ctx context.Context, img *image.RGBA, dir string) (string, error) {
	b := img.Bounds()
	grey := image.NewGray(image.Rect(0, 0, 2*b.Dx(), 2*b.Dy()))
	for y := range 2 * b.Dy() {
		for x := range 2 * b.Dx() {
			c := img.RGBAAt(b.Min.X+x/2, b.Min.Y+y/2)
			grey.SetGray(x, y, color.Gray{Y: 255 - min(c.R, c.G, c.B)})
		}
	}
	path := filepath.Join(dir, "ocr.png")
	if err := savePNG(path, grey); err != nil {
		return "", err
	}
	out, err := exec.CommandContext(ctx, "tesseract", path, "-", "-l", "vie+eng",
		"--psm", "11").Output()
	if err != nil {
		return "", fmt.Errorf("tesseract %s: %w", path, err)
	}
	return string(out), nil
}

// found returns the phrases of want that text holds: with their marks when
// marks is set, otherwise once both are folded, so that a mark OCR misread
// does not count against the screen.
func found(text string, want []string, marks bool) []string {
	norm := textfold.Fold
	if marks {
		norm = keepMarks
	}
	in := norm(text)
	var out []string
	for _, w := range want {
		if strings.Contains(in, norm(w)) {
			out = append(out, w)
		}
	}
	return out
}

// keepMarks returns s in NFC, lower case, with runs of white space as one
// space: it tells "Thiết lập" from "Thiet lap", which Fold does not.
func keepMarks(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(vntext.NFC(s))), " ")
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
