package telex

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// typeAll types every rune of keys into e.
func typeAll(e *Editor, keys string) {
	for _, r := range keys {
		e.Type(r)
	}
}

func TestEditorTyping(t *testing.T) {
	cases := []struct {
		name, keys string
		m          Method
		want       string
	}{
		{"word", "tieengs", Telex, "tiếng"},
		{"sentence", "xin chaof cacs banj", Telex, "xin chào các bạn"},
		{"name", "Nguyeenx Vawn Ddawngj", Telex, "Nguyễn Văn Đặng"},
		{"vni", "Nguye64n Va8n D9a8ng5", VNI, "Nguyễn Văn Đặng"},
		{"e-mail", "ngocs@gmail.com", Telex, "ngocs@gmail.com"},
		{"punctuation", "Ddoongf Nai, Bieen Hoaf.", Telex, "Đồng Nai, Biên Hòa."},
		{"undo", "bosss", Telex, "boss"},
		{"off", "tieengs", Off, "tieengs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := NewEditor(c.m, Classic)
			typeAll(e, c.keys)
			assert.Equal(t, c.want, e.Text())
			assert.Equal(t, len([]rune(c.want)), e.Cursor())
			assert.Equal(t, Apply(c.keys, c.m, Classic), e.Text(), "same as Apply")
		})
	}
}

func TestEditorUnfinishedWord(t *testing.T) {
	e := NewEditor(Telex, Modern)
	text, _ := e.Type('d')
	assert.Equal(t, "d", text)
	text, _ = e.Type('d')
	assert.Equal(t, "đ", text, "dd shows đ at once")
	text, _ = e.Type('i')
	assert.Equal(t, "đi", text)

	e.SetText("")
	typeAll(e, "saw")
	assert.Equal(t, "să", e.Text(), "could still become a word")
	text, cur := e.Type(' ')
	assert.Equal(t, "saw ", text, "not a word when it ends")
	assert.Equal(t, 4, cur)

	e.SetText("")
	typeAll(e, "aw")
	e.MoveCursor(0)
	assert.Equal(t, "aw", e.Text(), "moving away ends the word too")
}

func TestEditorBackspace(t *testing.T) {
	e := NewEditor(Telex, Modern)
	typeAll(e, "tieengs")
	text, cur := e.Backspace()
	assert.Equal(t, "tiến", text)
	assert.Equal(t, 4, cur)

	text, cur = e.Type('g')
	assert.Equal(t, "tiếng", text, "typing on after a backspace keeps the marks")
	assert.Equal(t, 5, cur)

	e = NewEditor(Telex, Modern)
	typeAll(e, "bosss")
	e.Backspace()
	text, _ = e.Type('s')
	assert.Equal(t, "boss", text, "an undone tone stays undone")

	e = NewEditor(Telex, Modern)
	text, cur = e.Backspace()
	assert.Equal(t, "", text, "backspace on an empty entry")
	assert.Equal(t, 0, cur)
}

func TestEditorCursorMoves(t *testing.T) {
	e := NewEditor(Telex, Modern)
	e.SetText("Viet Nam")
	e.MoveCursor(3)
	text, cur := e.Type('e')
	assert.Equal(t, "Viêt Nam", text, "a mark added inside an old word")
	assert.Equal(t, 3, cur)

	e.MoveCursor(4)
	text, cur = e.Type('j')
	assert.Equal(t, "Việt Nam", text, "a tone added at the end of an old word")
	assert.Equal(t, 4, cur)

	e.MoveCursor(100)
	text, cur = e.Type('!')
	assert.Equal(t, "Việt Nam!", text)
	assert.Equal(t, 9, cur)

	e.MoveCursor(-5)
	assert.Equal(t, 0, e.Cursor())

	e.SetText("bos")
	e.SetMethod(Telex, Modern)
	text, _ = e.Type('s')
	assert.Equal(t, "boss", text, "letters that cannot be typed as shown stay as they are")

	e.SetText("bo")
	text, _ = e.Type('s')
	assert.Equal(t, "bó", text, "existing letters are read as keys")
}

func TestEditorTypingInsideMarkedWord(t *testing.T) {
	e := NewEditor(Telex, Modern)
	e.SetText("Vệt")
	e.MoveCursor(1)
	text, cur := e.Type('i')
	assert.Equal(t, "Việt", text)
	assert.Equal(t, 2, cur)

	text, cur = e.Type('k')
	assert.Equal(t, "Vikeetj", text, "not a word any more: the keys show")
	assert.Equal(t, 3, cur)

	text, cur = e.Backspace()
	assert.Equal(t, "Việt", text, "back to a word")
	assert.Equal(t, 2, cur)
}

func TestEditorOldWords(t *testing.T) {
	e := NewEditor(Telex, Modern)
	e.SetText("xoong")
	text, _ := e.Type('s')
	assert.Equal(t, "xoóng", text, "a doubled vowel is read back as typed")

	e.SetText("Mr")
	text, _ = e.Type('x')
	assert.Equal(t, "Mrx", text, "letters that are not a word stay as they are")
}
