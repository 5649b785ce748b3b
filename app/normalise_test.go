package app

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"

	"tiepsuc/internal/store"
)

// TestStoredValue: what is kept for each detail, tidy when it reads
// cleanly and exactly as typed (in NFC) when it does not.
func TestStoredValue(t *testing.T) {
	cases := []struct{ field, typed, want string }{
		{store.FieldFullName, "\u00d0ỗ  Thị Mai ", "Đỗ Thị Mai"},
		{store.FieldFullName, "Nguye\u0302\u0303n Văn A", "Nguyễn Văn A"}, // NFD → NFC
		{store.FieldAddress, "Tổ 5, \u00d0ồng Nai", "Tổ 5, Đồng Nai"},
		{store.FieldPhone, "+84 912.345.678", "0912345678"},
		{store.FieldPhone, "84912345678", "0912345678"},
		{store.FieldPhone, "0912 34", "0912 34"},       // unfinished: as typed
		{store.FieldPhone, "09l2345678", "09l2345678"}, // a letter l: as typed
		{store.FieldIDNumber, "075 160-001.234", "075160001234"},
		{store.FieldIDNumber, "07516000123A", "07516000123A"},
		{store.FieldBirthDate, "1/2/1960", "01/02/1960"},
		{store.FieldBirthDate, "31/02/1960", "31/02/1960"}, // no such day: as typed
		{store.FieldDossierCode, " 000.00.00.h49-261204-0012", "000.00.00.H49-261204-0012"},
		{store.FieldDossierCode, "000.00.00.H49-261305-0012", "000.00.00.H49-261305-0012"},
		{store.FieldNotes, "Bác  ca\u0302\u0300n", "Bác  cần"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, storedValue(c.field, c.typed, morning), "%s %q", c.field, c.typed)
	}
}

// TestShownValue: a kept phone is shown the Vietnamese way.
func TestShownValue(t *testing.T) {
	assert.Equal(t, "0912 345 678", shownValue(store.FieldPhone, "0912345678"))
	assert.Equal(t, "0912 34", shownValue(store.FieldPhone, "0912 34"))
	assert.Equal(t, "Đỗ Thị Mai", shownValue(store.FieldFullName, "Đỗ Thị Mai"))
}

// FuzzStoredValue: whatever is typed, what is kept is valid UTF-8 in NFC,
// keeping it again changes nothing, and text that is not a phone, ID,
// date or code is only normalised, never dropped.
func FuzzStoredValue(f *testing.F) {
	for _, s := range []string{"", "+84 912.345.678", "075 160-001.234", "1/2/1960",
		"\u00d0ỗ  Thị", " 000.00.00.h49-261204-0012", "\xff\xfe", "ca\u0302\u0300n"} {
		f.Add(s)
	}
	fields := []string{store.FieldFullName, store.FieldAddress, store.FieldPhone,
		store.FieldIDNumber, store.FieldBirthDate, store.FieldDossierCode, store.FieldNotes}
	f.Fuzz(func(t *testing.T, typed string) {
		for _, field := range fields {
			kept := storedValue(field, typed, morning)
			assert.True(t, utf8.ValidString(kept) || !utf8.ValidString(typed), field)
			if utf8.ValidString(kept) {
				assert.True(t, norm.NFC.IsNormalString(kept), "%s %q", field, kept)
			}
			assert.Equal(t, kept, storedValue(field, kept, morning), "%s %q", field, typed)
			if strings.TrimSpace(typed) != "" && field == store.FieldNotes {
				assert.NotEmpty(t, kept)
			}
		}
	})
}
