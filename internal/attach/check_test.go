package attach

import (
	"bytes"
	"errors"
	"image"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/image/draw"
)

// checkCase is a file and what Check must say of it.
type checkCase struct {
	name string
	file string
	data []byte
	kind Kind
	// reason, key and want are the refusal expected, when reason is set.
	reason error
	key    string
	want   map[string]string
}

// paddedPDF is a PDF-looking file of exactly size bytes.
func paddedPDF(size int) []byte {
	head, tail := []byte("%PDF-1.4\n"), []byte("\n%%EOF\n")
	out := make([]byte, size)
	copy(out, head)
	copy(out[size-len(tail):], tail)
	return out
}

// grayPhoto returns img in shades of grey, as a scanner set to grey gives.
func grayPhoto(img image.Image) *image.Gray {
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}

// checkCases builds the table shared by TestCheck and FuzzCheck's seeds.
func checkCases(t testing.TB) []checkCase {
	photo := docPhoto(120, 90, 2, 0, 1)
	jpg := encJPEG(t, photo, 90)
	pngData := encPNG(t, photo)
	pdf := textPDF(t, 3)
	bmp := append([]byte("BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"),
		make([]byte, 40)...)

	return []checkCase{
		{name: "phone photo", file: "IMG_0001.jpg", data: jpg, kind: JPEG},
		{name: "screenshot", file: "anh-chup-man-hinh.png", data: pngData, kind: PNG},
		{name: "scanned pdf", file: "giay-khai-sinh.pdf", data: pdf, kind: PDF},
		{name: "grey scan", file: "scan.jpg", data: encJPEG(t, grayPhoto(photo), 80),
			kind: JPEG},
		{name: "photo named as a pdf is still a photo", file: "cccd.pdf", data: jpg,
			kind: JPEG},
		{name: "phone adds data after the end of the photo", file: "samsung.jpg",
			data: append(slices.Clone(jpg), []byte("SEFHtrailer\xFF\xD9 more")...), kind: JPEG},
		{name: "pdf with a few bytes before its header", file: "x.pdf",
			data: append([]byte("\r\n\r\n"), pdf...), kind: PDF},
		{name: "exactly the limit", file: "big.pdf", data: paddedPDF(MaxBytes), kind: PDF},

		{name: "empty file", file: "a.jpg", data: nil, reason: ErrEmpty, key: "attach.empty"},
		{name: "over the limit", file: "scan.pdf", data: paddedPDF(MaxBytes + MB/2),
			reason: ErrTooLarge, key: "attach.toolarge",
			want: map[string]string{"Size": "31 MB", "Limit": "30 MB"}},
		{name: "too many pixels", file: "108mp.png", data: pngHeader(12000, 10000),
			reason: ErrTooManyPixels, key: "attach.pixels",
			want: map[string]string{"Megapixels": "120", "Limit": "110"}},
		{name: "iphone heic", file: "IMG_0002.HEIC", data: heicHead, reason: ErrHEIC,
			key: "attach.heic"},
		{name: "heif with mif1 first", file: "x.heif",
			data: []byte("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic"), reason: ErrHEIC,
			key: "attach.heic"},
		{name: "heic renamed to jpg", file: "anh.jpg", data: heicHead, reason: ErrHEIC,
			key: "attach.heic"},
		{name: "avif", file: "a.avif",
			data:   []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"),
			reason: ErrType, key: "attach.type", want: map[string]string{"Format": "AVIF"}},
		{name: "mp4 video", file: "VID_0001.mp4",
			data:   []byte("\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"),
			reason: ErrType, key: "attach.type.video"},
		{name: "iphone video", file: "IMG_0003.MOV",
			data:   []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  "),
			reason: ErrType, key: "attach.type.video"},
		{name: "webm video", file: "v.webm", data: []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81"),
			reason: ErrType, key: "attach.type.video"},
		{name: "webp from zalo", file: "zalo.webp", data: []byte("RIFF\x24\x00\x00\x00WEBPVP8 "),
			reason: ErrType, key: "attach.type", want: map[string]string{"Format": "WebP"}},
		{name: "gif", file: "a.gif", data: []byte("GIF89a\x01\x00\x01\x00"), reason: ErrType,
			key: "attach.type", want: map[string]string{"Format": "GIF"}},
		{name: "bmp", file: "a.bmp", data: bmp, reason: ErrType, key: "attach.type",
			want: map[string]string{"Format": "BMP"}},
		{name: "tiff from a scanner", file: "scan.tif", data: []byte("II*\x00\x08\x00\x00\x00"),
			reason: ErrType, key: "attach.type", want: map[string]string{"Format": "TIFF"}},
		{name: "word document", file: "don.docx", data: []byte("PK\x03\x04\x14\x00\x06\x00"),
			reason: ErrType, key: "attach.type.office"},
		{name: "old word document", file: "don.doc",
			data: []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), reason: ErrType,
			key: "attach.type.office"},
		{name: "text named as a pdf", file: "to-khai.PDF", data: []byte("Xin chào"),
			reason: ErrType, key: "attach.type.misnamed", want: map[string]string{"Ext": ".pdf"}},
		{name: "text", file: "ghi-chu.txt", data: []byte("Xin chào"), reason: ErrType,
			key: "attach.type.unknown"},
		{name: "bm text is not a bitmap", file: "bm.txt", data: []byte("BM is not a bitmap"),
			reason: ErrType, key: "attach.type.unknown"},

		{name: "photo cut short", file: "a.jpg", data: jpg[:len(jpg)/2], reason: ErrDamaged,
			key: "attach.damaged"},
		{name: "photo without its end marker", file: "a.jpg", data: jpg[:len(jpg)-2],
			reason: ErrDamaged, key: "attach.damaged"},
		{name: "jpeg start then rubbish", file: "a.jpg", data: []byte("\xFF\xD8\xFFrubbish!"),
			reason: ErrDamaged, key: "attach.damaged"},
		{name: "png cut short", file: "a.png", data: pngData[:len(pngData)-12],
			reason: ErrDamaged, key: "attach.damaged"},
		{name: "png of no pixels", file: "a.png", data: pngHeader(0, 10), reason: ErrDamaged,
			key: "attach.damaged"},
		{name: "pdf download cut short", file: "a.pdf", data: pdf[:len(pdf)/2],
			reason: ErrDamaged, key: "attach.damaged"},
	}
}

func TestCheck(t *testing.T) {
	for _, c := range checkCases(t) {
		t.Run(c.name, func(t *testing.T) {
			kind, err := Check(c.file, c.data)
			if c.reason == nil {
				require.NoError(t, err)
				assert.Equal(t, c.kind, kind)
				return
			}
			require.Error(t, err)
			assert.Empty(t, kind)
			assert.ErrorIs(t, err, c.reason)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, c.key, e.Key)
			assert.Equal(t, c.file, e.Name)
			for k, v := range c.want {
				assert.Equal(t, v, e.Data[k], k)
			}
			assertReadable(t, err)
		})
	}
}

// TestRefusalsMatchTheirWiderReason: a HEIC photo is a type the desk does
// not take, and a picture of too many pixels is a file too large, so a
// screen that only knows the wider reason still handles them.
func TestRefusalsMatchTheirWiderReason(t *testing.T) {
	_, err := Check("x.heic", heicHead)
	assert.ErrorIs(t, err, ErrType)
	_, err = Check("x.png", pngHeader(20000, 20000))
	assert.ErrorIs(t, err, ErrTooLarge)
}

// TestErrorLeavesTheNameOut: the file name may name the citizen, and an
// error's text may end up in a log.
func TestErrorLeavesTheNameOut(t *testing.T) {
	_, err := Check("CCCD Nguyễn Văn An 079090001234.heic", heicHead)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "Nguyễn")
	assert.NotContains(t, err.Error(), "079090001234")
	assert.Contains(t, err.Error(), "HEIC")

	_, err = Check("Trần Thị Bình.pdf", paddedPDF(MaxBytes+1))
	assert.Equal(t, "file is too large (limit 30 MB, size 31 MB)", err.Error())
}

// zeros is an endless stream of zero bytes with no Stat.
type zeros struct{}

// Read fills p with zeros.
func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// failing fails every read.
type failing struct{}

// Read fails.
func (failing) Read([]byte) (int, error) { return 0, errors.New("disk unplugged") }

func TestRead(t *testing.T) {
	jpg := encJPEG(t, docPhoto(120, 90, 2, 0, 1), 90)

	t.Run("a photo", func(t *testing.T) {
		data, kind, err := Read("a.jpg", bytes.NewReader(jpg))
		require.NoError(t, err)
		assert.Equal(t, JPEG, kind)
		assert.Equal(t, jpg, data)
	})
	t.Run("too large, size counted", func(t *testing.T) {
		_, _, err := Read("scan.pdf", bytes.NewReader(paddedPDF(MaxBytes+MB/2)))
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "attach.toolarge", e.Key)
		assert.Equal(t, "31 MB", e.Data["Size"])
	})
	t.Run("too large, size from the file system", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "big.png")
		f, err := os.Create(path)
		require.NoError(t, err)
		_, err = f.Write(pngMagic)
		require.NoError(t, err)
		require.NoError(t, f.Truncate(40*MB))
		_, err = f.Seek(0, io.SeekStart)
		require.NoError(t, err)
		defer f.Close()

		_, _, err = Read("big.png", f)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "attach.toolarge", e.Key)
		assert.Equal(t, "40 MB", e.Data["Size"])
	})
	t.Run("far too large to count", func(t *testing.T) {
		r := io.MultiReader(bytes.NewReader([]byte("%PDF-1.7\n")), zeros{})
		_, _, err := Read("export.pdf", r)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "attach.toolarge.huge", e.Key)
		assertReadable(t, err)
	})
	t.Run("a large video is named a video", func(t *testing.T) {
		head := []byte("\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41")
		_, _, err := Read("VID.mp4", io.MultiReader(bytes.NewReader(head), zeros{}))
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "attach.type.video", e.Key)
	})
	t.Run("a read that fails", func(t *testing.T) {
		_, _, err := Read("a.jpg", failing{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "disk unplugged")
		assert.False(t, errors.As(err, new(*Error)), "not the file's fault")
	})
}

func FuzzCheck(f *testing.F) {
	for _, c := range checkCases(f) {
		if len(c.data) <= 64<<10 {
			f.Add(c.file, c.data)
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		kind, err := Check(name, data)
		if err != nil {
			assert.Empty(t, kind)
			var e *Error
			require.ErrorAs(t, err, &e)
			_, ok := catalogs(t)["vi"][e.Key]
			require.True(t, ok, "no message for %q", e.Key)
			return
		}
		require.Contains(t, kinds, kind)
		if kind.IsImage() {
			cfg, err := decodeConfig(kind, data)
			require.NoError(t, err)
			assert.LessOrEqual(t, int64(cfg.Width)*int64(cfg.Height), int64(MaxPixels))
		}
		got, rkind, rerr := Read(name, bytes.NewReader(data))
		require.NoError(t, rerr)
		assert.Equal(t, kind, rkind)
		assert.Equal(t, data, got)
	})
}
