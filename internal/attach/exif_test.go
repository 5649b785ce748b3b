package attach

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// app0 is a JFIF segment, which most cameras write before the Exif one.
var app0 = []byte("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")

// orientationCases builds the table shared by TestOrientation and the seeds
// of FuzzOrientation.
func orientationCases(t testing.TB) []struct {
	name string
	data []byte
	want int
} {
	jpg := encJPEG(t, docPhoto(16, 12, 2, 0, 1), 80)
	six := withOrientation(jpg, 6, "MM")
	afterJFIF := slices.Concat(jpg[:2], app0, six[2:])
	long := withOrientation(jpg, 0, "II")
	// Make the tag a LONG holding 8, as a few programs write it.
	i := bytes.Index(long, []byte{0x12, 0x01, 0x03, 0x00}) // tag 0x0112, SHORT
	require.Positive(t, i)
	binary.LittleEndian.PutUint16(long[i+2:], 4)
	binary.LittleEndian.PutUint32(long[i+8:], 8)
	exifAfterScan := slices.Concat(jpg[:len(jpg)-2], six[2:2+2+0x36], []byte{0xFF, 0xD9})

	cases := []struct {
		name string
		data []byte
		want int
	}{
		{"no exif", jpg, 1},
		{"little-endian, turned a quarter", withOrientation(jpg, 6, "II"), 6},
		{"after a JFIF segment", afterJFIF, 6},
		{"tag written as a LONG", long, 8},
		{"value out of range", withOrientation(jpg, 9, "MM"), 1},
		{"value zero", withOrientation(jpg, 0, "MM"), 1},
		{"not a jpeg", []byte("%PDF-1.4"), 1},
		{"empty", nil, 1},
		{"exif cut short", six[:30], 1},
		{"segment longer than the file", six[:len(six)/3], 6},
		{"exif segment after the scan is not read", exifAfterScan, 1},
		{"fill bytes before a marker", slices.Concat(jpg[:2], []byte{0xFF, 0xFF}, six[2:]), 6},
	}
	for o := 1; o <= 8; o++ {
		cases = append(cases, struct {
			name string
			data []byte
			want int
		}{"big-endian " + string(rune('0'+o)), withOrientation(jpg, o, "MM"), o})
	}
	return cases
}

func TestOrientation(t *testing.T) {
	for _, c := range orientationCases(t) {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Orientation(c.data))
		})
	}
}

// TestReorient checks each orientation against the words of the EXIF
// standard, which say where the stored picture's first row and first
// column go when shown: that is where its top-left and top-right pixels
// must land.
func TestReorient(t *testing.T) {
	const w, h = 5, 3
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	topLeft := color.RGBA{1, 0, 0, 255}
	topRight := color.RGBA{2, 0, 0, 255}
	src.SetRGBA(0, 0, topLeft)
	src.SetRGBA(w-1, 0, topRight)

	cases := []struct {
		o                 int
		say               string
		size              image.Point
		atTopLeft, atTopR image.Point
	}{
		{1, "row 0 at the top, column 0 at the left", image.Pt(w, h),
			image.Pt(0, 0), image.Pt(w-1, 0)},
		{2, "row 0 at the top, column 0 at the right", image.Pt(w, h),
			image.Pt(w-1, 0), image.Pt(0, 0)},
		{3, "row 0 at the bottom, column 0 at the right", image.Pt(w, h),
			image.Pt(w-1, h-1), image.Pt(0, h-1)},
		{4, "row 0 at the bottom, column 0 at the left", image.Pt(w, h),
			image.Pt(0, h-1), image.Pt(w-1, h-1)},
		{5, "row 0 at the left, column 0 at the top", image.Pt(h, w),
			image.Pt(0, 0), image.Pt(0, w-1)},
		{6, "row 0 at the right, column 0 at the top", image.Pt(h, w),
			image.Pt(h-1, 0), image.Pt(h-1, w-1)},
		{7, "row 0 at the right, column 0 at the bottom", image.Pt(h, w),
			image.Pt(h-1, w-1), image.Pt(h-1, 0)},
		{8, "row 0 at the left, column 0 at the bottom", image.Pt(h, w),
			image.Pt(0, w-1), image.Pt(0, 0)},
	}
	for _, c := range cases {
		t.Run(c.say, func(t *testing.T) {
			for _, in := range []image.Image{src, grayPhoto(src)} {
				got := reorient(in, c.o)
				require.Equal(t, c.size, got.Bounds().Size())
				r := func(p image.Point) uint32 {
					v, _, _, _ := got.At(p.X, p.Y).RGBA()
					return v >> 8
				}
				wantTL, wantTR := uint32(1), uint32(2)
				if _, ok := in.(*image.Gray); ok { // grey keeps only luminance
					wantTL, wantTR = grayOf(topLeft), grayOf(topRight)
				}
				assert.Equal(t, wantTL, r(c.atTopLeft), "stored top-left pixel")
				assert.Equal(t, wantTR, r(c.atTopR), "stored top-right pixel")
			}
		})
	}
}

// grayOf is the grey level Go gives colour c.
func grayOf(c color.RGBA) uint32 { return uint32(color.GrayModel.Convert(c).(color.Gray).Y) }

func FuzzOrientation(f *testing.F) {
	for _, c := range orientationCases(f) {
		f.Add(c.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o := Orientation(data)
		require.GreaterOrEqual(t, o, 1)
		require.LessOrEqual(t, o, 8)
		if at := walkJPEG(data, func(byte, []byte) bool { return true }); at >= 0 {
			require.LessOrEqual(t, at, len(data))
		}
	})
}
