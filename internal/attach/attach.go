// Package attach handles the files a volunteer attaches to a draft dossier
// (hồ sơ): photos and scans of the citizen's papers. It tells what a file
// really is from its bytes, refuses what the desk cannot use with a message
// a volunteer can act on, shrinks photos for the upload, joins several
// photos into one PDF, draws thumbnails, and keeps the files in the data
// folder under their SHA-256, checked again on every read.
//
// The package is plain Go: no screens, no SQL, no network. The draft's
// list of attachments lives in the store; the upload to the hub lives in
// the sync engine; both name a file by its SHA-256 only.
package attach

import "strconv"

// Kind is a type of file the desk takes.
type Kind string

// The kinds of file the desk takes: JPEG and PNG pictures, PDF documents.
const (
	JPEG Kind = "jpeg"
	PNG  Kind = "png"
	PDF  Kind = "pdf"
)

// kinds lists every Kind, in the order the store looks for a file.
var kinds = []Kind{JPEG, PNG, PDF}

// Ext returns the file name extension the store gives files of kind k,
// with its dot, or "" for an unknown kind.
func (k Kind) Ext() string {
	switch k {
	case JPEG:
		return ".jpg"
	case PNG:
		return ".png"
	case PDF:
		return ".pdf"
	}
	return ""
}

// MIME returns the media type of kind k, for an upload's Content-Type.
func (k Kind) MIME() string {
	switch k {
	case JPEG:
		return "image/jpeg"
	case PNG:
		return "image/png"
	case PDF:
		return "application/pdf"
	}
	return "application/octet-stream"
}

// IsImage reports whether k is a picture that can be shrunk, joined into a
// PDF or shown as a thumbnail of itself.
func (k Kind) IsImage() bool { return k == JPEG || k == PNG }

// String returns the kind's name, or "unknown" for the zero Kind.
func (k Kind) String() string {
	if k == "" {
		return "unknown"
	}
	return string(k)
}

// MB is one megabyte as Windows Explorer counts it (1,048,576 bytes), so the
// sizes in messages match what the volunteer sees beside the file.
const MB = 1 << 20

// Limits of the desk. The portal's own limits on file types and sizes are
// UNCONFIRMED (see DOMAIN.md), so these are the desk's choices, not the
// portal's rules:
//
//   - MaxBytes: the desk takes files of up to 30 MB. That holds a photo
//     from any phone camera in its normal mode and a scanned PDF of several
//     pages, and keeps the data folder and the hub's disk in check. A larger
//     file is refused with its size and the limit.
//   - PortalTarget: the size the desk aims for when it shrinks a photo for
//     the portal, 4 MB per file. It is a guess kept on the safe side: a
//     4 MB file goes up a slow commune line in well under a minute, and a
//     document photo of 1,200 to 2,400 pixels is far below it.
//   - MaxPixels: pictures of more than 110 megapixels are refused, because
//     decoding one takes hundreds of megabytes of memory; 108-megapixel
//     phone photos still pass.
//   - MinLongSide and MinQuality: Shrink never makes a photo's long side
//     smaller than 1,200 pixels (about 100 dpi along an A4 page, where
//     printed text of the usual size can still be read) nor its JPEG
//     quality lower than 60, where blocks start to blur letters.
const (
	MaxBytes     = 30 * MB
	PortalTarget = 4 * MB
	MaxPixels    = 110_000_000
	MinLongSide  = 1200
	MinQuality   = 60
)

// sizeText writes n bytes for a message, rounded up to whole megabytes (or
// kilobytes below one megabyte) so a file over a limit never reads as equal
// to it. Units are the same in Vietnamese and English.
func sizeText(n int64) string {
	if n < MB {
		return strconv.FormatInt((n+1023)/1024, 10) + " KB"
	}
	return strconv.FormatInt((n+MB-1)/MB, 10) + " MB"
}

// megapixels writes a pixel count in whole megapixels, rounded up.
func megapixels(n int64) string {
	return strconv.FormatInt((n+999_999)/1_000_000, 10)
}

// shortSHA is the part of a SHA-256 the logs show: enough to find the file,
// and no personal data in any case.
func shortSHA(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
