package xvfb

import (
	"encoding/binary"
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// xwdFile builds an XWD file the way xwd lays it out: header, window name,
// colormap, then rows of pixels padded to stride bytes.
type xwdFile struct {
	header  [headerFields]uint32
	name    string
	pixels  [][]uint32
	stride  int
	bpp     int
	lsb     bool
	ncolors int
}

func (f xwdFile) bytes() []byte {
	h := f.header
	h[hHeaderSize] = uint32(headerFields*4 + len(f.name) + 1)
	h[hBytesPerLine] = uint32(f.stride)
	h[hBitsPerPixel] = uint32(f.bpp * 8)
	h[hNColors] = uint32(f.ncolors)
	if !f.lsb {
		h[hByteOrder] = 1
	}
	out := make([]byte, 0, 256)
	for _, v := range h {
		out = binary.BigEndian.AppendUint32(out, v)
	}
	out = append(out, f.name...)
	out = append(out, 0)
	out = append(out, make([]byte, f.ncolors*colorEntry)...)
	for _, row := range f.pixels {
		line := make([]byte, f.stride)
		for x, p := range row {
			for i := range f.bpp {
				shift := 8 * i
				if !f.lsb {
					shift = 8 * (f.bpp - 1 - i)
				}
				line[x*f.bpp+i] = byte(p >> shift)
			}
		}
		out = append(out, line...)
	}
	return out
}

// trueColorFile is a 2x2 image in the layout given, with the masks of a
// 24-bit (or 16-bit 5-6-5) TrueColor visual.
func trueColorFile(bpp int, lsb bool) xwdFile {
	f := xwdFile{name: "Tiếp Sức", bpp: bpp, lsb: lsb, stride: 2*bpp + 3, ncolors: 2}
	f.header[hFileVersion] = xwdVersion
	f.header[hPixmapFormat] = zPixmap
	f.header[hVisualClass] = trueColor
	f.header[hWidth], f.header[hHeight] = 2, 2
	if bpp == 2 {
		f.header[hRedMask], f.header[hGreenMask], f.header[hBlueMask] = 0xf800, 0x07e0, 0x001f
		f.pixels = [][]uint32{{0xf800, 0x07e0}, {0x001f, 0xffff}}
		return f
	}
	f.header[hRedMask], f.header[hGreenMask], f.header[hBlueMask] = 0xff0000, 0xff00, 0xff
	f.pixels = [][]uint32{{0xff0000, 0x00ff00}, {0x0000ff, 0xffffff}}
	return f
}

func TestDecodeXWD(t *testing.T) {
	want := [][]color.RGBA{
		{{R: 255, A: 255}, {G: 255, A: 255}},
		{{B: 255, A: 255}, {R: 255, G: 255, B: 255, A: 255}},
	}
	tests := []struct {
		name string
		file xwdFile
	}{
		{name: "32 bits little-endian, as Xvfb on amd64", file: trueColorFile(4, true)},
		{name: "32 bits big-endian", file: trueColorFile(4, false)},
		{name: "24 bits packed", file: trueColorFile(3, true)},
		{name: "16 bits 5-6-5", file: trueColorFile(2, true)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, err := DecodeXWD(tc.file.bytes())
			require.NoError(t, err)

			require.Equal(t, 2, img.Bounds().Dx())
			require.Equal(t, 2, img.Bounds().Dy())
			for y, row := range want {
				for x, c := range row {
					assert.Equal(t, c, img.RGBAAt(x, y), "pixel %d,%d", x, y)
				}
			}
		})
	}
}

func TestDecodeXWDRejects(t *testing.T) {
	good := trueColorFile(4, true)
	tests := []struct {
		name string
		edit func(f *xwdFile) []byte
	}{
		{name: "too short for a header", edit: func(f *xwdFile) []byte { return f.bytes()[:60] }},
		{name: "cut in the pixels", edit: func(f *xwdFile) []byte {
			b := f.bytes()
			return b[:len(b)-1]
		}},
		{name: "old file version", edit: func(f *xwdFile) []byte {
			f.header[hFileVersion] = 6
			return f.bytes()
		}},
		{name: "XY pixmap", edit: func(f *xwdFile) []byte {
			f.header[hPixmapFormat] = 1
			return f.bytes()
		}},
		{name: "colormapped visual", edit: func(f *xwdFile) []byte {
			f.header[hVisualClass] = 3
			return f.bytes()
		}},
		{name: "lines shorter than the width", edit: func(f *xwdFile) []byte {
			f.stride = 4
			f.pixels = [][]uint32{{1}, {2}}
			return f.bytes()
		}},
		{name: "huge size", edit: func(f *xwdFile) []byte {
			f.header[hWidth] = 1 << 20
			return f.bytes()
		}},
		{name: "no red mask", edit: func(f *xwdFile) []byte {
			f.header[hRedMask] = 0
			return f.bytes()
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := good
			_, err := DecodeXWD(tc.edit(&f))
			require.ErrorIs(t, err, ErrXWD)
		})
	}
}

func FuzzDecodeXWD(f *testing.F) {
	f.Add(trueColorFile(4, true).bytes())
	f.Add(trueColorFile(3, false).bytes())
	f.Add(trueColorFile(2, true).bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := DecodeXWD(data)
		if err != nil {
			require.ErrorIs(t, err, ErrXWD)
			return
		}
		require.Positive(t, img.Bounds().Dx())
		require.Positive(t, img.Bounds().Dy())
	})
}
