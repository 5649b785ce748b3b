package app

import (
	"tiepsuc/internal/telex"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// deskEntry is a text entry that lets the desk's own shortcuts through:
// Fyne hands a shortcut to the focused entry alone, so without this Ctrl+N
// would do nothing while the cursor is in a field.
type deskEntry struct {
	widget.Entry
	d *Desk
	// plain turns Vietnamese typing off for numbers, codes and addresses
	// of machines, where "dd" must stay "dd".
	plain bool

	// typing converts Telex or VNI keys as they are typed; it is made
	// again whenever the text or cursor moved since its last key.
	typing     *telex.Editor
	typedText  string
	typedAt    int
	typedStyle typingChoice
}

// newEntry makes a one-line entry that passes the desk's shortcuts on.
func (d *Desk) newEntry() *deskEntry {
	e := &deskEntry{d: d}
	e.ExtendBaseWidget(e)
	return e
}

// newPlainEntry makes an entry for numbers and codes, typed as they come.
func (d *Desk) newPlainEntry() *deskEntry {
	e := d.newEntry()
	e.plain = true
	return e
}

// newMultiLineEntry makes a multi-line entry that passes the desk's
// shortcuts on.
func (d *Desk) newMultiLineEntry() *deskEntry {
	e := d.newEntry()
	e.MultiLine = true
	return e
}

// TypedShortcut runs a desk shortcut, or hands the shortcut to the entry.
func (e *deskEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && e.d.shortcut(cs) {
		return
	}
	e.Entry.TypedShortcut(s)
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

// TypedRune types r, converting Vietnamese keys when the desk's typing
// method is on. Multi-line and password entries, and a selection being
// replaced, take keys as they come.
func (e *deskEntry) TypedRune(r rune) {
	choice := e.d.typingChoice()
	if choice.method == telex.Off || e.plain || e.MultiLine || e.Password ||
		e.SelectedText() != "" {
		e.Entry.TypedRune(r)
		return
	}
	if e.typing == nil || e.typedText != e.Text || e.typedAt != e.CursorColumn ||
		e.typedStyle != choice {
		e.typing = telex.NewEditor(choice.method, choice.style)
		e.typing.SetText(e.Text)
		e.typing.MoveCursor(e.CursorColumn)
		e.typedStyle = choice
	}
	text, cursor := e.typing.Type(r)
	e.typedText, e.typedAt = text, cursor
	e.SetText(text)
	e.CursorColumn = cursor
	e.Refresh()
}
