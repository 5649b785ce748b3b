package takehome

import (
	"strings"
)

// dateLayout is how dates are printed on a card, in both languages.
const dateLayout = "02/01/2006"

// smallSize is the font size in points, on A5, of the QR caption, the
// sources and the footer.
const smallSize = 10

// mm scales a length in mm given for A5 to the card's paper.
func (k *card) mm(v float64) float64 {
	return v * k.sh.scale
}

// small is the style of captions, sources and the footer.
func (k *card) small(bold bool) style {
	return style{size: smallSize * k.sh.scale, bold: bold, rgb: grey}
}

// width is the width of the text area in mm.
func (k *card) width() float64 {
	return k.sh.w - 2*k.sh.margin
}

// blocks lays out every part of the card with plan p, in reading order.
func (k *card) blocks(p plan) []block {
	out := []block{k.header(p)}
	if k.in.Step > 0 {
		out = append(out, k.legend(p))
	}
	for i := range k.in.Guide.Steps {
		out = append(out, k.step(p, i))
	}
	return append(out, k.sources())
}

// linesRows turns wrapped lines into rows drawn at x mm.
func (k *card) linesRows(lines []line, x float64) []row {
	rows := make([]row, len(lines))
	for i, l := range lines {
		rows[i] = row{h: l.height, draw: func(y float64) { k.set.draw(l, x, y) }}
	}
	return rows
}

// space is a row of white space h mm tall.
func space(h float64) row {
	return row{h: h, draw: func(float64) {}}
}

// header is the guide's title and summary beside the QR code, with the
// short code under the summary, then a rule.
func (k *card) header(p plan) block {
	g, lang := k.in.Guide, k.in.Lang
	x := k.sh.margin
	qrX := k.sh.w - k.sh.margin - k.sh.qr
	leftW := qrX - x - k.mm(5)

	title := style{size: p.body * 1.45, bold: true, rgb: ink}
	body := style{size: p.body, rgb: ink}
	var left [][]line
	left = append(left, k.set.wrap([]span{{title, g.Title.In(lang)}}, leftW))
	left = append(left, k.set.wrap([]span{{body, g.Summary.In(lang)}}, leftW))
	code := style{size: p.body, bold: true, rgb: ink}
	left = append(left, k.set.wrap([]span{{code, k.w.get("card.code", k.in.ShortCode)}}, leftW))
	left = append(left, k.set.wrap([]span{{k.small(false), k.w.get("card.code.help")}}, leftW))
	gaps := []float64{k.mm(2), k.mm(3), k.mm(0.5), 0}
	if k.in.HandOff != "" {
		gaps[len(gaps)-1] = k.mm(2)
		left = append(left,
			k.set.wrap([]span{{code, k.w.get("card.handoff", k.in.HandOff)}}, leftW),
			k.set.wrap([]span{{k.small(false), k.w.get("card.handoff.help")}}, leftW))
		gaps = append(gaps, k.mm(0.5), 0)
	}
	leftH := 0.0
	for i, ls := range left {
		leftH += height(ls) + gaps[i]
	}

	caption := "card.qr.code"
	if strings.HasPrefix(k.in.QR, "https://") || strings.HasPrefix(k.in.QR, "http://") {
		caption = "card.qr.page"
	}
	capLines := k.set.wrap([]span{{k.small(false), k.w.get(caption)}}, k.sh.qr)
	rightH := k.sh.qr + k.mm(1) + height(capLines)

	head := row{h: max(leftH, rightH), draw: func(y float64) {
		ly := y
		for i, ls := range left {
			for _, l := range ls {
				k.set.draw(l, x, ly)
				ly += l.height
			}
			ly += gaps[i]
		}
		drawQR(k.set.pdf, k.qr, qrX, y, k.sh.qr)
		cy := y + k.sh.qr + k.mm(1)
		for _, l := range capLines {
			k.set.draw(l, qrX+(k.sh.qr-k.lineWidth(l))/2, cy)
			cy += l.height
		}
	}}
	under := row{h: k.mm(6), draw: func(y float64) {
		rule(k.set.pdf, x, k.sh.w-k.sh.margin, y+k.mm(3))
	}}
	return block{rows: []row{head, under}}
}

// lineWidth is the width of l in mm.
func (k *card) lineWidth(l line) float64 {
	if len(l.pieces) == 0 {
		return 0
	}
	last := l.pieces[len(l.pieces)-1]
	return last.x + k.set.width(last.st, last.text)
}

// boxSide is the side in mm of a step's progress box for body text of
// size pt.
func boxSide(size float64) float64 {
	return size * ptToMM * 1.1
}

// legend explains the boxes: ticked is done at the desk, empty is to do
// at home.
func (k *card) legend(p plan) block {
	st := style{size: p.body, rgb: ink}
	b := boxSide(p.body) * 0.85
	h := st.lineHeight()
	done, todo := k.w.get("card.legend.done"), k.w.get("card.legend.todo")
	x := k.sh.margin
	item := func(y, x float64, ticked bool, text string) {
		by := y + (h-b)/2
		if ticked {
			doneBox(k.set.pdf, x, by, b)
		} else {
			emptyBox(k.set.pdf, x, by, b, false)
		}
		k.set.use(st)
		k.set.pdf.Text(x+b+k.mm(2), y+p.body*ptToMM*1.03, text)
	}
	doneW := b + k.mm(2) + k.set.width(st, done)
	todoW := b + k.mm(2) + k.set.width(st, todo)

	if doneW+k.mm(8)+todoW <= k.width() {
		return block{gap: k.mm(3), rows: []row{{h: h, draw: func(y float64) {
			item(y, x, true, done)
			item(y, x+doneW+k.mm(8), false, todo)
		}}}}
	}
	return block{gap: k.mm(3), rows: []row{
		{h: h, draw: func(y float64) { item(y, x, true, done) }},
		{h: h, draw: func(y float64) { item(y, x, false, todo) }},
	}}
}

// step lays out step i (from 0): its box, title, text and, when p says
// so, what to do if it goes wrong. The step the citizen reached is set on
// a pale blue band under a "you are here" line.
func (k *card) step(p plan, i int) block {
	s := k.in.Guide.Steps[i]
	lang := k.in.Lang
	n := i + 1
	b := boxSide(p.body)
	x := k.sh.margin
	textX := x + b + k.mm(3)
	textW := k.sh.w - k.sh.margin - textX
	current := n == k.in.Step
	done := n < k.in.Step

	var rows []row
	if current {
		here := style{size: p.body, bold: true, rgb: accent}
		lines := k.set.wrap([]span{{here, k.w.get("card.here")}}, textW)
		for _, l := range lines {
			rows = append(rows, row{h: l.height, draw: func(y float64) {
				pointer(k.set.pdf, x+b*0.15, y+l.height/2, b*0.8)
				k.set.draw(l, textX, y)
			}})
		}
	}

	head := style{size: p.body, bold: true, rgb: ink}
	titleLines := k.set.wrap([]span{{head, k.w.get("card.step", n) + " " + s.Title.In(lang)}},
		textW)
	titleRows := k.linesRows(titleLines, textX)
	first := titleRows[0].draw
	titleRows[0].draw = func(y float64) {
		by := y + (titleLines[0].height-b)/2
		if done {
			doneBox(k.set.pdf, x, by, b)
		} else {
			emptyBox(k.set.pdf, x, by, b, current)
		}
		first(y)
	}
	rows = append(rows, titleRows...)
	rows = append(rows, k.linesRows(k.set.wrap(
		[]span{{style{size: p.body, rgb: ink}, s.Text.In(lang)}}, textW), textX)...)

	if p.branches[i] {
		note := style{size: max(p.body-1.5*k.sh.scale, smallSize*k.sh.scale), rgb: grey}
		label := note
		label.bold = true
		for _, br := range s.IfWrong {
			rows = append(rows, space(k.mm(1)))
			rows = append(rows, k.linesRows(k.set.wrap([]span{
				{label, k.w.get("card.ifWrong")},
				{note, " " + br.Problem.In(lang) + " – " + br.Fix.In(lang)},
			}, textW), textX)...)
		}
	}

	blk := block{rows: rows, gap: k.mm(2.5)}
	if current {
		blk.under = func(y, h float64) {
			fill(k.set.pdf, tint)
			pad := k.mm(1.5)
			k.set.pdf.RoundedRect(x-k.mm(2.5), y-pad, k.width()+k.mm(5), h+2*pad,
				k.mm(2), "1234", "F")
		}
	}
	return blk
}

// sources lists where the guide's facts come from and when it was last
// checked against them.
func (k *card) sources() block {
	g := k.in.Guide
	titles := make([]string, len(g.Sources))
	for i, s := range g.Sources {
		titles[i] = strings.TrimRight(s.Title, ".")
	}
	text := " " + strings.Join(titles, "; ") + ". " +
		k.w.get("card.checked", g.Checked.Format(dateLayout))
	lines := k.set.wrap([]span{{k.small(true), k.w.get("card.sources")},
		{k.small(false), text}}, k.width())
	rows := append([]row{space(k.mm(1))}, k.linesRows(lines, k.sh.margin)...)
	return block{rows: rows, loose: true}
}

// footerLines is the footer's text: the desk and the date.
func (k *card) footerLines() []line {
	parts := []string{}
	if k.in.Desk != "" {
		parts = append(parts, k.w.get("card.desk", k.in.Desk))
	}
	parts = append(parts, k.w.get("card.date", k.in.Date.Format(dateLayout)))
	pageW := k.set.width(k.small(false), k.w.get("card.page", 99, 99))
	return k.set.wrap([]span{{k.small(false), strings.Join(parts, " · ")}},
		k.width()-pageW-k.mm(4))
}

// footerHeight is the height of the footer and the space above it, in mm.
func (k *card) footerHeight() float64 {
	return height(k.footerLines()) + k.mm(4)
}

// footer draws the rule, the desk, the date and the page number at the
// foot of page n of total.
func (k *card) footer(n, total int) {
	lines := k.footerLines()
	y := k.sh.h - k.sh.margin - height(lines)
	rule(k.set.pdf, k.sh.margin, k.sh.w-k.sh.margin, y-k.mm(2))
	for _, l := range lines {
		k.set.draw(l, k.sh.margin, y)
		y += l.height
	}
	pageLines := k.set.wrap([]span{{k.small(false), k.w.get("card.page", n, total)}},
		k.width())
	if len(pageLines) > 0 {
		pl := pageLines[0]
		k.set.draw(pl, k.sh.w-k.sh.margin-k.lineWidth(pl), k.sh.h-k.sh.margin-height(lines))
	}
}
