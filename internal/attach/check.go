package attach

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// Check tells the kind of the file data from its bytes, whatever its name
// says, and refuses what the desk cannot take: an empty file, one over
// MaxBytes, a picture over MaxPixels, a HEIC photo, any type other than
// JPEG, PNG and PDF, and a JPEG, PNG or PDF whose header is broken or whose
// end marker is missing (a copy or download cut short). name is only used
// in the refusal, for the screen. Every refusal is an *Error.
//
// Check reads the structure, not the pixels: it is quick, and a photo whose
// compressed data is damaged in the middle passes; Shrink, Thumbnail and
// JoinPDF find it when they decode it.
func Check(name string, data []byte) (Kind, error) {
	if len(data) == 0 {
		return "", refuse(ErrEmpty, "attach.empty", name, nil)
	}
	kind, refusal := sniff(name, data)
	if refusal != nil {
		return "", refusal
	}
	if len(data) > MaxBytes {
		return "", tooLarge(name, int64(len(data)))
	}

	if kind == PDF {
		tail := data[max(0, len(data)-pdfTail):]
		if !bytes.Contains(tail, []byte("%%EOF")) {
			return "", refuse(ErrDamaged, "attach.damaged", name,
				errors.New("pdf has no end-of-file marker"))
		}
		return PDF, nil
	}
	cfg, err := decodeConfig(kind, data)
	if err != nil {
		return "", refuse(ErrDamaged, "attach.damaged", name, err)
	}
	if !complete(kind, data) {
		return "", refuse(ErrDamaged, "attach.damaged", name,
			fmt.Errorf("%s ends before its end marker", kind))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return "", refuse(ErrDamaged, "attach.damaged", name,
			fmt.Errorf("picture of %dx%d pixels", cfg.Width, cfg.Height))
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > MaxPixels {
		return "", refuse(ErrTooManyPixels, "attach.pixels", name, nil,
			"Megapixels", megapixels(px), "Limit", megapixels(MaxPixels))
	}
	return kind, nil
}

// hugeFile is the size past which Read stops counting a file's bytes.
const hugeFile = 1 << 30

// Read reads a file the volunteer chose, at most MaxBytes of it, and
// checks it as Check does. For a file that is too large it reads on only to
// tell its size (from Stat when r has it, else by counting up to 1 GB), so
// the message can say how large it is.
func Read(name string, r io.Reader) ([]byte, Kind, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("read attachment: %w", err)
	}
	if len(data) <= MaxBytes {
		kind, err := Check(name, data)
		if err != nil {
			return nil, "", err
		}
		return data, kind, nil
	}

	// A video or a Word file says so before saying it is too large.
	if _, refusal := sniff(name, data); refusal != nil {
		return nil, "", refusal
	}
	size, known := sizeOf(r, int64(len(data)))
	if !known {
		return nil, "", refuse(ErrTooLarge, "attach.toolarge.huge", name, nil,
			"Limit", sizeText(MaxBytes))
	}
	return nil, "", tooLarge(name, size)
}

// sizeOf tells the whole size of the file behind r, of which seen bytes were
// read; known is false past hugeFile or when reading fails.
func sizeOf(r io.Reader, seen int64) (size int64, known bool) {
	if st, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Size() >= seen {
			return fi.Size(), fi.Size() < hugeFile
		}
	}
	n, err := io.Copy(io.Discard, io.LimitReader(r, hugeFile-seen))
	if err != nil || seen+n >= hugeFile {
		return 0, false
	}
	return seen + n, true
}

// tooLarge is the refusal of a file of size bytes over MaxBytes.
func tooLarge(name string, size int64) *Error {
	return refuse(ErrTooLarge, "attach.toolarge", name, nil,
		"Size", sizeText(size), "Limit", sizeText(MaxBytes))
}

// complete reports whether a JPEG or PNG runs to its end marker: for a
// JPEG, an end-of-image marker after the first scan (nothing else in the
// compressed data can look like one); for a PNG, an IEND chunk, found by
// following the chunk lengths. Data after the end (some phones add their
// own) does not matter.
func complete(kind Kind, data []byte) bool {
	if kind == JPEG {
		scan := walkJPEG(data, func(byte, []byte) bool { return true })
		return scan > 0 && bytes.Contains(data[scan:], []byte{0xFF, 0xD9})
	}
	for i := int64(len(pngMagic)); i+8 <= int64(len(data)); {
		n := int64(binary.BigEndian.Uint32(data[i:]))
		if string(data[i+4:i+8]) == "IEND" {
			return true
		}
		i += 12 + n // length, type, data, CRC
	}
	return false
}

// decodeConfig reads the header of a JPEG or PNG.
func decodeConfig(kind Kind, data []byte) (image.Config, error) {
	if kind == PNG {
		return png.DecodeConfig(bytes.NewReader(data))
	}
	return jpeg.DecodeConfig(bytes.NewReader(data))
}

// pdfHead and pdfTail are how far from the start a PDF's "%PDF-" header
// and from the end its "%%EOF" marker may be, as PDF readers allow.
const (
	pdfHead = 1024
	pdfTail = 1024
)

// Magic numbers of the kinds the desk takes.
var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
)

// sniff tells the kind of data from its first bytes, or returns the
// refusal that names what it is instead.
func sniff(name string, data []byte) (Kind, *Error) {
	switch {
	case bytes.HasPrefix(data, jpegMagic):
		return JPEG, nil
	case bytes.HasPrefix(data, pngMagic):
		return PNG, nil
	case bytes.Contains(data[:min(len(data), pdfHead)], []byte("%PDF-")):
		return PDF, nil
	}

	switch other := otherFormat(data); other {
	case "":
	case fmtHEIC:
		return "", refuse(ErrHEIC, "attach.heic", name, nil)
	case fmtOffice:
		return "", refuse(ErrType, "attach.type.office", name, nil)
	case fmtVideo:
		return "", refuse(ErrType, "attach.type.video", name, nil)
	default:
		return "", refuse(ErrType, "attach.type", name, nil, "Format", other)
	}

	ext := strings.ToLower(filepath.Ext(name))
	if slices.Contains([]string{".jpg", ".jpeg", ".png", ".pdf"}, ext) {
		return "", refuse(ErrType, "attach.type.misnamed", name, nil, "Ext", ext)
	}
	return "", refuse(ErrType, "attach.type.unknown", name, nil)
}

// Formats otherFormat names that have messages of their own; the others
// are named by their usual name ("WebP") inside attach.type.
const (
	fmtHEIC   = "HEIC"
	fmtOffice = "office"
	fmtVideo  = "video"
)

// otherFormat names a common type of file the desk does not take, or ""
// when it does not recognise data.
func otherFormat(data []byte) string {
	switch {
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		return isoFormat(data)
	case len(data) >= 12 && string(data[:4]) == "RIFF":
		switch string(data[8:12]) {
		case "WEBP":
			return "WebP"
		case "AVI ":
			return fmtVideo
		}
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "GIF"
	case isBMP(data):
		return "BMP"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "TIFF"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")),
		bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")),
		bytes.HasPrefix(data, []byte(`{\rtf`)):
		return fmtOffice
	case bytes.HasPrefix(data, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		return fmtVideo
	}
	return ""
}

// Brands of ISO media files (the "ftyp" box), by what they mean here.
var (
	avifBrands = []string{"avif", "avis"}
	heifBrands = []string{"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs",
		"mif1", "mif2", "msf1"}
	videoBrands = []string{"isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42",
		"avc1", "qt  ", "M4V ", "3gp4", "3gp5", "3gp6", "3g2a", "mmp4", "dash"}
)

// maxFtyp is how much of an "ftyp" box isoFormat reads for brands.
const maxFtyp = 256

// isoFormat names an ISO media file by its brands: AVIF, HEIC (HEIF
// pictures), a video, or "" for another one.
func isoFormat(data []byte) string {
	end := min(len(data), maxFtyp, int(min(binary.BigEndian.Uint32(data), maxFtyp)))
	brands := []string{string(data[8:12])}
	for i := 16; i+4 <= end; i += 4 {
		brands = append(brands, string(data[i:i+4]))
	}
	has := func(set []string) bool {
		return slices.ContainsFunc(brands, func(b string) bool { return slices.Contains(set, b) })
	}
	switch {
	case has(avifBrands):
		return "AVIF"
	case has(heifBrands):
		return fmtHEIC
	case has(videoBrands):
		return fmtVideo
	}
	return ""
}

// isBMP reports whether data starts like a Windows bitmap: "BM" and a
// known size of the header that follows the file header.
func isBMP(data []byte) bool {
	if len(data) < 18 || string(data[:2]) != "BM" {
		return false
	}
	switch binary.LittleEndian.Uint32(data[14:18]) {
	case 12, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}
