package attach

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/draw"
)

// Paper is the page size of a PDF that JoinPDF makes.
type Paper int

// A4 is the paper Vietnamese offices use, 210 × 297 mm.
const A4 Paper = 0

// papers holds each Paper's size in millimetres, upright.
var papers = map[Paper]fpdf.SizeType{A4: {Wd: 210, Ht: 297}}

// pageMargin is the white border kept around each photo, in millimetres.
const pageMargin = 10.0

// reencodeQuality is the JPEG quality of a photo JoinPDF has to encode
// again (one stored as CMYK or RGB rather than the usual YCbCr).
const reencodeQuality = 92

// JoinPDF puts several photos into one PDF, one photo per page, in order,
// each as large as fits the page inside a 10 mm margin, upright (the EXIF
// orientation is applied) and on a page turned the same way as the photo.
//
// A JPEG goes in as it is, without losing quality to a new compression, so
// the PDF is about as large as the photos together: shrink them first (for
// example Shrink with PortalTarget divided by the number of photos) when
// the PDF must stay under a size. A PNG is decoded and written again,
// without its transparency. The PDF holds no text and no date other than
// the time it was made; its creator is the app.
//
// A photo that Check refuses, or a PDF among the photos, is refused with an
// error that names its position and wraps an *Error. A PDF that would be
// over MaxBytes is refused too, so the volunteer shrinks the photos first.
func JoinPDF(images [][]byte, paper Paper) ([]byte, error) {
	if len(images) == 0 {
		return nil, refuse(ErrNoPhotos, "attach.join.none", "", nil)
	}
	size, ok := papers[paper]
	if !ok {
		return nil, fmt.Errorf("join pdf: unknown paper %d", paper)
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: size})
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCreator("Tiếp Sức", true)

	for i, data := range images {
		p, err := pagePhoto(data)
		if err != nil {
			return nil, fmt.Errorf("join pdf: photo %d: %w", i+1, err)
		}
		name := fmt.Sprintf("photo%d", i+1)
		opts := fpdf.ImageOptions{ImageType: p.typ}
		pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(p.data))
		place(pdf, name, opts, p, size)
		if err := pdf.Error(); err != nil {
			return nil, fmt.Errorf("join pdf: photo %d: %w", i+1, err)
		}
	}

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("join pdf: %w", err)
	}
	if buf.Len() > MaxBytes {
		return nil, refuse(ErrTooLarge, "attach.join.toolarge", "", nil,
			"Size", sizeText(int64(buf.Len())), "Limit", sizeText(MaxBytes))
	}
	return buf.Bytes(), nil
}

// photo is one photo ready for a page: its bytes in a form fpdf reads, its
// stored size in pixels and the EXIF orientation still to apply.
type photo struct {
	data   []byte
	typ    string
	w, h   int
	orient int
}

// pagePhoto checks data and readies it for a page.
func pagePhoto(data []byte) (photo, error) {
	kind, err := Check("", data)
	if err != nil {
		return photo{}, err
	}
	if kind == PDF {
		return photo{}, refuse(ErrNotImage, "attach.join.pdf", "", nil)
	}
	if kind == JPEG {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return photo{}, refuse(ErrDamaged, "attach.damaged", "", err)
		}
		if cfg.ColorModel == color.YCbCrModel || cfg.ColorModel == color.GrayModel {
			return photo{data: data, typ: "JPG", w: cfg.Width, h: cfg.Height,
				orient: Orientation(data)}, nil
		}
	}

	img, err := decode(kind, data)
	if err != nil {
		return photo{}, err
	}
	if kind == JPEG {
		// fpdf refuses a JPEG stored as RGB, and would embed a CMYK one
		// as it is; both are written again as YCbCr, the JPEG every PDF
		// viewer shows right.
		img = reorient(img, Orientation(data))
		out, err := encodeJPEG(img, reencodeQuality)
		if err != nil {
			return photo{}, err
		}
		return photo{data: out, typ: "JPG", w: img.Bounds().Dx(), h: img.Bounds().Dy(),
			orient: 1}, nil
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, onWhite(img)); err != nil {
		return photo{}, fmt.Errorf("encode png: %w", err)
	}
	b := img.Bounds()
	return photo{data: buf.Bytes(), typ: "PNG", w: b.Dx(), h: b.Dy(), orient: 1}, nil
}

// onWhite returns img as an opaque 8-bit picture at (0, 0), on white where
// it was transparent; a grey picture stays grey. fpdf reads such a PNG
// safely, where it refuses interlaced ones and mishandles some others.
func onWhite(img image.Image) image.Image {
	b := img.Bounds()
	if g, ok := img.(*image.Gray); ok && b.Min == (image.Point{}) {
		return g
	}
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(out, out.Bounds(), img, b.Min, draw.Over)
	return out
}

// place adds a page turned like photo p and draws p on it, centred, as
// large as fits inside the margin, turned upright.
func place(pdf *fpdf.Fpdf, name string, opts fpdf.ImageOptions, p photo, paper fpdf.SizeType) {
	dw, dh := float64(p.w), float64(p.h)
	if swapsSides(p.orient) {
		dw, dh = dh, dw
	}
	turn := "P"
	if dw > dh {
		turn = "L"
	}
	pdf.AddPageFormat(turn, paper)
	pw, ph := pdf.GetPageSize()

	s := math.Min((pw-2*pageMargin)/dw, (ph-2*pageMargin)/dh)
	cx, cy := pw/2, ph/2
	w, h := float64(p.w)*s, float64(p.h)*s
	if p.orient > 1 {
		k := pdf.GetConversionRatio()
		pdf.TransformBegin()
		pdf.Transform(uprightMatrix(p.orient, cx*k, (ph-cy)*k))
	}
	pdf.ImageOptions(name, cx-w/2, cy-h/2, w, h, false, opts, 0, "")
	if p.orient > 1 {
		pdf.TransformEnd()
	}
}

// uprightMatrix is the PDF transformation that turns a picture drawn
// centred on (x, y), in points from the bottom left of the page, as EXIF
// orientation o says. A quarter turn about the centre gives the rectangle
// of the picture shown upright, centred on the same point.
func uprightMatrix(o int, x, y float64) fpdf.TransformMatrix {
	// Where the stored picture's x and y axes go, with y pointing up as in
	// PDF: sourceOf's turns and mirrors, seen from the other side.
	var a, b, c, d float64
	switch o {
	case 2:
		a, b, c, d = -1, 0, 0, 1
	case 3:
		a, b, c, d = -1, 0, 0, -1
	case 4:
		a, b, c, d = 1, 0, 0, -1
	case 5:
		a, b, c, d = 0, -1, -1, 0
	case 6:
		a, b, c, d = 0, -1, 1, 0
	case 7:
		a, b, c, d = 0, 1, 1, 0
	case 8:
		a, b, c, d = 0, 1, -1, 0
	default:
		a, b, c, d = 1, 0, 0, 1
	}
	return fpdf.TransformMatrix{A: a, B: b, C: c, D: d, E: x - a*x - c*y, F: y - b*x - d*y}
}
