package attach

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
)

// Shrink starts from a long side of 2,400 pixels (an A4 page at about
// 200 dpi) and tries each size at JPEG quality 85.
const (
	startLongSide = 2400
	startQuality  = 85
)

// lowerQualities are the JPEG qualities Shrink tries in turn once the long
// side is down to MinLongSide.
var lowerQualities = []int{75, 68, MinQuality}

// Shrink makes a JPEG or PNG photo at most targetBytes long, as a JPEG that
// shows upright (the EXIF orientation is applied) and keeps its text
// readable. A photo already within targetBytes is returned as it is.
//
// It scales the photo so its long side is at most 2,400 pixels, then
// smaller in steps guessed from the size each try gave, never below
// MinLongSide (or the photo's own size when smaller); at that size it
// lowers the JPEG quality from 85 down to MinQuality. When even that is
// over targetBytes it returns the smallest result together with an *Error
// matching ErrTarget, so the caller can say so and still offer it.
//
// The result carries no EXIF data, so no GPS position either. A PDF is
// refused with ErrNotImage; a file Check refuses, with Check's refusal.
func Shrink(img []byte, targetBytes int) ([]byte, error) {
	if targetBytes <= 0 {
		return nil, fmt.Errorf("shrink: target of %d bytes", targetBytes)
	}
	kind, err := Check("", img)
	if err != nil {
		return nil, err
	}
	if !kind.IsImage() {
		return nil, refuse(ErrNotImage, "attach.shrink.pdf", "", nil)
	}
	if len(img) <= targetBytes {
		return img, nil
	}
	src, err := decode(kind, img)
	if err != nil {
		return nil, err
	}
	orient := 1
	if kind == JPEG {
		orient = Orientation(img)
	}

	long := max(src.Bounds().Dx(), src.Bounds().Dy())
	floor := min(long, MinLongSide)
	side := min(long, startLongSide)
	var (
		best   []byte
		scaled image.Image
	)
	for {
		scaled = reorient(scale(src, side), orient)
		out, err := encodeJPEG(scaled, startQuality)
		if err != nil {
			return nil, err
		}
		if best == nil || len(out) < len(best) {
			best = out
		}
		if len(out) <= targetBytes {
			return out, nil
		}
		if side <= floor {
			break
		}
		// The size of a JPEG grows about as its pixel count: aim a little
		// under the target, and at least a tenth smaller than this try.
		guess := float64(side) * math.Sqrt(float64(targetBytes)/float64(len(out))) * 0.95
		side = max(floor, min(int(guess), side-side/10))
	}

	for _, q := range lowerQualities {
		out, err := encodeJPEG(scaled, q)
		if err != nil {
			return nil, err
		}
		if len(out) < len(best) {
			best = out
		}
		if len(out) <= targetBytes {
			return out, nil
		}
	}
	return best, refuse(ErrTarget, "attach.shrink.target", "", nil,
		"Size", sizeText(int64(len(best))), "Target", sizeText(int64(targetBytes)))
}

// decode decodes a JPEG or PNG; a failure is an *Error matching ErrDamaged.
func decode(kind Kind, data []byte) (image.Image, error) {
	var (
		img image.Image
		err error
	)
	switch kind {
	case JPEG:
		img, err = jpeg.Decode(bytes.NewReader(data))
	case PNG:
		img, err = png.Decode(bytes.NewReader(data))
	default:
		return nil, fmt.Errorf("decode %s: not a picture", kind)
	}
	if err != nil {
		return nil, refuse(ErrDamaged, "attach.damaged", "", err)
	}
	return img, nil
}

// encodeJPEG encodes img as a JPEG of quality q.
func encodeJPEG(img image.Image, q int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		return nil, fmt.Errorf("encode jpeg: %w", err)
	}
	return buf.Bytes(), nil
}
