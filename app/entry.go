package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/telex"
)

// deskEntry is a text entry that types Vietnamese with the desk's typing
// method, offers to convert text pasted in an old encoding, and lets the
// desk's shortcuts through: Fyne hands a shortcut to the focused entry
// alone, so without this Ctrl+N would do nothing while the cursor is in a
// field.
type deskEntry struct {
	widget.Entry
	d *Desk
	// plain turns Vietnamese typing off for numbers, codes and addresses
	// of machines, where "dd" must stay "dd".
	plain bool
	// onLeave runs when the entry loses the keyboard, to tidy what was
	// typed (a phone number written the Vietnamese way, say).
	onLeave func()

	// typing converts Telex or VNI keys as they are typed; it is made
	// again whenever the text or cursor moved since its last key.
	typing     *telex.Editor
	typedText  string
	typedAt    int
	typedStyle typingChoice
	// badge shows the typing method inside the entry; tapping it changes
	// the method.
	badge *widget.Button
	// method, when set, is this entry's own typing method in place of the
	// desk's (the typing practice shows Telex or VNI whatever the desk uses).
	method *typingChoice
	// onKey, when set, is told every rune typed, before it is converted.
	onKey func(r rune)
	// plainWhen, when set, turns the typing method off while it holds for
	// the text: a search box takes a hand-off code ("HS-…") as typed.
	plainWhen func(text string) bool
}

// newEntry makes a one-line entry that types Vietnamese and passes the
// desk's shortcuts on.
func (d *Desk) newEntry() *deskEntry {
	e := &deskEntry{d: d}
	e.ExtendBaseWidget(e)
	e.badge = d.typingBadge()
	e.ActionItem = e.badge
	return e
}

// newPlainEntry makes an entry for numbers and codes, typed as they come.
func (d *Desk) newPlainEntry() *deskEntry {
	e := d.newEntry()
	e.setPlain(true)
	return e
}

// newMultiLineEntry makes a multi-line entry that types Vietnamese and
// passes the desk's shortcuts on.
func (d *Desk) newMultiLineEntry() *deskEntry {
	e := d.newEntry()
	e.MultiLine = true
	return e
}

// newPasswordEntry makes an entry whose text is hidden and typed as it
// comes; Fyne puts its show-password button where the badge would be.
func (d *Desk) newPasswordEntry() *deskEntry {
	e := d.newEntry()
	e.Password = true
	e.setPlain(true)
	return e
}

// setPlain turns Vietnamese typing off (or on) for this entry, and hides
// (or shows) its badge with it.
func (e *deskEntry) setPlain(plain bool) {
	e.plain = plain
	if plain {
		e.ActionItem = nil
		e.d.dropBadge(e.badge)
		e.badge = nil
	}
}

// TypedShortcut runs a desk shortcut, checks pasted text for an old
// encoding, or hands the shortcut to the entry.
func (e *deskEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && e.d.shortcut(cs) {
		return
	}
	if p, ok := s.(*fyne.ShortcutPaste); ok && !e.Password && e.pasteLegacy(p) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// FocusLost tidies the entry's text, if it has a way to, when the
// keyboard moves on.
func (e *deskEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onLeave != nil {
		e.onLeave()
	}
}

// shortcut runs the desk's action for cs and reports whether there was one.
func (d *Desk) shortcut(cs *desktop.CustomShortcut) bool {
	if cs.Modifier != fyne.KeyModifierShortcutDefault {
		return false
	}
	switch cs.KeyName {
	case fyne.KeyN:
		d.welcome()
	case fyne.KeyF:
		d.focusSearch()
	default:
		return false
	}
	return true
}

// converts reports whether keys typed in the entry go through the typing
// method: not when it is off, nor in number and password entries, nor
// while a selection is being replaced.
func (e *deskEntry) converts() bool {
	return e.choice().method != telex.Off && !e.plain && !e.Password &&
		e.SelectedText() == "" && (e.plainWhen == nil || !e.plainWhen(e.Text))
}

// editor returns the typing editor, made again from the entry's text and
// cursor when either moved since its last key.
func (e *deskEntry) editor() *telex.Editor {
	choice := e.choice()
	at := e.CursorTextOffset()
	if e.typing == nil || e.typedText != e.Text || e.typedAt != at ||
		e.typedStyle != choice {
		e.typing = telex.NewEditor(choice.method, choice.style)
		e.typing.SetText(e.Text)
		e.typing.MoveCursor(at)
		e.typedStyle = choice
	}
	return e.typing
}

// choice is the typing method of this entry: its own, or the desk's.
func (e *deskEntry) choice() typingChoice {
	if e.method != nil {
		return *e.method
	}
	return e.d.typingChoice()
}

// TypedRune types r, converting Vietnamese keys when the desk's typing
// method is on.
func (e *deskEntry) TypedRune(r rune) {
	if e.onKey != nil {
		e.onKey(r)
	}
	if !e.converts() {
		e.Entry.TypedRune(r)
		return
	}
	text, cursor := e.editor().Type(r)
	e.apply(text, cursor)
}

// TypedKey lets the typing method take back the last key of the word being
// typed on Backspace ("tiến" then "g" still gives "tiếng" after a slip).
func (e *deskEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name != fyne.KeyBackspace || !e.converts() || e.typing == nil ||
		e.typedText != e.Text || e.typedAt != e.CursorTextOffset() {
		e.Entry.TypedKey(k)
		return
	}
	text, cursor := e.typing.Backspace()
	e.apply(text, cursor)
}

// apply makes the entry show text with the cursor at cursor (in runes),
// the way a person would: by erasing and typing only the runes that
// changed around the cursor, so the cursor, wrapped lines and undo stay
// right. OnChanged is called once, with the final text.
func (e *deskEntry) apply(text string, cursor int) {
	old, nw := []rune(e.Text), []rune(text)
	p := 0
	for p < len(old) && p < len(nw) && old[p] == nw[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(nw)-p && old[len(old)-1-s] == nw[len(nw)-1-s] {
		s++
	}
	at := e.CursorTextOffset()
	if len(old)-s != at || len(nw)-s != cursor {
		// The change is not just before the cursor; this does not happen
		// while typing, but stay right if it does.
		e.SetText(text)
		e.typing = nil
		return
	}

	changed := e.OnChanged
	e.OnChanged = nil
	for range len(old) - s - p {
		e.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	}
	for _, r := range nw[p : len(nw)-s] {
		e.Entry.TypedRune(r)
	}
	e.OnChanged = changed
	e.typedText, e.typedAt = e.Text, e.CursorTextOffset()
	if changed != nil && string(old) != e.Text {
		changed(e.Text)
	}
}
