// Package printdoc writes a short document, already in the reader's
// language, as an A4 PDF with Fyne's own Noto Sans embedded, so that
// Vietnamese prints the same on every computer: the consent sheet a
// citizen keeps. It knows nothing of what the document says.
package printdoc

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/text/unicode/norm"
)

// Para is one paragraph: its text, bold or not, and whether a line to
// write on by hand follows it (a signature, a name).
type Para struct {
	Text string
	Bold bool
	// Blank, when true, draws a dotted line to write on after the text.
	Blank bool
}

// Doc is a document: its title, paragraphs, and the day it is printed.
type Doc struct {
	Title string
	Paras []Para
	Date  time.Time
}

// ErrEmpty is returned for a document without a title.
var ErrEmpty = errors.New("document has no title")

// family is the font family name inside the PDF.
const family = "notosans"

// Layout of the A4 page in millimetres and points.
const (
	margin   = 20.0
	width    = 210.0
	bodySize = 12.0
	lineH    = 6.5
)

// Write returns doc as an A4 PDF. The same input gives the same text.
func Write(doc Doc) ([]byte, error) {
	if doc.Title == "" {
		return nil, ErrEmpty
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.AddUTF8FontFromBytes(family, "", theme.DefaultTextFont().Content())
	pdf.AddUTF8FontFromBytes(family, "B", theme.DefaultTextBoldFont().Content())
	pdf.SetTitle(norm.NFC.String(doc.Title), true)
	pdf.SetCreator("Tiếp Sức", true)
	pdf.SetCreationDate(doc.Date)
	pdf.SetModificationDate(doc.Date)
	pdf.AddPage()
	pdf.SetFont(family, "B", bodySize*1.4)
	pdf.MultiCell(0, lineH*1.4, norm.NFC.String(doc.Title), "", "L", false)
	pdf.Ln(lineH / 2)
	for _, p := range doc.Paras {
		style := ""
		if p.Bold {
			style = "B"
		}
		pdf.SetFont(family, style, bodySize)
		pdf.MultiCell(0, lineH, norm.NFC.String(p.Text), "", "L", false)
		if p.Blank {
			y := pdf.GetY() + lineH*1.5
			pdf.SetDrawColor(120, 120, 120)
			pdf.SetDashPattern([]float64{0.8, 0.8}, 0)
			pdf.Line(margin, y, width-margin, y)
			pdf.SetDashPattern(nil, 0)
			pdf.SetY(y + lineH/2)
		}
		pdf.Ln(lineH / 3)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("write document: %w", err)
	}
	return b.Bytes(), nil
}
