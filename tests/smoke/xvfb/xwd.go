package xvfb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math/bits"
)

// XWD header fields, in file order; each is a big-endian 32-bit number.
const (
	hHeaderSize = iota
	hFileVersion
	hPixmapFormat
	hPixmapDepth
	hWidth
	hHeight
	hXOffset
	hByteOrder
	hBitmapUnit
	hBitmapBitOrder
	hBitmapPad
	hBitsPerPixel
	hBytesPerLine
	hVisualClass
	hRedMask
	hGreenMask
	hBlueMask
	hBitsPerRGB
	hColormapEntries
	hNColors
	hFields // number of fields
)

const (
	xwdVersion   = 7
	zPixmap      = 2
	lsbFirst     = 0
	trueColor    = 4
	directColor  = 5
	colorEntry   = 12 // bytes per colormap entry after the header
	maxSide      = 1 << 14
	headerFields = 25 // the header has 25 fields; the last ones describe the window
)

// ErrXWD is wrapped by every DecodeXWD error about the file's content.
var ErrXWD = errors.New("bad xwd image")

// DecodeXWD decodes an X Window Dump as written by `xwd` from a TrueColor
// or DirectColor window in ZPixmap format, at 16, 24 or 32 bits per pixel,
// which is what Xvfb at depth 16 or 24 gives. Other kinds are an error.
func DecodeXWD(data []byte) (*image.RGBA, error) {
	if len(data) < headerFields*4 {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrXWD, len(data))
	}
	var h [hFields]uint32
	for i := range h {
		h[i] = binary.BigEndian.Uint32(data[i*4:])
	}
	if err := checkHeader(h, len(data)); err != nil {
		return nil, err
	}

	width, height := int(h[hWidth]), int(h[hHeight])
	bpp := int(h[hBitsPerPixel]) / 8
	stride := int(h[hBytesPerLine])
	start := int(h[hHeaderSize]) + int(h[hNColors])*colorEntry
	masks := [3]uint32{h[hRedMask], h[hGreenMask], h[hBlueMask]}
	lsb := h[hByteOrder] == lsbFirst

	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := range height {
		row := data[start+y*stride:]
		for x := range width {
			p := pixel(row[x*bpp:x*bpp+bpp], lsb)
			img.SetRGBA(x, y, color.RGBA{
				R: channel(p, masks[0]),
				G: channel(p, masks[1]),
				B: channel(p, masks[2]),
				A: 0xff,
			})
		}
	}
	return img, nil
}

// checkHeader rejects headers this decoder cannot read or whose sizes do
// not fit in size bytes of file.
func checkHeader(h [hFields]uint32, size int) error {
	switch {
	case h[hFileVersion] != xwdVersion:
		return fmt.Errorf("%w: version %d, want %d", ErrXWD, h[hFileVersion], xwdVersion)
	case h[hPixmapFormat] != zPixmap:
		return fmt.Errorf("%w: pixmap format %d, want ZPixmap", ErrXWD, h[hPixmapFormat])
	case h[hVisualClass] != trueColor && h[hVisualClass] != directColor:
		return fmt.Errorf("%w: visual class %d, want TrueColor", ErrXWD, h[hVisualClass])
	case h[hBitsPerPixel] != 16 && h[hBitsPerPixel] != 24 && h[hBitsPerPixel] != 32:
		return fmt.Errorf("%w: %d bits per pixel", ErrXWD, h[hBitsPerPixel])
	case h[hWidth] == 0 || h[hHeight] == 0 || h[hWidth] > maxSide || h[hHeight] > maxSide:
		return fmt.Errorf("%w: size %dx%d", ErrXWD, h[hWidth], h[hHeight])
	case h[hRedMask] == 0 || h[hGreenMask] == 0 || h[hBlueMask] == 0:
		return fmt.Errorf("%w: empty colour mask", ErrXWD)
	}

	// All sums below stay far from overflow: every term is under 2^32 and
	// int is 64 bits on the platforms Fyne's desktop driver supports.
	if uint64(h[hBytesPerLine]) < uint64(h[hWidth])*uint64(h[hBitsPerPixel]/8) {
		return fmt.Errorf("%w: %d bytes per line for %d pixels", ErrXWD,
			h[hBytesPerLine], h[hWidth])
	}
	start := uint64(h[hHeaderSize]) + uint64(h[hNColors])*colorEntry
	need := start + uint64(h[hBytesPerLine])*uint64(h[hHeight])
	if uint64(h[hHeaderSize]) < headerFields*4 || need > uint64(size) {
		return fmt.Errorf("%w: needs %d bytes, has %d", ErrXWD, need, size)
	}
	return nil
}

// pixel reads one pixel value of len(b) bytes in the file's byte order.
func pixel(b []byte, lsb bool) uint32 {
	var p uint32
	for i := range b {
		if lsb {
			p |= uint32(b[i]) << (8 * i)
		} else {
			p = p<<8 | uint32(b[i])
		}
	}
	return p
}

// channel extracts the colour under mask from p and scales it to 8 bits.
func channel(p, mask uint32) uint8 {
	shift := bits.TrailingZeros32(mask)
	width := bits.OnesCount32(mask >> shift)
	v := uint64(p&mask) >> shift
	top := uint64(1)<<width - 1
	return uint8(v * 255 / top)
}
