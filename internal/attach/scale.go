package attach

import (
	"image"
	"math"

	"golang.org/x/image/draw"
)

// scale returns src made smaller so that its long side is long pixels
// (never larger than it is), at (0, 0); a grey picture stays grey.
//
// Each new pixel is the mean of the area of the photo it covers, parts of
// pixels counted in part. For shrinking a photo of text this is the right
// filter: thin strokes grow lighter rather than vanish or flicker, as they
// can with a filter that samples a few points, and it is several times
// quicker than the kernels of golang.org/x/image/draw on a 12-megapixel
// photo.
func scale(src image.Image, long int) image.Image {
	b := src.Bounds()
	w, h := fitLong(b.Dx(), b.Dy(), long)
	if w == b.Dx() && h == b.Dy() && b.Min == (image.Point{}) {
		return src
	}
	if g, ok := src.(*image.Gray); ok && b.Min == (image.Point{}) {
		out := image.NewGray(image.Rect(0, 0, w, h))
		areaScale(g.Pix, g.Stride, b.Dx(), b.Dy(), out.Pix, out.Stride, w, h, 1)
		return out
	}
	if m, ok := src.(*image.YCbCr); ok && b.Min == (image.Point{}) {
		return scaleYCbCr(m, w, h)
	}
	rgba, ok := src.(*image.RGBA)
	if !ok || b.Min != (image.Point{}) {
		rgba = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(rgba, rgba.Bounds(), src, b.Min, draw.Src)
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	areaScale(rgba.Pix, rgba.Stride, b.Dx(), b.Dy(), out.Pix, out.Stride, w, h, 4)
	return out
}

// scaleYCbCr scales a photo as JPEG decodes it, one plane at a time: the
// brightness and the two colour planes, which are smaller when the colour
// is subsampled. A mean in YCbCr is the mean in RGB, the one being a linear
// function of the other, and this way the full-size photo is never turned
// into RGBA, which would take four bytes a pixel.
func scaleYCbCr(m *image.YCbCr, w, h int) *image.RGBA {
	sw, sh := m.Rect.Dx(), m.Rect.Dy()
	cw, ch := sw, sh
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		cw = (sw + 1) / 2
	case image.YCbCrSubsampleRatio420:
		cw, ch = (sw+1)/2, (sh+1)/2
	case image.YCbCrSubsampleRatio440:
		ch = (sh + 1) / 2
	case image.YCbCrSubsampleRatio411:
		cw = (sw + 3) / 4
	case image.YCbCrSubsampleRatio410:
		cw, ch = (sw+3)/4, (sh+1)/2
	}
	out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio444)
	areaScale(m.Y, m.YStride, sw, sh, out.Y, out.YStride, w, h, 1)
	areaScale(m.Cb, m.CStride, cw, ch, out.Cb, out.CStride, w, h, 1)
	areaScale(m.Cr, m.CStride, cw, ch, out.Cr, out.CStride, w, h, 1)
	rgba := image.NewRGBA(out.Rect)
	draw.Draw(rgba, rgba.Rect, out, image.Point{}, draw.Src)
	return rgba
}

// fitLong returns w×h scaled down so the long side is at most long, keeping
// the shape and at least one pixel on each side.
func fitLong(w, h, long int) (int, int) {
	if w <= long && h <= long {
		return w, h
	}
	if w >= h {
		return long, max(1, int(math.Round(float64(h)*float64(long)/float64(w))))
	}
	return max(1, int(math.Round(float64(w)*float64(long)/float64(h)))), long
}

// tap is one source pixel's share of a new pixel, out of 1<<16.
type tap struct {
	at int
	w  uint32
}

// one is the sum of the shares of a new pixel.
const one = 1 << 16

// taps returns, for each of n new pixels along a line of size source
// pixels, the source pixels it covers and their shares. Shrinking is what
// it is for; when n > size (a subsampled colour plane brought to the size
// of the brightness) each new pixel takes the one or two it falls on.
func taps(size, n int) [][]tap {
	out := make([][]tap, n)
	step := float64(size) / float64(n)
	for i := range out {
		lo, hi := float64(i)*step, float64(i+1)*step
		var ts []tap
		var sum uint32
		for j := int(lo); j < size && float64(j) < hi; j++ {
			cover := math.Min(hi, float64(j+1)) - math.Max(lo, float64(j))
			if w := uint32(math.Round(cover / step * one)); w > 0 {
				ts = append(ts, tap{at: j, w: w})
				sum += w
			}
		}
		// Rounding may leave the sum a little off; the largest share
		// takes the difference, so a flat colour stays exactly flat.
		big := 0
		for k := range ts {
			if ts[k].w > ts[big].w {
				big = k
			}
		}
		ts[big].w = ts[big].w + one - sum
		out[i] = ts
	}
	return out
}

// areaScale scales the sw×sh picture in src (stride sstride, bpp bytes a
// pixel) into the dw×dh picture in dst, first along rows, then along
// columns.
func areaScale(src []byte, sstride, sw, sh int, dst []byte, dstride, dw, dh, bpp int) {
	across := taps(sw, dw)
	mid := make([]byte, dw*bpp*sh)
	for y := range sh {
		row := src[y*sstride : y*sstride+sw*bpp]
		out := mid[y*dw*bpp : (y+1)*dw*bpp]
		for x, ts := range across {
			for c := range bpp {
				var sum uint32
				for _, t := range ts {
					sum += uint32(row[t.at*bpp+c]) * t.w
				}
				out[x*bpp+c] = uint8((sum + one/2) >> 16)
			}
		}
	}

	down := taps(sh, dh)
	acc := make([]uint32, dw*bpp)
	for y, ts := range down {
		clear(acc)
		for _, t := range ts {
			row := mid[t.at*dw*bpp : (t.at+1)*dw*bpp]
			for i, v := range row {
				acc[i] += uint32(v) * t.w
			}
		}
		out := dst[y*dstride : y*dstride+dw*bpp]
		for i, v := range acc {
			out[i] = uint8((v + one/2) >> 16)
		}
	}
}
