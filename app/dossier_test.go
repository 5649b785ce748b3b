package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/dossier"
	"tiepsuc/internal/store"
)

// TestDossierPreparedOffline: the volunteer picks the procedure, sees its
// fee the Vietnamese way, finds the citizen's details already in her
// fields of the e-form, copies a value for the portal, fills the rest with
// checks as typed, ticks the papers, and sees plainly what is missing
// until nothing is.
func TestDossierPreparedOffline(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Traafn Thij Hoaf")
	f.typeInto("12 chữ số trên thẻ căn cước", "075160001234")
	f.typeInto("ngày/tháng/năm, ví dụ 05/09/1958", "01/02/1960")
	f.typeInto("Ví dụ: 0912 345 678", "0912345678")
	f.tap("5  Hồ sơ")
	f.selectOption("Đăng ký tạm trú")
	f.shows("Mã thủ tục: 1.004194")
	f.shows("7.000 ₫ khi nộp trực tuyến (15.000 ₫ tại quầy)")
	f.shows("Chưa điền: Địa chỉ tạm trú")
	f.shows("Chưa có: Giấy tờ chứng minh chỗ ở hợp pháp")

	name := f.entriesWith("Lấy từ thông tin công dân")
	require.NotEmpty(t, name)
	assert.Equal(t, "Trần Thị Hoà", name[0].Text, "her name is in the form already")
	f.tap("Sao chép")
	assert.Equal(t, "Trần Thị Hoà", fyne.CurrentApp().Clipboard().Content())

	f.typeInto("Địa chỉ tạm trú", "Toor 5, aaps Mowis, phuwowngf Tam Hieepj")
	f.typeInto("Tạm trú đến ngày", "31/02/2027")
	f.shows("Ngày chưa đúng.")
	f.shows("Cần sửa: Tạm trú đến ngày")
	e := f.entry("Tạm trú đến ngày")
	e.SetText("")
	f.typeInto("Tạm trú đến ngày", "31/12/2027")
	f.selectOption("Cá nhân")
	f.selectOption("Nhà thuê, mượn, ở nhờ")
	f.selectRadio("Đã chụp ảnh")
	f.shows("✓ Đủ tờ khai và giấy tờ để nộp trên Cổng.")

	f.flush()
	d, err := f.store.Draft(context.Background(), f.desk.session.draft.ID)
	require.NoError(t, err)
	p := "temporary_residence"
	assert.Equal(t, "Tổ 5, ấp Mới, phường Tam Hiệp",
		d.Fields[dossier.FormKey(p, "stay_address")])
	assert.Equal(t, "31/12/2027", d.Fields[dossier.FormKey(p, "stay_until")])
	assert.Equal(t, "rented", d.Fields[dossier.FormKey(p, "home_basis")])
	assert.Equal(t, "photo", d.Fields[dossier.PaperKey(p, 0)])
	assert.Equal(t, p, d.Fields[store.FieldNeedProcedure])
}

// entriesWith lists the entries on screen showing that placeholder.
func (f *fixture) entriesWith(placeholder string) []*deskEntry {
	var out []*deskEntry
	for _, o := range f.objects() {
		if e, ok := o.(*deskEntry); ok && e.PlaceHolder == placeholder {
			out = append(out, e)
		}
	}
	return out
}
