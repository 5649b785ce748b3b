package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/stretchr/testify/require"
)

// press sends a shortcut to the window, as the keyboard would.
func (f *fixture) press(key fyne.KeyName, mod fyne.KeyModifier) {
	f.t.Helper()
	s, ok := f.win.Canvas().(fyne.Shortcutable)
	require.True(f.t, ok, "test canvas takes shortcuts")
	s.TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod})
}

// key sends a key that no widget has taken.
func (f *fixture) key(name fyne.KeyName) {
	f.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: name})
}

// TestKeyboard: a volunteer with hands on the keyboard welcomes a citizen
// with Ctrl+N, finds drafts with Ctrl+F, and moves through a guide with
// PageDown and PageUp.
func TestKeyboard(t *testing.T) {
	f := newFixture(t)
	f.press(fyne.KeyN, fyne.KeyModifierShortcutDefault)
	f.shows("Đồng ý cho xử lý thông tin cá nhân")

	f.press(fyne.KeyF, fyne.KeyModifierShortcutDefault)
	require.Equal(t, f.entry("Tìm theo họ tên hoặc số định danh…"), f.win.Canvas().Focused())

	f.tap("Hướng dẫn")
	f.tap("Mở hướng dẫn")
	f.shows("Bước 1/")
	f.key(fyne.KeyPageDown)
	f.key(fyne.KeyPageDown)
	f.shows("Bước 3/")
	f.key(fyne.KeyPageUp)
	f.shows("Bước 2/")
}

// TestVolunteerNamedBeforeFirstVisit: on a new desk, welcoming the first
// citizen first asks who is helping, so every visit says who did it.
func TestVolunteerNamedBeforeFirstVisit(t *testing.T) {
	f := openFixture(t, nil)
	f.tap("Tiếp đón công dân mới")
	f.shows("Bạn là ai?")
	f.typeInto("Họ tên của bạn", "Lê Minh Anh")
	f.tap("Tiếp tục")
	f.shows("Đồng ý cho xử lý thông tin cá nhân")
	f.shows("TNV: Lê Minh Anh")
}
