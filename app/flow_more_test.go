package app

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/guides"
	"tiepsuc/internal/store"
)

// TestAnonymousHelpKeepsNothingPersonal: the citizen who says no to
// keeping data is still helped through a guide, and the draft holds no
// name, number, phone, address or notes.
func TestAnonymousHelpKeepsNothingPersonal(t *testing.T) {
	f := newFixture(t)
	f.tap("Tiếp đón công dân mới")
	f.tap("Giúp mà không lưu dữ liệu")
	f.shows("Nhu cầu")
	assert.True(t, f.button("2  Thông tin").Disabled(), "no details for an anonymous visit")
	assert.True(t, f.button("7  Ghi chú").Disabled(), "no notes for an anonymous visit")
	f.selectRadio("Học theo hướng dẫn")
	f.selectOption(f.guideTitle("vneid-install-level1"))
	f.tap("Bắt đầu hướng dẫn")
	f.tap("Tiếp")
	f.flush()

	s := f.desk.session.session
	d, err := f.store.Draft(context.Background(), s.DraftID)
	require.NoError(t, err)
	assert.True(t, d.Anonymous)
	for field := range d.Fields {
		assert.False(t, store.IsPersonal(field), "personal field %s kept", field)
	}
	assert.Equal(t, 1, d.GuideStep)
	n, err := f.store.OutboxLen(context.Background())
	require.NoError(t, err)
	assert.Zero(t, n, "nothing of an anonymous visit waits to leave the desk")
}

// guideTitle is a built-in guide's Vietnamese title.
func (f *fixture) guideTitle(id string) string {
	g, ok := f.desk.lib.Guide(id)
	require.True(f.t, ok, id)
	return g.Title.VI
}

// TestDetailsAreCheckedAsTyped: a mistyped identity number is flagged at
// once, and still kept exactly as typed.
func TestDetailsAreCheckedAsTyped(t *testing.T) {
	f := newFixture(t)
	f.tap("Tiếp đón công dân mới")
	f.check("Lưu thông tin trên máy này")
	f.tap("Đồng ý và tiếp tục")
	before := f.texts()
	f.typeInto("12 chữ số trên thẻ căn cước", "07519000123")
	f.flush()
	after := f.texts()
	assert.NotEqual(t, before, after, "a short identity number must show a message")
	assert.Contains(t, after, "12")

	d, err := f.store.Draft(context.Background(), f.desk.session.session.DraftID)
	require.NoError(t, err)
	assert.Equal(t, "07519000123", d.Fields[store.FieldIDNumber], "kept as typed")
}

// TestLanguageFromSettings: English is one choice away in Settings, and
// the choice is kept for the next start.
func TestLanguageFromSettings(t *testing.T) {
	f := newFixture(t)
	f.tap("Cài đặt")
	f.selectOption("English")
	f.shows("Language")
	f.tap("Today")
	f.shows("Welcome a new citizen")
	v, ok, err := f.store.Setting(context.Background(), settingLanguage)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "en", v)

	f.tap("Settings")
	f.selectOption("Tiếng Việt")
	f.tap("Hôm nay")
	f.shows("Tiếp đón công dân mới")
}

// TestDamagedFileIsKeptUntilVolunteerAgrees: a data file that is not a
// database is named, left byte for byte as it was, and set aside under a
// dated name only when the volunteer presses the button.
func TestDamagedFileIsKeptUntilVolunteerAgrees(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "tiepsuc.db")
	junk := []byte("SQLite format 3\x00 but then the power went out......")
	require.NoError(t, os.WriteFile(path, junk, 0o600))
	lib, err := guides.Builtin()
	require.NoError(t, err)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1024, 700))
	defer w.Close()
	f := &fixture{t: t, win: w}

	quit := false
	Start(w, path, lib, Options{Now: func() time.Time { return morning }}, nil,
		func() { quit = true })
	f.shows("Tệp dữ liệu bị hỏng")
	f.shows(path)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, sha256.Sum256(junk), sha256.Sum256(got), "file untouched")

	f.tap("Để riêng tệp cũ và bắt đầu tệp mới")
	f.shows("Thiết lập bàn hỗ trợ") // a new file starts with a new desk admin
	aside, err := filepath.Glob(filepath.Join(dir, "tiepsuc-damaged-20261204-*.db"))
	require.NoError(t, err)
	require.Len(t, aside, 1, "old file set aside under a dated name")
	got, err = os.ReadFile(aside[0])
	require.NoError(t, err)
	assert.Equal(t, junk, got)
	assert.False(t, quit)
}

// TestNewerFileIsRefusedUntouched: a data file written by a newer Tiếp Sức
// gets a clear message and no change at all, not even a WAL switch.
func TestNewerFileIsRefusedUntouched(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "tiepsuc.db")
	st, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	require.NoError(t, st.Close())
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec("PRAGMA journal_mode=DELETE; PRAGMA user_version=99")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	w := test.NewWindow(nil)
	defer w.Close()
	f := &fixture{t: t, win: w}
	lib, err := guides.Builtin()
	require.NoError(t, err)
	Start(w, path, lib, Options{}, nil, func() {})
	f.shows("Dữ liệu do phiên bản mới hơn tạo ra")
	f.shows("99")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, sha256.Sum256(before), sha256.Sum256(after), "file untouched")
	_, err = os.Stat(path + "-wal")
	assert.ErrorIs(t, err, os.ErrNotExist, "no WAL file made beside it")
}

// TestLookingAtClosedVisitChangesNothing: opening a visit closed "to
// continue" only to look leaves it closed; the first edit opens it again,
// and a draft has one saver however often it is opened.
func TestLookingAtClosedVisitChangesNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.tap("Tiếp đón công dân mới")
	f.check("Lưu thông tin trên máy này")
	f.tap("Đồng ý và tiếp tục")
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Trần Thị Mai")
	id := f.desk.session.session.ID
	f.tap("8  Kết thúc")
	f.selectRadio("Hẹn làm tiếp")
	f.tap("Kết thúc lượt hỗ trợ")

	f.tapListRow(0)
	f.shows("Lượt này đã kết thúc")
	f.tap("Trang chủ")
	s, err := f.store.Session(ctx, id)
	require.NoError(t, err)
	assert.False(t, s.Open, "looking does not reopen")
	assert.Equal(t, store.OutcomeContinue, s.Outcome)

	f.tapListRow(0)
	f.tap("7  Ghi chú")
	notes := "Ghi chú về lượt hỗ trợ: việc đã làm, việc còn thiếu, " +
		"hẹn ngày quay lại…"
	f.typeInto(notes, "Chờ tin nhắn duyệt")
	f.flush()
	s, err = f.store.Session(ctx, id)
	require.NoError(t, err)
	assert.True(t, s.Open, "an edit opens the visit again")
	assert.Len(t, f.desk.savers, 1, "one saver per draft")
}

// TestDataWithoutItsKeyIsRefusedUntouched: a data file copied to a desk
// without its key is not opened, not changed, and no new key is made; the
// screen says what happened and what to do.
func TestDataWithoutItsKeyIsRefusedUntouched(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "tiepsuc.db")
	st, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	require.NoError(t, st.Close())
	keys, err := filepath.Glob(filepath.Join(dir, "*.key"))
	require.NoError(t, err)
	require.NotEmpty(t, keys)
	for _, k := range keys {
		require.NoError(t, os.Remove(k))
	}
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	lib, err := guides.Builtin()
	require.NoError(t, err)
	w := test.NewWindow(nil)
	defer w.Close()
	f := &fixture{t: t, win: w}
	Start(w, path, lib, Options{Now: func() time.Time { return morning }}, nil, func() {})
	f.shows("Thiếu chìa khoá mở dữ liệu")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, sha256.Sum256(before), sha256.Sum256(after), "file untouched")
	keys, err = filepath.Glob(filepath.Join(dir, "*.key"))
	require.NoError(t, err)
	assert.Empty(t, keys, "no new key was made")
}
