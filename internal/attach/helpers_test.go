package attach

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/stretchr/testify/require"
)

// Colours of the marks docPhoto puts in the corners of the page, so a test
// can tell which way up a photo shows.
var (
	markRed  = color.RGBA{0xE0, 0x10, 0x10, 0xFF}
	markBlue = color.RGBA{0x10, 0x10, 0xE0, 0xFF}
)

// docPhoto draws a w×h photo of a printed page as a phone takes it: a
// grey-white ground lit unevenly, lines of dark letter strokes stroke
// pixels wide, a red mark in the top-left corner and a blue one in the
// top-right, and sensor noise of up to ±noise on each channel.
func docPhoto(w, h, stroke, noise int, seed uint64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 7))
	line := max(8, h/40)
	for y := 0; y < h; y++ {
		inText := y > h/5 && y < h*9/10 && y%line < line*6/10
		for x := 0; x < w; x++ {
			v := 235 - 30*x/w - 20*y/h
			col := (x / stroke) % 24 // words of 8 strokes and 4 blanks
			if inText && col < 16 && col%2 == 0 && x > w/12 && x < w*11/12 {
				v = 40
			}
			c := color.RGBA{uint8(v), uint8(v), uint8(v), 0xFF}
			switch {
			case x > w/20 && x < w/20+w/10 && y > h/20 && y < h/20+h/10:
				c = markRed
			case x > w*17/20 && x < w*19/20 && y > h/20 && y < h/20+h/10:
				c = markBlue
			}
			if noise > 0 {
				c.R = clamp(int(c.R) + rng.IntN(2*noise+1) - noise)
				c.G = clamp(int(c.G) + rng.IntN(2*noise+1) - noise)
				c.B = clamp(int(c.B) + rng.IntN(2*noise+1) - noise)
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// clamp limits v to a byte.
func clamp(v int) uint8 { return uint8(min(255, max(0, v))) }

// encJPEG encodes img as a JPEG of quality q.
func encJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}))
	return buf.Bytes()
}

// encPNG encodes img as a PNG.
func encPNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

// withOrientation returns the JPEG j with an APP1 Exif segment holding
// orientation o put after its start marker, in the byte order given ("MM"
// or "II"), as a phone writes it.
func withOrientation(j []byte, o int, order string) []byte {
	var bo binary.AppendByteOrder = binary.BigEndian
	if order == "II" {
		bo = binary.LittleEndian
	}
	tiff := []byte(order)
	tiff = bo.AppendUint16(tiff, 42)
	tiff = bo.AppendUint32(tiff, 8) // IFD0 right after the header
	tiff = bo.AppendUint16(tiff, 2) // two entries: a make tag, then orientation
	tiff = bo.AppendUint16(tiff, 0x010F)
	tiff = bo.AppendUint16(tiff, 2) // ASCII
	tiff = bo.AppendUint32(tiff, 4)
	tiff = append(tiff, 'A', 'B', 'C', 0)
	tiff = bo.AppendUint16(tiff, 0x0112)
	tiff = bo.AppendUint16(tiff, 3) // SHORT
	tiff = bo.AppendUint32(tiff, 1)
	tiff = bo.AppendUint16(tiff, uint16(o))
	tiff = bo.AppendUint16(tiff, 0)
	tiff = bo.AppendUint32(tiff, 0) // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, j[2:]...)
}

// storedAs returns the picture a camera would store for the upright picture
// img under EXIF orientation o: turned so that applying o gives img back.
func storedAs(img image.Image, o int) image.Image {
	switch o {
	case 6:
		return reorient(img, 8)
	case 8:
		return reorient(img, 6)
	}
	return reorient(img, o) // the other orientations undo themselves
}

// heicHead is the start of a HEIC photo from an iPhone: an "ftyp" box with
// major brand heic and compatible brands mif1 and heic.
var heicHead = []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" +
	"\x00\x00\x00\x08meta")

// pngHeader returns a PNG holding only a header that claims w×h pixels, and
// its end: enough for DecodeConfig.
func pngHeader(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		body := append([]byte(typ), data...)
		out = append(out, body...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(body))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit grey
	out := append([]byte{}, pngMagic...)
	out = append(out, chunk("IHDR", ihdr)...)
	return append(out, chunk("IEND", nil)...)
}

// textPDF makes a PDF of the given number of pages with fpdf, each saying
// which page it is.
func textPDF(t testing.TB, pages int) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetFont("Helvetica", "", 14)
	for i := range pages {
		pdf.AddPage()
		pdf.Cell(40, 10, "Page "+strconv.Itoa(i+1))
	}
	var buf bytes.Buffer
	require.NoError(t, pdf.Output(&buf))
	return buf.Bytes()
}

// installPoppler tries once to install poppler-utils when pdfinfo or
// pdftoppm is missing, the way `make test-deps` would.
var installPoppler = sync.OnceValue(func() string {
	for _, tool := range []string{"pdfinfo", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err == nil {
			continue
		}
		out, err := exec.Command("../../scripts/apt-need.sh", "poppler-utils").CombinedOutput()
		if err != nil {
			return string(out) + err.Error()
		}
		if _, err := exec.LookPath(tool); err != nil {
			return tool + " not found after installing poppler-utils"
		}
	}
	return ""
})

// needPoppler skips the test, saying why, when poppler-utils cannot be had.
func needPoppler(t testing.TB) {
	t.Helper()
	if why := installPoppler(); why != "" {
		t.Skipf("this test reads the PDF with poppler-utils, which could not be installed: %s",
			why)
	}
}

// tool runs a program and returns its standard output.
func tool(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s %v: %s", name, args, stderr.String())
	return out
}

// writeTemp writes data to a file in a new temporary folder.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return path
}

// renderPage renders page n of the PDF at path to a picture at dpi.
func renderPage(t testing.TB, path string, n, dpi int) image.Image {
	t.Helper()
	out := tool(t, "pdftoppm", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n),
		"-r", strconv.Itoa(dpi), "-png", "-singlefile", path)
	img, err := png.Decode(bytes.NewReader(out))
	require.NoError(t, err)
	return img
}

// backdate sets the modification time of path an hour back.
func backdate(t testing.TB, path string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	require.NoError(t, os.Chtimes(path, old, old))
}
