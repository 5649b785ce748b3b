package takehome

import (
	"strings"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"
)

// fontFamily is the name the card's font is registered under in the PDF.
const fontFamily = "notosans"

// ptToMM converts a font size in points to millimetres.
const ptToMM = 25.4 / 72

// leading is the height of a line of text as a multiple of its font size:
// room for Vietnamese marks stacked above capitals, and easy to follow.
const leading = 1.3

// style is how a run of text is set.
type style struct {
	// size is the font size in points.
	size float64
	// bold sets the text in the bold face.
	bold bool
	// rgb is the text colour.
	rgb [3]int
}

// lineHeight is the height in mm of one line set in st.
func (st style) lineHeight() float64 {
	return st.size * ptToMM * leading
}

// span is a run of text in one style, part of a paragraph.
type span struct {
	st   style
	text string
}

// piece is a run of text in one style placed on a line, x mm from its
// left edge.
type piece struct {
	st   style
	text string
	x    float64
}

// line is one wrapped line of a paragraph.
type line struct {
	pieces []piece
	// height is the line's height in mm: that of its largest style.
	height float64
}

// setter measures and draws text with the card's font on one PDF.
type setter struct {
	pdf *fpdf.Fpdf
	// cur is the style the PDF's font is set to, to skip needless calls.
	cur    style
	curSet bool
}

// use sets the PDF's font and colour to st.
func (s *setter) use(st style) {
	if s.curSet && s.cur == st {
		return
	}
	face := ""
	if st.bold {
		face = "B"
	}
	s.pdf.SetFont(fontFamily, face, st.size)
	s.pdf.SetTextColor(st.rgb[0], st.rgb[1], st.rgb[2])
	s.cur, s.curSet = st, true
}

// width is the width in mm of text set in st.
func (s *setter) width(st style, text string) float64 {
	s.use(st)
	return s.pdf.GetStringWidth(text)
}

// word is one word of a paragraph with the style it is set in.
type word struct {
	st   style
	text string
	// glued is true when no space comes before the word.
	glued bool
}

// wrap breaks the spans of a paragraph into lines at most width mm wide,
// at spaces; a word wider than a line is cut between letters. Every text
// is put in NFC first, the form the font's letters are looked up in.
func (s *setter) wrap(spans []span, width float64) []line {
	var words []word
	for _, sp := range spans {
		text := norm.NFC.String(sp.text)
		first := true
		for _, f := range strings.Fields(text) {
			glued := first && !startsWithSpace(text) && len(words) > 0
			words = append(words, word{st: sp.st, text: f, glued: glued})
			first = false
		}
	}

	var lines []line
	var cur line
	x := 0.0
	for i := 0; i < len(words); i++ {
		w := words[i]
		gap := 0.0
		if len(cur.pieces) > 0 && !w.glued {
			gap = s.width(w.st, " ")
		}
		ww := s.width(w.st, w.text)
		if len(cur.pieces) > 0 && x+gap+ww > width {
			lines = append(lines, cur)
			cur, x, gap = line{}, 0, 0
		}
		if len(cur.pieces) == 0 && ww > width {
			head, tail := s.cut(w.st, w.text, width)
			words = append(words[:i+1], append([]word{{st: w.st, text: tail, glued: true}},
				words[i+1:]...)...)
			w.text, ww = head, s.width(w.st, head)
		}
		cur = appendWord(cur, w, x+gap, gap > 0)
		x += gap + ww
	}
	if len(cur.pieces) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

// appendWord adds w to l at x mm, joining it to the last piece when the
// style is the same.
func appendWord(l line, w word, x float64, spaced bool) line {
	l.height = max(l.height, w.st.lineHeight())
	if n := len(l.pieces); n > 0 && l.pieces[n-1].st == w.st {
		sep := ""
		if spaced {
			sep = " "
		}
		l.pieces[n-1].text += sep + w.text
		return l
	}
	l.pieces = append(l.pieces, piece{st: w.st, text: w.text, x: x})
	return l
}

// cut splits text, which is wider than width mm, into a head that fits
// (at least one letter) and the tail.
func (s *setter) cut(st style, text string, width float64) (head, tail string) {
	end := 0
	for i, r := range text {
		next := i + utf8.RuneLen(r)
		if end > 0 && s.width(st, text[:next]) > width {
			break
		}
		end = next
	}
	return text[:end], text[end:]
}

// startsWithSpace reports whether text begins with white space.
func startsWithSpace(text string) bool {
	return strings.TrimLeft(text, " \t") != text
}

// draw sets l with its top left corner at (x, y) mm.
func (s *setter) draw(l line, x, y float64) {
	// The baseline sits one em and a little below the top of the line,
	// which leaves room for a capital with a stacked mark, such as Ấ.
	baseline := y + l.height/leading*1.03
	for _, p := range l.pieces {
		s.use(p.st)
		s.pdf.Text(x+p.x, baseline, p.text)
	}
}

// height is the total height in mm of lines.
func height(lines []line) float64 {
	h := 0.0
	for _, l := range lines {
		h += l.height
	}
	return h
}
