package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/vietqr"
)

// TestPaymentByTransferShowsVietQR: with the center's account set, the
// payment step shows a VietQR code a bank app can read, for the
// procedure's online fee and naming the dossier; recording the payment
// keeps the bank's reference and when.
func TestPaymentByTransferShowsVietQR(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for k, v := range map[string]string{settingFeeBIN: "970436",
		settingFeeAccount: "0071000123456", settingFeeName: "TT PVHCC Tam Hiep"} {
		require.NoError(t, f.store.SetSetting(ctx, k, v))
	}
	startDetails(f)
	f.tap("6  Lệ phí")
	f.shows("Chưa chọn thủ tục.")
	f.tap("5  Hồ sơ")
	f.selectOption("Đăng ký tạm trú")
	f.tap("6  Lệ phí")
	f.shows("Trả trong trang thanh toán của Cổng")
	f.selectRadio("Chuyển khoản vào tài khoản của Trung tâm")
	f.shows("Số tiền: 7.000 ₫")

	img := f.qrImage()
	bounds := img.Image.Bounds()
	assert.GreaterOrEqual(t, bounds.Dx(), vietqr.DefaultQRSide, "big enough to scan")
	bmp, err := gozxing.NewBinaryBitmapFromImage(img.Image)
	require.NoError(t, err)
	res, err := zxqr.NewQRCodeReader().Decode(bmp,
		map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	require.NoError(t, err, "a phone can read the code")
	pay, err := vietqr.Parse(res.GetText())
	require.NoError(t, err)
	assert.Equal(t, "970436", pay.BIN)
	assert.Equal(t, "0071000123456", pay.Number)
	assert.Equal(t, int64(7000), pay.Amount)
	assert.Contains(t, pay.Purpose, "TIEP SUC HS")

	f.selectRadio("Đã trả")
	f.typeInto("Mã giao dịch trên biên lai của ngân hàng", "FT26338123456")
	f.shows("Ghi lúc 04/12/2026 ")
	f.flush()
	d, err := f.store.Draft(ctx, f.desk.session.draft.ID)
	require.NoError(t, err)
	assert.Equal(t, "paid", d.Fields[fieldPaymentState])
	assert.Equal(t, "FT26338123456", d.Fields[fieldPaymentRef])
	assert.Equal(t, "transfer", d.Fields[fieldPaymentMethod])
}

// TestPaymentWithoutAccountSaysWhatToDo: without the center's account the
// transfer choice says where to set it, instead of a broken code.
func TestPaymentWithoutAccountSaysWhatToDo(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.tap("5  Hồ sơ")
	f.selectOption("Đăng ký tạm trú")
	f.tap("6  Lệ phí")
	f.selectRadio("Chuyển khoản vào tài khoản của Trung tâm")
	f.shows("Chưa có tài khoản nhận phí của Trung tâm.")
}

// qrImage is the QR code on screen.
func (f *fixture) qrImage() *canvas.Image {
	f.t.Helper()
	for _, o := range f.objects() {
		if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Visible() &&
			img.Image.Bounds().Dx() >= 100 {
			return img
		}
	}
	f.t.Fatalf("no QR code on screen")
	return nil
}

// TestVNeIDProgressKeepsTheDay: ticking a VNeID stage keeps the day it was
// reached and shows it; unticking clears it.
func TestVNeIDProgressKeepsTheDay(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.check("Đã đăng ký mức 1")
	f.check("Đã kích hoạt")
	f.shows("Đã đăng ký mức 1 (04/12/2026)")
	f.check("Đã kích hoạt") // a slip: untick
	f.flush()
	d, err := f.store.Draft(context.Background(), f.desk.session.draft.ID)
	require.NoError(t, err)
	assert.Equal(t, "04/12/2026", d.Fields[vneidField("level1_registered")])
	assert.Empty(t, d.Fields[vneidField("activated")])
	assert.Equal(t, "Đã đăng ký mức 1", vneidLatest(d.Fields))
}

// TestFreeProcedureOffersNoTransfer: a procedure without a fee says there
// is nothing to pay and offers no bank transfer.
func TestFreeProcedureOffersNoTransfer(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.tap("5  Hồ sơ")
	f.selectOption("Đăng ký khai sinh")
	f.tap("6  Lệ phí")
	p, ok := f.desk.catalog().ByID("birth_registration")
	require.True(t, ok)
	if amount, known := onlineFee(p); !known || amount != 0 {
		t.Skip("the catalogue no longer says birth registration is free")
	}
	f.shows("không cần trả gì")
	assert.NotContains(t, f.texts(), "Chuyển khoản vào tài khoản của Trung tâm")
	f.selectRadio("Không phải trả")
}
