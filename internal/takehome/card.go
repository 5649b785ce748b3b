// Package takehome prints the take-home card (thẻ mang về): a PDF of one
// guide's steps, A5 or A4, with the citizen's progress marked, that the
// citizen takes home to finish alone, and a QR code and short code that
// lead back to the guide at any help desk.
//
// A card holds, in the citizen's language: the guide's title and summary
// beside the QR code; the short code ("Mã hướng dẫn: K7QM-3"); every step
// with all of its text, ticked when done at the desk, marked "you are
// here" at the step reached, an empty box for the rest; the notes on what
// may go wrong where there is room; the sources and the day the guide was
// checked; and, on every page, the desk, the date and the page number.
// The layout picks the fewest pages, then the largest text (never under
// 11 pt on A5), then fits in as many notes as it can, the steps still to
// do first. A card never carries personal data.
package takehome

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/text/unicode/norm"

	"tiepsuc/guides"
)

// Paper is the size of the sheet a card is printed on.
type Paper int

const (
	// A5 is half an A4 sheet, 148 × 210 mm: the usual card.
	A5 Paper = iota
	// A4 is 210 × 297 mm, printed larger for a citizen who sees poorly.
	A4
)

// String returns "A5" or "A4".
func (p Paper) String() string {
	if s, ok := sheets[p]; ok {
		return s.name
	}
	return fmt.Sprintf("Paper(%d)", int(p))
}

// CardInput is what a take-home card shows. It deliberately has no place
// for the citizen's name, identity number, phone or any other personal
// detail: the card leaves the desk and may be lost or thrown away, so it
// carries only the guide, the progress, the desk and the day.
type CardInput struct {
	// Guide is the guide the citizen followed.
	Guide guides.Guide
	// Lang is the language of the card: "vi" or "en".
	Lang string
	// Paper is the sheet size, A5 or A4.
	Paper Paper
	// Step is the 1-based number of the step the citizen reached: the
	// steps before it are ticked as done and it is marked "you are here".
	// 0 leaves every step to do; len(Guide.Steps)+1 ticks them all.
	Step int
	// Desk is the help desk's name, such as "Phường Tam Hiệp – bàn 2",
	// printed in the footer; never a volunteer's name. It may be empty.
	Desk string
	// Date is the day the card is printed, shown as dd/mm/yyyy in its own
	// time zone.
	Date time.Time
	// QR is the text of the QR code, and ShortCode the code printed under
	// the summary ("Mã hướng dẫn: K7QM-3"). Either, when empty, is taken
	// from GuideLink(Guide, Step).
	QR, ShortCode string
	// HandOff is the hand-off code of the citizen's draft ("HS-7K3Q-9MPX"),
	// which any desk of the center reads to open the draft again; empty
	// when there is no draft. It holds no personal data.
	HandOff string
}

// ErrInput is wrapped by Card's errors about a CardInput it cannot print.
var ErrInput = errors.New("cannot print this card")

// Card returns the take-home card of c as a PDF, with the card's font
// subset embedded so that Vietnamese text shows and prints the same on
// every computer. A card is one page when the guide fits on one and flows
// onto more pages when it does not: a 12-step guide fits on two A5 pages.
// The same input gives the same bytes. Errors about c wrap ErrInput.
//
// The card carries no personal data, and CardInput has no place for any:
// it is taken home and may be lost.
//
// TODO(takehome): the steps' pictures are not printed; they would help a
// citizen match the step to the phone's screen, but cost room that a
// 12-step guide on two A5 pages does not have.
func Card(c CardInput) ([]byte, error) {
	k, err := newCard(c)
	if err != nil {
		return nil, err
	}
	k.print(k.choose())
	if err := k.set.pdf.Error(); err != nil {
		return nil, fmt.Errorf("make card pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := k.set.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("write card pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// newCard checks c and starts its PDF, with the fonts loaded and no page.
func newCard(c CardInput) (*card, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	qr, code := GuideLink(c.Guide, c.Step)
	c.QR = cmp.Or(c.QR, qr)
	c.ShortCode = cmp.Or(c.ShortCode, code)
	c.Desk = norm.NFC.String(strings.TrimSpace(c.Desk))

	w, err := wordsFor(c.Lang)
	if err != nil {
		return nil, err
	}
	modules, err := qrModules(c.QR)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	sh := sheets[c.Paper]
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm",
		Size: fpdf.SizeType{Wd: sh.w, Ht: sh.h}})
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCellMargin(0)
	pdf.AddUTF8FontFromBytes(fontFamily, "", theme.DefaultTextFont().Content())
	pdf.AddUTF8FontFromBytes(fontFamily, "B", theme.DefaultTextBoldFont().Content())
	pdf.SetTitle(norm.NFC.String(c.Guide.Title.In(c.Lang)), true)
	pdf.SetCreator("Tiếp Sức", true)
	pdf.SetLang(c.Lang)
	pdf.SetCreationDate(c.Date)
	pdf.SetModificationDate(c.Date)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("start card pdf: %w", err)
	}
	return &card{in: c, w: w, sh: sh, set: &setter{pdf: pdf}, qr: modules}, nil
}

// check reports what in c makes a card impossible to print.
func (c CardInput) check() error {
	switch {
	case !slices.Contains(languages, c.Lang):
		return fmt.Errorf("%w: language %q is not vi or en", ErrInput, c.Lang)
	case sheets[c.Paper].name == "":
		return fmt.Errorf("%w: unknown paper %v", ErrInput, c.Paper)
	case len(c.Guide.Steps) == 0:
		return fmt.Errorf("%w: guide %q has no steps", ErrInput, c.Guide.ID)
	case c.Step < 0 || c.Step > len(c.Guide.Steps)+1:
		return fmt.Errorf("%w: step %d is not in guide %q of %d steps",
			ErrInput, c.Step, c.Guide.ID, len(c.Guide.Steps))
	case c.Date.IsZero():
		return fmt.Errorf("%w: no date", ErrInput)
	}
	return nil
}

// card is one card being laid out and drawn.
type card struct {
	in  CardInput
	w   words
	sh  sheet
	set *setter
	// qr holds the modules of the QR code.
	qr [][]bool
}

// plan is one way of laying a card out: the step text's font size and
// which steps show their "if this goes wrong" notes.
type plan struct {
	body     float64
	branches []bool
}

// choose picks the plan that prints the card on the fewest pages, then
// with the largest text, then with the most notes on what may go wrong,
// the steps still to do first.
func (k *card) choose() plan {
	n := len(k.in.Guide.Steps)
	none := make([]bool, n)
	fewest := 0
	best := plan{}
	for _, size := range bodySizes {
		p := plan{body: size * k.sh.scale, branches: none}
		pages := k.pages(p)
		if fewest == 0 || pages < fewest {
			fewest, best = pages, p
		}
	}

	best.branches = make([]bool, n)
	for _, i := range k.noteOrder() {
		if len(k.in.Guide.Steps[i].IfWrong) == 0 {
			continue
		}
		best.branches[i] = true
		if k.pages(best) > fewest {
			best.branches[i] = false
		}
	}
	return best
}

// noteOrder lists step indexes in the order their notes are tried: from
// the step the citizen reached to the end, then the steps already done.
func (k *card) noteOrder() []int {
	n := len(k.in.Guide.Steps)
	from := min(max(k.in.Step-1, 0), n)
	var out []int
	for i := from; i < n; i++ {
		out = append(out, i)
	}
	for i := range from {
		out = append(out, i)
	}
	return out
}

// pages is the number of pages p takes.
func (k *card) pages(p plan) int {
	return len(flow(k.blocks(p), k.top(), k.bottom()))
}

// top is where the text area of every page starts, in mm.
func (k *card) top() float64 {
	return k.sh.margin
}

// bottom is where the text area of every page ends: above the footer.
func (k *card) bottom() float64 {
	return k.sh.h - k.sh.margin - k.footerHeight()
}

// print lays the card out with p and draws every page.
func (k *card) print(p plan) {
	pages := flow(k.blocks(p), k.top(), k.bottom())
	for i, parts := range pages {
		k.set.pdf.AddPage()
		k.set.curSet = false
		for _, pt := range parts {
			drawPart(pt)
		}
		k.footer(i+1, len(pages))
	}
}
