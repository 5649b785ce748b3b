package attach

import (
	"encoding/binary"
	"image"

	"golang.org/x/image/draw"
)

// Orientation returns the EXIF orientation of a JPEG photo, 1 to 8, or 1
// when it has none or the tag cannot be read. A phone held upright stores
// its photo sideways and writes 6 here, so the photo must be turned before
// it is shown, shrunk or put in a PDF.
//
// It reads only what it needs: the JPEG segments before the first scan,
// the APP1 "Exif" segment among them, and the first directory (IFD0) of
// its TIFF structure, where the orientation tag (0x0112) lives.
func Orientation(jpegData []byte) int {
	o := 1
	walkJPEG(jpegData, func(marker byte, seg []byte) bool {
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			o = tiffOrientation(seg[6:])
			return false
		}
		return true
	})
	return o
}

// walkJPEG calls visit with the marker and payload of each segment of the
// JPEG b, in order, up to and including the first start of scan, until
// visit returns false. It returns the offset just past the start-of-scan
// header, or -1 when it did not get there: b is not a JPEG, a segment runs
// past the end, or visit stopped early.
func walkJPEG(b []byte, visit func(marker byte, payload []byte) bool) int {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return -1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return -1
		}
		marker := b[i+1]
		switch {
		case marker == 0xFF: // fill byte before a marker
			i++
			continue
		case marker == 0x01 || marker >= 0xD0 && marker <= 0xD8:
			i += 2 // markers without a length
			continue
		case marker == 0xD9: // end of image before any scan
			return -1
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return -1
		}
		if !visit(marker, b[i+4:i+2+n]) {
			return -1
		}
		i += 2 + n
		if marker == 0xDA { // start of scan: entropy-coded data follows
			return i
		}
	}
	return -1
}

// tiffOrientation reads the orientation tag from IFD0 of the TIFF data t.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		order = binary.LittleEndian
	case "MM\x00*":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := uint64(order.Uint32(t[4:]))
	if ifd+2 > uint64(len(t)) {
		return 1
	}
	count := uint64(order.Uint16(t[ifd:]))
	for k := uint64(0); k < count; k++ {
		e := ifd + 2 + 12*k
		if e+12 > uint64(len(t)) {
			return 1
		}
		if order.Uint16(t[e:]) != 0x0112 {
			continue
		}
		var v uint32
		switch order.Uint16(t[e+2:]) {
		case 3: // SHORT, in the first two bytes of the value
			v = uint32(order.Uint16(t[e+8:]))
		case 4: // LONG, written by a few programs
			v = order.Uint32(t[e+8:])
		default:
			return 1
		}
		if v < 1 || v > 8 {
			return 1
		}
		return int(v)
	}
	return 1
}

// swapsSides reports whether orientation o turns the picture a quarter, so
// its width and height trade places when shown.
func swapsSides(o int) bool { return o >= 5 && o <= 8 }

// reorient returns img turned and mirrored as EXIF orientation o says,
// so it shows upright. Orientation 1, or an unknown one, returns img.
func reorient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	var (
		pix    []byte
		stride int
		bpp    int
	)
	gray, isGray := img.(*image.Gray)
	rgba, isRGBA := img.(*image.RGBA)
	if img.Bounds().Min != (image.Point{}) {
		// Decoders and the scaler give pictures at (0, 0); copy any other.
		isGray, isRGBA = false, false
	}
	switch {
	case isGray:
		pix, stride, bpp = gray.Pix, gray.Stride, 1
	case isRGBA:
		pix, stride, bpp = rgba.Pix, rgba.Stride, 4
	default:
		c := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
		draw.Draw(c, c.Bounds(), img, img.Bounds().Min, draw.Src)
		pix, stride, bpp = c.Pix, c.Stride, 4
	}

	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	dw, dh := w, h
	if swapsSides(o) {
		dw, dh = h, w
	}
	var out image.Image
	var dst []byte
	var dstride int
	if bpp == 1 {
		g := image.NewGray(image.Rect(0, 0, dw, dh))
		out, dst, dstride = g, g.Pix, g.Stride
	} else {
		c := image.NewRGBA(image.Rect(0, 0, dw, dh))
		out, dst, dstride = c, c.Pix, c.Stride
	}
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			sx, sy := sourceOf(o, x, y, w, h)
			copy(dst[y*dstride+x*bpp:y*dstride+x*bpp+bpp], pix[sy*stride+sx*bpp:])
		}
	}
	return out
}

// sourceOf returns the pixel of a w×h stored picture that shows at (x, y)
// once the picture is turned upright for EXIF orientation o.
func sourceOf(o, x, y, w, h int) (sx, sy int) {
	switch o {
	case 2: // mirrored left to right
		return w - 1 - x, y
	case 3: // upside down
		return w - 1 - x, h - 1 - y
	case 4: // mirrored top to bottom
		return x, h - 1 - y
	case 5: // mirrored along the top-left diagonal
		return y, x
	case 6: // stored a quarter turn anticlockwise: turn it clockwise
		return y, h - 1 - x
	case 7: // mirrored along the other diagonal
		return w - 1 - y, h - 1 - x
	case 8: // stored a quarter turn clockwise: turn it anticlockwise
		return w - 1 - y, x
	}
	return x, y
}
