package app

import (
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
}

// newEntry makes a one-line entry that passes the desk's shortcuts on.
func (d *Desk) newEntry() *deskEntry {
	e := &deskEntry{d: d}
	e.ExtendBaseWidget(e)
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
