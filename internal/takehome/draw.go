package takehome

import (
	"fmt"

	"codeberg.org/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"
)

// Drawing is done with lines and shapes rather than with symbols such as
// ☑ or ▶, which the card's font does not have.

// fill sets the PDF's fill colour.
func fill(pdf *fpdf.Fpdf, c [3]int) {
	pdf.SetFillColor(c[0], c[1], c[2])
}

// stroke sets the PDF's line colour and width in mm.
func stroke(pdf *fpdf.Fpdf, c [3]int, width float64) {
	pdf.SetDrawColor(c[0], c[1], c[2])
	pdf.SetLineWidth(width)
}

// doneBox draws a ticked box of side b mm at (x, y): a step done at the
// desk.
func doneBox(pdf *fpdf.Fpdf, x, y, b float64) {
	fill(pdf, accent)
	stroke(pdf, accent, b*0.08)
	pdf.RoundedRect(x, y, b, b, b*0.15, "1234", "FD")
	tick(pdf, x, y, b, white)
}

// tick draws a tick mark inside the box of side b mm at (x, y).
func tick(pdf *fpdf.Fpdf, x, y, b float64, c [3]int) {
	stroke(pdf, c, b*0.16)
	pdf.SetLineCapStyle("round")
	pdf.SetLineJoinStyle("round")
	pdf.MoveTo(x+b*0.22, y+b*0.52)
	pdf.LineTo(x+b*0.42, y+b*0.74)
	pdf.LineTo(x+b*0.80, y+b*0.26)
	pdf.DrawPath("D")
	pdf.SetLineCapStyle("butt")
	pdf.SetLineJoinStyle("miter")
}

// emptyBox draws an empty box of side b mm at (x, y): a step to do. The
// step the citizen reached gets a thicker blue edge.
func emptyBox(pdf *fpdf.Fpdf, x, y, b float64, current bool) {
	fill(pdf, white)
	if current {
		stroke(pdf, accent, b*0.14)
	} else {
		stroke(pdf, ink, b*0.07)
	}
	pdf.RoundedRect(x, y, b, b, b*0.15, "1234", "FD")
}

// pointer draws a solid triangle pointing right, h mm tall, with its left
// edge at x and its middle at y.
func pointer(pdf *fpdf.Fpdf, x, y, h float64) {
	fill(pdf, accent)
	pdf.Polygon([]fpdf.PointType{
		{X: x, Y: y - h/2}, {X: x + h*0.8, Y: y}, {X: x, Y: y + h/2},
	}, "F")
}

// rule draws a thin grey line across from x1 to x2 at y.
func rule(pdf *fpdf.Fpdf, x1, x2, y float64) {
	stroke(pdf, grey, 0.25)
	pdf.Line(x1, y, x2, y)
}

// qrModules returns the dark and light modules of text as a QR code at
// error-correction level M, with its four-module quiet zone.
func qrModules(text string) ([][]bool, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	return q.Bitmap(), nil
}

// drawQR draws the modules as a square of side mm at (x, y), each dark
// run of a row as one rectangle. Rows overlap by a hair so that no light
// seam shows between them when the page is rasterised.
func drawQR(pdf *fpdf.Fpdf, modules [][]bool, x, y, side float64) {
	fill(pdf, white)
	pdf.Rect(x, y, side, side, "F")
	fill(pdf, [3]int{0, 0, 0})
	m := side / float64(len(modules))
	for r, bits := range modules {
		for c := 0; c < len(bits); {
			if !bits[c] {
				c++
				continue
			}
			end := c
			for end < len(bits) && bits[end] {
				end++
			}
			h := m
			if r+1 < len(modules) {
				h += m * 0.02
			}
			pdf.Rect(x+float64(c)*m, y+float64(r)*m, float64(end-c)*m, h, "F")
			c = end
		}
	}
}
