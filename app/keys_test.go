package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// press sends a shortcut as the driver does: to the focused widget when
// there is one, else to the window.
func (f *fixture) press(key fyne.KeyName, mod fyne.KeyModifier) {
	f.t.Helper()
	sc := &desktop.CustomShortcut{KeyName: key, Modifier: mod}
	if s, ok := f.win.Canvas().Focused().(fyne.Shortcutable); ok {
		s.TypedShortcut(sc)
		return
	}
	s, ok := f.win.Canvas().(fyne.Shortcutable)
	require.True(f.t, ok, "test canvas takes shortcuts")
	s.TypedShortcut(sc)
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

	// With the cursor in a field, the desk's shortcuts still work.
	f.tap("Hôm nay")
	f.typeInto(searchHint, "ng")
	f.press(fyne.KeyN, fyne.KeyModifierShortcutDefault)
	f.shows("Đồng ý cho xử lý thông tin cá nhân")

	f.press(fyne.KeyF, fyne.KeyModifierShortcutDefault)
	search := f.entry(searchHint)
	require.Equal(t, search, f.win.Canvas().Focused())

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

// TestHiddenFieldsTakeNoKeys: after moving to another part of the session,
// typing goes nowhere near the field that was left, so a citizen's name is
// never changed unseen.
func TestHiddenFieldsTakeNoKeys(t *testing.T) {
	f := newFixture(t)
	f.tap("Tiếp đón công dân mới")
	f.check("Lưu thông tin trên máy này")
	f.tap("Đồng ý và tiếp tục")
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Nguyễn Văn Ánh")
	f.tap("4  Hướng dẫn")
	require.Nil(t, f.win.Canvas().Focused(), "no hidden entry keeps the keyboard")
	f.flush()
	d, err := f.store.Draft(context.Background(), f.desk.session.draft.ID)
	require.NoError(t, err)
	require.Equal(t, "Nguyễn Văn Ánh", d.Fields[store.FieldFullName])
}
