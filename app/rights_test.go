package app

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// TestCitizenAsksToDeleteHerData: from the consent part the volunteer
// deletes everything of the visit on the citizen's request; the draft is
// gone from the desk and cannot be found by her name.
func TestCitizenAsksToDeleteHerData(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Traafn Thij Hoaf")
	f.flush()
	draftID := f.desk.session.draft.ID
	f.tap("5  Hồ sơ")
	f.selectOption("Đăng ký tạm trú")
	f.desk.session.addAttachment("giay-to.jpg", bytes.NewReader(photo(t, 800, 600)), "",
		func() {})
	photos := filepath.Join(filepath.Dir(f.store.Path()), attachFolder, "*.jpg")
	kept, err := filepath.Glob(photos)
	require.NoError(t, err)
	require.Len(t, kept, 1, "the photo is kept on the desk")
	f.tap("1  Đồng ý")
	f.tap("Xoá toàn bộ dữ liệu của lượt này")
	f.shows("Không thể hoàn tác.")
	f.tap("Xoá hẳn")
	f.shows("Đã xoá dữ liệu của lượt hỗ trợ.")
	_, err = f.store.Draft(context.Background(), draftID)
	assert.True(t, errors.Is(err, store.ErrNotFound), "the draft is gone: %v", err)
	kept, err = filepath.Glob(photos)
	require.NoError(t, err)
	assert.Empty(t, kept, "her photo is gone too")
	rows, err := f.store.SearchDrafts(context.Background(), store.DraftQuery{Text: "tran thi hoa"})
	require.NoError(t, err)
	assert.Empty(t, rows)
}

// TestWithdrawKeepDetailsLeavesAnonymousVisit: withdrawing consent to keep
// the details removes them; the visit stays without a name.
func TestWithdrawKeepDetailsLeavesAnonymousVisit(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Traafn Thij Hoaf")
	f.flush()
	draftID := f.desk.session.draft.ID
	f.tap("1  Đồng ý")
	f.tap("Rút lại đồng ý: Lưu thông tin")
	f.tap("Xác nhận rút lại")
	f.shows("không lưu dữ liệu") // the visit stays, as one that keeps nothing
	d, err := f.store.Draft(context.Background(), draftID)
	require.NoError(t, err)
	assert.Empty(t, d.Fields[store.FieldFullName])
}

// TestRestrictedDraftTakesNoEdits: with processing restricted, the draft
// refuses edits, and lifting it lets them through again.
func TestRestrictedDraftTakesNoEdits(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.flush()
	sess := f.desk.session.session
	f.tap("1  Đồng ý")
	f.check("Hạn chế xử lý")
	_, err := f.store.SetField(context.Background(), sess.DraftID, store.FieldNotes, "x")
	assert.True(t, errors.Is(err, store.ErrRestricted))
	f.check("Hạn chế xử lý")
	_, err = f.store.SetField(context.Background(), sess.DraftID, store.FieldNotes, "x")
	assert.NoError(t, err)
}

// TestConsentSheetPrintsWhatWasAgreed: the printable consent sheet lists
// each purpose with its answer and time, and the citizen's rights, but
// not her name: the file stays in the data folder.
func TestConsentSheetPrintsWhatWasAgreed(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Traafn Thij Hoaf")
	f.flush()
	f.tap("1  Đồng ý")
	f.tap("In giấy đồng ý cho công dân")
	f.shows("Đã tạo thẻ, lưu tại:")
	sheets, err := filepath.Glob(filepath.Join(filepath.Dir(f.store.Path()), "cards",
		"dong-y-*.pdf"))
	require.NoError(t, err)
	require.Len(t, sheets, 1)
	out, err := exec.Command("pdftotext", sheets[0], "-").Output()
	require.NoError(t, err)
	text := strings.Join(strings.Fields(string(out)), " ")
	assert.Contains(t, text, "Đồng ý: Lưu thông tin trên máy này")
	assert.Contains(t, text, "Không đồng ý: Gửi bản nháp hồ sơ")
	assert.Contains(t, text, "Nghị định 13/2023")
	assert.NotContains(t, text, "Trần Thị Hoà", "her name is written by hand")
}
