package attach

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Thumbnail returns a small picture of the file data of the given kind,
// fitting in side × side pixels. For a JPEG or PNG it is the photo itself,
// scaled down (never up) and shown upright. For a PDF, which the desk does
// not render, it is a drawn page icon marked "PDF" with the number of
// pages in large figures (none when PageCount cannot tell); the icon has
// the shape of an A4 page, side pixels high, on a transparent ground.
//
// data is checked as Check does, so a file Check refuses is refused here
// too, and a kind other than the data's is an error.
func Thumbnail(data []byte, kind Kind, side int) (image.Image, error) {
	if side < 1 {
		return nil, fmt.Errorf("thumbnail: size %d", side)
	}
	got, err := Check("", data)
	if err != nil {
		return nil, err
	}
	if got != kind {
		return nil, fmt.Errorf("thumbnail: the file is %s, not %s", got, kind)
	}
	if kind == PDF {
		return pdfIcon(PageCount(data), side), nil
	}
	img, err := decode(kind, data)
	if err != nil {
		return nil, err
	}
	orient := 1
	if kind == JPEG {
		orient = Orientation(data)
	}
	return reorient(scale(img, side), orient), nil
}

// Colours of the PDF icon.
var (
	iconPaper  = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	iconEdge   = color.RGBA{0x8A, 0x8A, 0x8A, 0xFF}
	iconFold   = color.RGBA{0xDD, 0xDD, 0xDD, 0xFF}
	iconBand   = color.RGBA{0xC6, 0x28, 0x28, 0xFF}
	iconFigure = color.RGBA{0x33, 0x33, 0x33, 0xFF}
)

// pdfIcon draws a page of h pixels high, A4-shaped, with a folded corner, a
// red "PDF" band and the page count above it when pages > 0.
func pdfIcon(pages, h int) image.Image {
	w := max(1, int(math.Round(float64(h)/math.Sqrt2)))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	edge := max(1, h/64)
	fold := w / 4
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// Distance below the fold's diagonal, from (w-fold, 0) to (w, fold).
			below := y - (x - (w - fold))
			switch {
			case below < 0:
				continue // the corner folded away stays transparent
			case below < edge, x < edge, y < edge, x >= w-edge, y >= h-edge:
				img.SetRGBA(x, y, iconEdge)
			case x >= w-fold && y < fold:
				img.SetRGBA(x, y, iconFold)
			default:
				img.SetRGBA(x, y, iconPaper)
			}
		}
	}

	band := image.Rect(edge, h*62/100, w-edge, h*80/100)
	draw.Draw(img, band, image.NewUniform(iconBand), image.Point{}, draw.Src)
	drawText(img, "PDF", iconPaper, band.Inset(max(1, band.Dy()/12)))
	if pages > 0 {
		label := strconv.Itoa(pages)
		if pages > 999 {
			label = "999+"
		}
		drawText(img, label, iconFigure, image.Rect(w/6, h*22/100, w-w/6, h*56/100))
	}
	return img
}

// drawText writes s in colour c, centred in box, in the X11 7×13 font
// enlarged by the largest whole factor that fits (at least 1).
func drawText(dst *image.RGBA, s string, c color.Color, box image.Rectangle) {
	face := basicfont.Face7x13
	d := font.Drawer{Face: face}
	tw := d.MeasureString(s).Ceil()
	th := face.Height
	mask := image.NewAlpha(image.Rect(0, 0, tw, th))
	d.Dst, d.Src, d.Dot = mask, image.Opaque, fixed.P(0, face.Ascent)
	d.DrawString(s)

	k := max(1, min(box.Dx()/tw, box.Dy()/th))
	big := image.NewAlpha(image.Rect(0, 0, tw*k, th*k))
	draw.NearestNeighbor.Scale(big, big.Bounds(), mask, mask.Bounds(), draw.Src, nil)
	at := image.Pt(box.Min.X+(box.Dx()-tw*k)/2, box.Min.Y+(box.Dy()-th*k)/2)
	draw.DrawMask(dst, big.Bounds().Add(at), image.NewUniform(c), image.Point{}, big,
		image.Point{}, draw.Over)
}
