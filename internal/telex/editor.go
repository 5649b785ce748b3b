package telex

import (
	"slices"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Editor keeps the text and cursor of one entry and converts keys as they
// are typed, for a UI that gets keys one at a time. Positions are in runes.
// The piece of text around the cursor (between spaces) is kept as keys,
// those typed before the cursor and those of the letters after it, and is
// converted again on every key, so a tone typed at the end of a word, or
// inside an old word, lands on the right vowel.
//
// TODO(telex): an e-mail address shows marks ("ngóc") until its "@" is
// typed, then turns back to the keys; a volunteer may see it flicker.
type Editor struct {
	m       Method
	style   ToneStyle
	text    []rune
	cursor  int
	start   int    // where the piece being typed begins; -1 if none
	stop    int    // where it ends
	keys    []rune // keys typed before the cursor
	tail    []rune // keys of the letters after the cursor
	shown   int    // how many runes the tail takes in the text
	letters int    // how many runes the tail took when the piece began
	plain   bool   // the piece could not be read back as keys: type as is
}

// NewEditor returns an empty Editor using method m and tone style s.
func NewEditor(m Method, s ToneStyle) *Editor {
	return &Editor{m: m, style: s, start: -1}
}

// SetMethod ends the piece being typed and changes method and tone style.
func (e *Editor) SetMethod(m Method, s ToneStyle) {
	e.finish()
	e.m, e.style = m, s
}

// SetText replaces the text, puts the cursor at its end and ends the piece
// being typed, as when text is pasted or loaded.
func (e *Editor) SetText(text string) {
	e.text = []rune(text)
	e.cursor = len(e.text)
	e.end()
}

// Text returns the current text.
func (e *Editor) Text() string { return string(e.text) }

// Cursor returns the cursor position in runes.
func (e *Editor) Cursor() int { return e.cursor }

// MoveCursor ends the piece being typed, converting it as finished text
// (an unfinished "aw" goes back to the keys), and puts the cursor at pos,
// clamped to the text; typing there later reads that piece back as keys.
func (e *Editor) MoveCursor(pos int) {
	e.finish()
	e.cursor = max(0, min(pos, len(e.text)))
}

// Type handles one typed rune and returns the new text and cursor. While
// a word is typed it shows its marks as soon as they can be part of a
// syllable ("dd" shows "đ"); a space ends the word with Apply's rules.
func (e *Editor) Type(r rune) (string, int) {
	if e.m != Telex && e.m != VNI || unicode.IsSpace(r) {
		e.finish()
		e.insert(r)
		return e.Text(), e.cursor
	}
	if e.start < 0 {
		e.begin()
	}
	if e.plain {
		e.insert(r)
		e.stop++
		return e.Text(), e.cursor
	}
	e.keys = append(e.keys, r)
	e.render()
	return e.Text(), e.cursor
}

// Backspace deletes the rune before the cursor and returns the new text
// and cursor. Inside the piece being typed, the keys are trimmed so that
// typing on continues from what is shown ("tiến" + "g" gives "tiếng").
func (e *Editor) Backspace() (string, int) {
	if e.cursor == 0 {
		return e.Text(), e.cursor
	}
	if e.start < 0 || e.plain || e.cursor <= e.start || len(e.keys) == 0 {
		e.text = slices.Delete(e.text, e.cursor-1, e.cursor)
		e.cursor--
		e.end()
		return e.Text(), e.cursor
	}

	// Keys shown as typed lose their last key and are converted again.
	raw := string(e.keys) + string(e.tail)
	if string(e.text[e.start:e.stop]) == raw {
		e.keys = e.keys[:len(e.keys)-1]
		e.render()
		return e.Text(), e.cursor
	}

	e.text = slices.Delete(e.text, e.cursor-1, e.cursor)
	e.cursor--
	e.stop--
	shown := string(e.text[e.start:e.stop])
	fewer := e.keys[:len(e.keys)-1]
	if e.convert(string(fewer)+string(e.tail)) == shown {
		e.keys = fewer
		return e.Text(), e.cursor
	}
	e.keys = []rune(Keys(string(e.text[e.start:e.cursor]), e.m))
	if e.convert(string(e.keys)+string(e.tail)) != shown {
		e.end()
	}
	return e.Text(), e.cursor
}

// convert converts a piece still being typed, where a syllable that is not
// finished ("dd", "aw") already shows its marks.
func (e *Editor) convert(keys string) string {
	return norm.NFC.String(applyPiece(keys, e.m, e.style, true))
}

// begin starts a piece around the cursor, reading its letters back as
// keys; if they do not convert to themselves the piece is typed as is.
func (e *Editor) begin() {
	s, t := e.cursor, e.cursor
	for s > 0 && !unicode.IsSpace(e.text[s-1]) {
		s--
	}
	for t < len(e.text) && !unicode.IsSpace(e.text[t]) {
		t++
	}
	e.start, e.stop, e.shown, e.letters = s, t, t-e.cursor, t-e.cursor
	e.keys = []rune(Keys(string(e.text[s:e.cursor]), e.m))
	e.tail = []rune(Keys(string(e.text[e.cursor:t]), e.m))
	e.plain = e.convert(string(e.keys)+string(e.tail)) != string(e.text[s:t])
}

// render converts the piece again and puts the cursor before its tail.
func (e *Editor) render() {
	raw := string(e.keys) + string(e.tail)
	e.show(raw, e.convert(raw))
}

// finish converts the piece as finished text, with Apply's rules, so an
// unfinished "aw" turns back into the keys, and ends it.
func (e *Editor) finish() {
	if e.start >= 0 && !e.plain {
		raw := string(e.keys) + string(e.tail)
		e.show(raw, Apply(raw, e.m, e.style))
	}
	e.end()
}

// show puts converted in place of the piece.
func (e *Editor) show(raw, converted string) {
	out := []rune(converted)
	e.text = slices.Replace(e.text, e.start, e.stop, out...)
	e.stop = e.start + len(out)
	e.shown = e.letters
	if string(out) == raw {
		e.shown = len(e.tail)
	}
	e.cursor = max(e.start, e.stop-e.shown)
}

func (e *Editor) end() {
	e.start, e.stop, e.keys, e.tail, e.plain = -1, -1, nil, nil, false
	e.shown, e.letters = 0, 0
}

func (e *Editor) insert(r rune) {
	e.text = slices.Insert(e.text, e.cursor, r)
	e.cursor++
}
