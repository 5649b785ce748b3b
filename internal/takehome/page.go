package takehome

// sheet is one paper size and the measures of a card printed on it.
type sheet struct {
	// name is the paper's name.
	name string
	// w and h are the page's width and height in mm, portrait.
	w, h float64
	// margin is the white space kept on every side, in mm.
	margin float64
	// scale multiplies every font size and gap set for A5.
	scale float64
	// qr is the side of the QR code in mm, quiet zone included.
	qr float64
}

// sheets holds the measures of each paper size. A5 is half an A4 sheet;
// A4 is for a citizen who asks for larger print.
var sheets = map[Paper]sheet{
	A5: {name: "A5", w: 148, h: 210, margin: 10, scale: 1, qr: 30},
	A4: {name: "A4", w: 210, h: 297, margin: 16, scale: 1.25, qr: 40},
}

// bodySizes are the font sizes, in points on A5, tried for a card's
// step text, largest first; 11 pt is the least an older reader is given.
var bodySizes = []float64{14, 13, 12, 11}

// Colours, as red, green and blue from 0 to 255.
var (
	// ink is the colour of the text.
	ink = [3]int{17, 17, 17}
	// grey is the colour of notes and the footer: dark enough to read.
	grey = [3]int{70, 70, 70}
	// accent is the desk app's blue, for progress marks.
	accent = [3]int{29, 78, 216}
	// tint is the pale blue behind the step the citizen reached.
	tint = [3]int{225, 234, 253}
	// white is the colour of the paper.
	white = [3]int{255, 255, 255}
)

// row is one slice of a block that the page flow never cuts: its height
// in mm and how to draw it with its top at y.
type row struct {
	h    float64
	draw func(y float64)
}

// block is a run of rows kept on one page when it fits on one.
type block struct {
	rows []row
	// gap is the space in mm after the block, unless it ends a page.
	gap float64
	// under, when set, draws behind the rows placed on one page, from y
	// for h mm.
	under func(y, h float64)
	// loose lets the block start at the foot of a page and go on at the
	// top of the next, like running text.
	loose bool
}

// height is the height of b's rows in mm.
func (b block) height() float64 {
	h := 0.0
	for _, r := range b.rows {
		h += r.h
	}
	return h
}

// part is the rows from..to of one block placed on a page at y.
type part struct {
	b        *block
	from, to int
	y        float64
}

// flow places blocks on pages whose text area runs from top to bottom mm.
// A block goes whole to the next page when it does not fit where it
// would start; only a loose block, or one taller than a whole page, is
// cut between rows.
func flow(blocks []block, top, bottom float64) [][]part {
	pages := [][]part{nil}
	y := top
	newPage := func() {
		pages = append(pages, nil)
		y = top
	}
	for i := range blocks {
		b := &blocks[i]
		h := b.height()
		if !b.loose && y > top && y+h > bottom && h <= bottom-top {
			newPage()
		}
		start, startY := 0, y
		for j, r := range b.rows {
			if y > top && y+r.h > bottom {
				if j > start {
					pages[len(pages)-1] = append(pages[len(pages)-1],
						part{b: b, from: start, to: j, y: startY})
				}
				newPage()
				start, startY = j, y
			}
			y += r.h
		}
		pages[len(pages)-1] = append(pages[len(pages)-1],
			part{b: b, from: start, to: len(b.rows), y: startY})
		y += b.gap
	}
	return pages
}

// drawPart draws the rows of p.
func drawPart(p part) {
	h := 0.0
	for _, r := range p.b.rows[p.from:p.to] {
		h += r.h
	}
	if p.b.under != nil {
		p.b.under(p.y, h)
	}
	y := p.y
	for _, r := range p.b.rows[p.from:p.to] {
		r.draw(y)
		y += r.h
	}
}
