package app

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/attach"
)

// photo makes a JPEG of w×h noisy pixels with dark stripes like text,
// large in bytes as a phone's photo of a paper is.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8(200 + r.IntN(55))
			if (y/24)%3 == 0 && (x/8)%5 != 0 {
				v = uint8(r.IntN(60))
			}
			img.Set(x, y, color.RGBA{v, v, v, 255})
		}
	}
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, img, &jpeg.Options{Quality: 97}))
	return b.Bytes()
}

// TestAttachPhotoToDossier: a photo over 4 MB is offered shrinking and,
// shrunk, is kept on the desk with its thumbnail and size; a HEIC photo is
// refused with a message saying what to do; removing asks first.
func TestAttachPhotoToDossier(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.tap("5  Hồ sơ")
	f.selectOption("Đăng ký tạm trú")
	f.shows("Chưa có ảnh hay tệp nào.")

	big := photo(t, 3000, 2200)
	require.Greater(t, len(big), attach.PortalTarget, "the test photo is over 4 MB")
	v := f.desk.session
	p, _ := f.desk.catalog().ByID("temporary_residence")
	v.addAttachment("so-do-nha.jpg", bytes.NewReader(big), "temporary_residence.0",
		func() { f.tap("5  Hồ sơ") })
	f.shows("Ảnh lớn")
	f.tap("Thu nhỏ")
	as, err := f.store.Attachments(context.Background(), v.draft.ID)
	require.NoError(t, err)
	require.Len(t, as, 1)
	assert.Less(t, as[0].Size, int64(attach.PortalTarget))
	assert.Equal(t, "jpeg", as[0].Kind)
	f.shows("Ảnh JPEG · ")
	f.shows(p.Papers[0].Name.In("vi"))

	heic := append([]byte{0, 0, 0, 24}, []byte("ftypheic\x00\x00\x00\x00mif1heic")...)
	v.addAttachment("IMG_0001.HEIC", bytes.NewReader(heic), "", func() {})
	f.shows("IMG_0001.HEIC: ")

	f.tap("Xoá")
	f.tap("Có")
	as, err = f.store.Attachments(context.Background(), v.draft.ID)
	require.NoError(t, err)
	assert.Empty(t, as)
}
