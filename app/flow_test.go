package app

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// TestWelcomeCitizenThroughGuide walks the volunteer's morning: welcome a
// citizen, take consent, type her details, follow a guide, close the
// session to continue, find the draft by name without accents, and land
// on the same step.
func TestWelcomeCitizenThroughGuide(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.shows("Hôm nay, 04/12/2026")
	f.shows("Chưa có lượt hỗ trợ nào hôm nay")

	f.tap("Tiếp đón công dân mới")
	f.shows("Đồng ý cho xử lý thông tin cá nhân")
	assert.True(t, f.button("Đồng ý và tiếp tục").Disabled(),
		"consent must be given before details are kept")
	f.check("Lưu thông tin trên máy này")
	f.check("Gửi bản nháp hồ sơ lên hệ thống của tỉnh")
	f.tap("Đồng ý và tiếp tục")

	f.shows("Họ và tên")
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Nguyễn Văn A")
	f.typeInto("12 chữ số trên thẻ căn cước", "075190001234")
	f.typeInto("ngày/tháng/năm, ví dụ 05/09/1958", "05/09/1990")
	f.typeInto("Ví dụ: 0912 345 678", "0912345678")
	f.typeInto("Số nhà, đường, khu phố/ấp, phường/xã", "12 Hà Huy Giáp, Tam Hiệp")
	f.flush()
	f.shows("Đã lưu")

	sess := f.desk.session.session
	d, err := f.store.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Equal(t, "Nguyễn Văn A", d.Fields[store.FieldFullName])
	assert.Equal(t, "075190001234", d.Fields[store.FieldIDNumber])
	assert.Equal(t, "12 Hà Huy Giáp, Tam Hiệp", d.Fields[store.FieldAddress])
	require.Len(t, sess.Consents, 3)
	for _, c := range sess.Consents {
		assert.Equal(t, c.Purpose != store.PurposeContact, c.Granted, c.Purpose)
		assert.False(t, c.At.IsZero(), "consent time kept")
	}

	f.tap("3  Nhu cầu")
	f.selectRadio("Làm thủ tục")
	f.selectOption("Đăng ký khai sinh")
	f.tap("Bắt đầu hướng dẫn")
	f.shows("Bước 1/")
	f.tap("Tiếp")
	f.tap("Tiếp")
	f.shows("Bước 3/")
	f.flush()

	f.tap("8  Kết thúc")
	f.selectRadio("Hẹn làm tiếp")
	f.tap("Kết thúc lượt hỗ trợ")
	f.shows("Nguyễn Văn A")
	f.shows("Hẹn làm tiếp")

	f.typeInto(searchHint, "nguyen van a")
	f.submit(searchHint)
	f.shows("Nguyễn Văn A")
	f.tapListRow(0)
	f.shows("Bước 3/")
	got, err := f.store.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Equal(t, 2, got.GuideStep, "the draft remembers the step")

	f.tap("8  Kết thúc")
	f.selectRadio("Xong việc")
	f.tap("Kết thúc lượt hỗ trợ")
	f.shows("Xong")
}

// TestFindDraftByPhone: a citizen who comes back gives her phone number
// in whatever form; it finds her draft, while part of a number does not.
func TestFindDraftByPhone(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Trần Thị Hoà")
	f.typeInto("Ví dụ: 0912 345 678", "0912345678")
	f.flush()
	f.tap("Trang chủ")
	f.typeInto(searchHint, "+84 912 345 678")
	f.submit(searchHint)
	f.shows("Trần Thị Hoà")
	search := f.entry(searchHint)
	search.SetText("")
	f.typeInto(searchHint, "0912 345")
	f.submit(searchHint)
	assert.NotContains(t, f.texts(), "Trần Thị Hoà")
}
