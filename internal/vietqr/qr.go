package vietqr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/skip2/go-qrcode"
)

// DefaultQRSide is the smallest side, in pixels, to draw a payment QR code
// at so that a phone held at arm's length reads it.
//
// A phone camera reads a QR code from about ten times its width. A VietQR
// payload is 80 to 200 bytes, a symbol of 33 to 45 modules at level M, 41
// to 53 with the quiet zone, so 360 px gives 7 to 9 px per module. Shown
// one image pixel per screen pixel, 360 px is 9.5 cm on a 96-dpi screen
// (read from about 95 cm) and 6.5 cm on a 141-dpi laptop screen (about
// 65 cm).
// Show it at a fixed size in Fyne units (which follow the screen's
// scale), never shrunk to fit, and with pixel scaling so edges stay sharp.
const DefaultQRSide = 360

// QRImage draws payload as a QR code at error-correction level M (15% of
// the symbol may be lost), with the 4-module white quiet zone around it.
// Every module is a square of the same whole number of pixels, and the
// side is at least minSide pixels.
func QRImage(payload string, minSide int) (image.Image, error) {
	q, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	bits := q.Bitmap() // includes the quiet zone
	modules := len(bits)
	px := max(1, (minSide+modules-1)/modules)
	side := modules * px

	img := image.NewPaletted(image.Rect(0, 0, side, side),
		color.Palette{color.White, color.Black})
	for y, row := range bits {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range px {
				start := img.PixOffset(x*px, y*px+dy)
				for dx := range px {
					img.Pix[start+dx] = 1
				}
			}
		}
	}
	return img, nil
}

// QRPNG returns payload as a PNG of QRImage(payload, minSide).
func QRPNG(payload string, minSide int) ([]byte, error) {
	img, err := QRImage(payload, minSide)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("qr code png: %w", err)
	}
	return b.Bytes(), nil
}
