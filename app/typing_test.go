package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// TestTypingVietnameseWithoutAnInputMethod: on a desk PC with no
// Vietnamese input method, Telex keys typed in the name field give the
// marked name, while number fields keep their keys as typed; VNI is one
// choice away in Settings.
func TestTypingVietnameseWithoutAnInputMethod(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.tap("Tiếp đón công dân mới")
	f.check("Lưu thông tin trên máy này")
	f.tap("Đồng ý và tiếp tục")
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Nguyeenx Vawn Ddwcs")
	f.typeInto("Ví dụ: 0912 345 678", "0912345678")
	f.flush()
	d, err := f.store.Draft(ctx, f.desk.session.draft.ID)
	require.NoError(t, err)
	assert.Equal(t, "Nguyễn Văn Đức", d.Fields[store.FieldFullName])
	assert.Equal(t, "0912345678", d.Fields[store.FieldPhone])

	f.tap("Cài đặt")
	f.selectOption("VNI (gõ số: a1 = á)")
	f.tap("Hôm nay")
	f.typeInto(searchHint, "Nguye64n")
	assert.Equal(t, "Nguyễn", f.entry(searchHint).Text)

	f.tap("Cài đặt")
	f.selectOption("Tắt (dùng bộ gõ của máy)")
	f.tap("Hôm nay")
	f.typeInto(searchHint, "nguyeenx")
	assert.Equal(t, "nguyeenx", f.entry(searchHint).Text)
}

// startDetails welcomes a citizen who agrees to keep data on the desk and
// opens her details.
func startDetails(f *fixture) {
	f.tap("Tiếp đón công dân mới")
	f.check("Lưu thông tin trên máy này")
	f.tap("Đồng ý và tiếp tục")
}

// TestTypingBadgeShowsAndSwitchesTheMethod: each text entry shows the
// typing method inside it; one click moves every entry to the next method,
// and the number fields show none because they take keys as typed.
func TestTypingBadgeShowsAndSwitchesTheMethod(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	name := f.entry("Ví dụ: Nguyễn Thị Lan")
	require.NotNil(t, name.badge)
	assert.Equal(t, "Telex", name.badge.Text)
	assert.Nil(t, f.entry("Ví dụ: 0912 345 678").ActionItem, "no badge on the phone")

	test.Tap(name.badge)
	assert.Equal(t, "VNI", name.badge.Text)
	assert.Equal(t, "VNI", f.entry("Số nhà, đường, khu phố/ấp, phường/xã").badge.Text)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Nguye64n Tra62n")
	assert.Equal(t, "Nguyễn Trần", name.Text)

	test.Tap(name.badge)
	assert.Equal(t, "Tắt gõ", name.badge.Text)
	f.tap("Cài đặt")
	assert.Equal(t, "Tắt (dùng bộ gõ của máy)", f.typingSelect().Selected,
		"Settings shows the method chosen with the badge")
}

// TestNotesTakeTelexOnEveryLine: the notes are several lines, wrapped;
// Telex works on any line, and Backspace takes back the last key of the
// word being typed.
func TestNotesTakeTelexOnEveryLine(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.tap("7  Ghi chú")
	notes := f.entry(lang.L("notes.hint"))
	f.win.Canvas().Focus(notes)
	test.Type(notes, "Bacs Hoaf hoir veef cawn cuwowcs")
	notes.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(notes, "tieens")
	notes.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	test.Type(notes, "ng Vieetj")
	assert.Equal(t, "Bác Hoà hỏi về căn cước\ntiếng Việt", notes.Text)
	f.flush()
	d, err := f.store.Draft(context.Background(), f.desk.session.draft.ID)
	require.NoError(t, err)
	assert.Equal(t, "Bác Hoà hỏi về căn cước\ntiếng Việt", d.Fields[store.FieldNotes])
}

// TestPastedOldEncodingIsOfferedConversion: a name copied from an old
// TCVN3 document shows as "NguyÔn V¨n"; pasting it asks, and converting
// keeps the right letters; keeping it pastes what was copied.
func TestPastedOldEncodingIsOfferedConversion(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	name := f.entry("Ví dụ: Nguyễn Thị Lan")
	f.win.Canvas().Focus(name)
	clip := &heldText{text: "NguyÔn V¨n §øc"}
	name.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	f.shows("Chữ dán vào dùng bảng mã cũ")
	f.shows("«Nguyễn Văn Đức»")
	f.tap("Chuyển sang Unicode")
	assert.Equal(t, "Nguyễn Văn Đức", name.Text)

	addr := f.entry("Số nhà, đường, khu phố/ấp, phường/xã")
	f.win.Canvas().Focus(addr)
	addr.TypedShortcut(&fyne.ShortcutPaste{Clipboard: &heldText{text: "Tæ 5 Êp Míi"}})
	f.tap("Dán nguyên như cũ")
	assert.Equal(t, "Tæ 5 Êp Míi", addr.Text)

	// Ordinary Vietnamese pastes at once, without a question.
	notesLike := f.entry("Ví dụ: Nguyễn Thị Lan")
	notesLike.SetText("")
	notesLike.TypedShortcut(&fyne.ShortcutPaste{Clipboard: &heldText{text: "Trần Thị Hoà"}})
	assert.Equal(t, "Trần Thị Hoà", notesLike.Text)
	assert.NotContains(t, f.texts(), "Chữ dán vào dùng bảng mã cũ")
}

// TestDetailsKeptTidyAndShownTheVietnameseWay: a phone typed in the +84
// form is kept as 0xxxxxxxxx and shown as "0912 345 678" once the
// volunteer moves on; a name with the look-alike Ð is kept with Đ; a date
// typed 1/2/1960 is kept as 01/02/1960; the gender is checked against the
// identity number.
func TestDetailsKeptTidyAndShownTheVietnameseWay(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.store.SetSetting(context.Background(), settingTyping, "off"))
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "\u00d0ỗ Thị Mai")
	f.typeInto("12 chữ số trên thẻ căn cước", "075 160 001 234")
	f.typeInto("ngày/tháng/năm, ví dụ 05/09/1958", "1/2/1960")
	phone := f.entry("Ví dụ: 0912 345 678")
	f.typeInto("Ví dụ: 0912 345 678", "+84 912.345.678")
	f.win.Canvas().Focus(f.entry("Số nhà, đường, khu phố/ấp, phường/xã"))
	assert.Equal(t, "0912 345 678", phone.Text)
	assert.Equal(t, "Đỗ Thị Mai", f.entry("Ví dụ: Nguyễn Thị Lan").Text)

	f.selectRadio("Nam")
	f.shows("nữ") // 075 1 60...: digit 1 is a woman born in the 1900s
	f.selectRadio("Nữ")
	assert.NotContains(t, f.texts(), "giới tính")

	f.flush()
	d, err := f.store.Draft(context.Background(), f.desk.session.draft.ID)
	require.NoError(t, err)
	assert.Equal(t, "Đỗ Thị Mai", d.Fields[store.FieldFullName])
	assert.Equal(t, "075160001234", d.Fields[store.FieldIDNumber])
	assert.Equal(t, "01/02/1960", d.Fields[store.FieldBirthDate])
	assert.Equal(t, "0912345678", d.Fields[store.FieldPhone])
	assert.Equal(t, "female", d.Fields[fieldGender])
}

// TestTypingPractice: a trainer opens the practice from Guides; the word
// to type is shown large, Telex keys typed give it, the keys pressed are
// listed, and switching to VNI changes the key table and the keys shown.
func TestTypingPractice(t *testing.T) {
	f := newFixture(t)
	f.tap("Hướng dẫn")
	f.tap("Luyện gõ tiếng Việt")
	f.shows("Việt Nam")
	f.shows("dấu sắc")
	e := f.practiceEntry()
	test.Type(e, "Vieetj Nam")
	assert.Equal(t, "Việt Nam", e.Text)
	f.shows("✓ Đúng rồi!")
	f.shows("Phím đã bấm: V i e e t j   N a m")

	f.tap("Từ khác")
	f.shows("Đồng Nai")
	assert.Empty(t, e.Text)
	f.selectRadio("VNI")
	f.tap("Xem cách gõ")
	f.shows("Gõ các phím: D9o6ng2 Nai")
	f.shows("cân") // the key table is VNI's: c a 6 n
	test.Type(e, "D9o6ng2 Nai")
	f.shows("✓ Đúng rồi!")
}

// practiceEntry is the entry of the typing practice.
func (f *fixture) practiceEntry() *deskEntry {
	f.t.Helper()
	for _, o := range f.objects() {
		if e, ok := o.(*deskEntry); ok && e.method != nil {
			return e
		}
	}
	f.t.Fatalf("no practice entry on screen")
	return nil
}

// typingSelect returns the typing method's drop-down in Settings, or nil.
func (f *fixture) typingSelect() *widget.Select {
	for _, o := range f.objects() {
		if s, ok := o.(*widget.Select); ok {
			for _, opt := range s.Options {
				if strings.HasPrefix(opt, "Telex") {
					return s
				}
			}
		}
	}
	return nil
}
