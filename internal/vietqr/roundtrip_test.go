package vietqr

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundTrips are payments the payment step will make, from the smallest
// to the longest payload Build can write.
var roundTrips = []Payment{
	{BIN: "970436", Service: ToAccount, Number: "1"},
	{BIN: "970418", Service: ToAccount, Number: "12010000123456", Amount: 50_000,
		Purpose: "LP HS 000.00.12.H29-0001"},
	{BIN: "970405", Service: ToCard, Number: "9704050000000000001", Amount: 1},
	{BIN: "970403", Service: ToAccount, Number: strings.Repeat("9", MaxNumber),
		Amount: MaxAmount, Purpose: strings.Repeat("Z", MaxPurpose),
		MerchantName: strings.Repeat("N", MaxMerchantName),
		MerchantCity: strings.Repeat("C", MaxMerchantCity)},
	{BIN: "123456", Service: ToAccount, Number: "VQR0001", Amount: 30_000,
		Purpose: `HS ~!@#$%^&*()_+{}|:"<>?`},
}

// TestBuildParseRoundTrip: what Build writes, Parse reads back as the
// same payment, with the bank named when the list knows it.
func TestBuildParseRoundTrip(t *testing.T) {
	for _, p := range roundTrips {
		s, err := Build(p)
		require.NoError(t, err)
		got, err := Parse(s)
		require.NoError(t, err, s)
		want := p
		want.Bank = bank(p.BIN)
		assert.Equal(t, want, got)
	}
}

// TestQRRoundTrip: the code drawn for the screen is read back by a QR
// decoder that shares no code with the encoder, and the text it reads is
// the same payment.
func TestQRRoundTrip(t *testing.T) {
	for _, p := range roundTrips {
		payload, err := Build(p)
		require.NoError(t, err)
		b, err := QRPNG(payload, DefaultQRSide)
		require.NoError(t, err)

		img, err := png.Decode(bytes.NewReader(b))
		require.NoError(t, err)
		text, level := decodeQR(t, img)
		assert.Equal(t, payload, text)
		assert.Equal(t, "M", level, "error-correction level")

		got, err := Parse(text)
		require.NoError(t, err)
		want := p
		want.Bank = bank(p.BIN)
		assert.Equal(t, want, got)
	}
}

// TestQRSize: the code is at least as large as asked, every module is
// the same whole number of pixels, and a white quiet zone of at least 4
// modules surrounds it, which phone cameras need to find the code.
func TestQRSize(t *testing.T) {
	payload, err := Build(roundTrips[3])
	require.NoError(t, err)
	for _, side := range []int{0, 100, DefaultQRSide, 601} {
		img, err := QRImage(payload, side)
		require.NoError(t, err)
		b := img.Bounds()
		require.Equal(t, b.Dx(), b.Dy(), "square")
		assert.GreaterOrEqual(t, b.Dx(), side)

		// The first dark pixel is the corner of the top-left finder
		// pattern, whose first row is 7 dark modules; the top-right finder
		// pattern ends the same row as far from the right edge.
		x0, y0 := firstDark(img)
		require.Equal(t, x0, y0, "quiet zone as deep on top as on the left")
		run := 0
		for isDark(img, x0+run, y0) {
			run++
		}
		px := run / 7
		require.Zero(t, run%7, "finder pattern of 7 whole modules at side %d", side)
		last := b.Dx() - 1
		for !isDark(img, last, y0) {
			last--
		}
		assert.Equal(t, x0, b.Dx()-1-last, "quiet zone as wide on the right")
		assert.Zero(t, x0%px, "quiet zone of whole modules")
		assert.GreaterOrEqual(t, x0/px, 4, "quiet zone in modules at side %d", side)
		assert.Zero(t, b.Dx()%px, "whole modules at side %d", side)
		if side == DefaultQRSide {
			assert.GreaterOrEqual(t, px, 5, "pixels per module on screen")
		}
		text, _ := decodeQR(t, img)
		assert.Equal(t, payload, text)
	}
}

// TestQRTooLong: text beyond what a QR code holds is refused, not cut.
func TestQRTooLong(t *testing.T) {
	_, err := QRPNG(strings.Repeat("x", 3000), DefaultQRSide)
	assert.Error(t, err)
}

// decodeQR reads a QR code with gozxing and returns its text and
// error-correction level.
func decodeQR(t *testing.T, img image.Image) (string, string) {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	require.NoError(t, err)
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
	require.NoError(t, err)
	level, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL].(string)
	return res.GetText(), level
}

// firstDark returns the first dark pixel, row by row from the top left.
func firstDark(img image.Image) (int, int) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if isDark(img, x, y) {
				return x, y
			}
		}
	}
	return -1, -1
}

// isDark reports whether a pixel is black.
func isDark(img image.Image, x, y int) bool {
	r, _, _, _ := img.At(x, y).RGBA()
	return r < 0x8000
}
