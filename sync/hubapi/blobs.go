package hubapi

import (
	"strconv"
	"strings"
)

// Blobs are the files attached to drafts (photos and scans of papers),
// kept by the hub under their SHA-256 and sent in chunks that resume where
// the hub's copy ends; see docs/sync-protocol.md, "Attachments".

// PathBlobs starts the path of a blob: PathBlobs + its SHA-256 in lower-case
// hex. HEAD tells how much of it the hub has, PUT sends a chunk of it, GET
// fetches it (with Range, in pieces).
const PathBlobs = PathPrefix + "blobs/"

// Limits of blobs.
const (
	// MaxBlobBytes is the largest blob a hub takes: 30 MB, the desk's own
	// limit on attachments (attach.MaxBytes).
	MaxBlobBytes = 30 << 20
	// BlobChunkBytes is the most bytes one PUT carries, and one ranged GET
	// asks for: about 30 s of a 300 kbit/s line, within the hub's timeouts.
	BlobChunkBytes = 1 << 20
)

// Headers of the blob endpoints.
const (
	// HeaderUploadOffset is, on a PUT, where the chunk starts in the blob;
	// on an answer, how many bytes of the blob the hub has.
	HeaderUploadOffset = "Upload-Offset"
	// HeaderUploadLength is, on a PUT, the whole size of the blob.
	HeaderUploadLength = "Upload-Length"
	// HeaderUploadComplete is "1" on an answer when the hub has the whole
	// blob, checked against its SHA-256, and "0" otherwise.
	HeaderUploadComplete = "Upload-Complete"
)

// Error codes of the blob endpoints.
const (
	// CodeOffsetMismatch (409): the chunk does not start where the hub's
	// copy ends; HeaderUploadOffset says where that is.
	CodeOffsetMismatch = "offset_mismatch"
	// CodeChecksumMismatch (422): the whole blob arrived but its SHA-256 is
	// not the one in its path; the hub dropped it and starts again from 0.
	CodeChecksumMismatch = "checksum_mismatch"
)

// BlobPath returns the path of the blob with SHA-256 sha.
func BlobPath(sha string) string { return PathBlobs + sha }

// ParseBlobPath returns the SHA-256 a blob path names; ok is false for any
// path that is not PathBlobs followed by exactly 64 lower-case hex digits.
func ParseBlobPath(path string) (sha string, ok bool) {
	sha, ok = strings.CutPrefix(path, PathBlobs)
	if !ok || !IsSHA256(sha) {
		return "", false
	}
	return sha, true
}

// ParseBlobNumber reads an Upload-Offset or Upload-Length header: decimal
// digits only, no sign, no leading zero, no spaces, at most max. ok is
// false for anything else.
func ParseBlobNumber(v string, max int64) (n int64, ok bool) {
	if v == "" || len(v) > 19 || (len(v) > 1 && v[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n > max {
		return 0, false
	}
	return n, true
}

// ParseContentRange reads the Content-Range header of a ranged answer,
// "bytes FIRST-LAST/TOTAL", or of an unsatisfiable one, "bytes */TOTAL"
// (first and last are then -1). Every number must be plain decimal and
// first <= last < total <= MaxBlobBytes.
func ParseContentRange(v string) (first, last, total int64, ok bool) {
	rest, found := strings.CutPrefix(v, "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	span, size, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, 0, false
	}
	total, ok = ParseBlobNumber(size, MaxBlobBytes)
	if !ok {
		return 0, 0, 0, false
	}
	if span == "*" {
		return -1, -1, total, true
	}
	a, b, found := strings.Cut(span, "-")
	if !found {
		return 0, 0, 0, false
	}
	first, okA := ParseBlobNumber(a, MaxBlobBytes)
	last, okB := ParseBlobNumber(b, MaxBlobBytes)
	if !okA || !okB || first > last || last >= total {
		return 0, 0, 0, false
	}
	return first, last, total, true
}

// BlobState is how much of a blob the hub has.
type BlobState struct {
	// Offset is how many bytes the hub has; a chunk must start there.
	Offset int64
	// Complete is true when the hub has the whole blob, checked.
	Complete bool
}

// BlobReceipt is the body of a PUT answered 200: the blob is complete.
type BlobReceipt struct {
	// Protocol is the version the hub speaks.
	Protocol string `json:"protocol"`
	// SHA256 and Size name the blob the hub now has.
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}
