package attach

import (
	"errors"
	"maps"
	"slices"
	"strings"
)

// Reasons a file is refused or cannot be used. Every error this package
// returns for a file is an *Error that matches one of them with errors.Is.
var (
	// ErrEmpty is a file of 0 bytes.
	ErrEmpty = errors.New("file is empty")
	// ErrTooLarge is a file over MaxBytes.
	ErrTooLarge = errors.New("file is too large")
	// ErrTooManyPixels is a picture over MaxPixels; it also matches
	// ErrTooLarge.
	ErrTooManyPixels error = &reason{"picture has too many pixels", ErrTooLarge}
	// ErrType is a file that is not a JPEG, PNG or PDF.
	ErrType = errors.New("file type not accepted")
	// ErrHEIC is a HEIC or HEIF photo; it also matches ErrType.
	ErrHEIC error = &reason{"HEIC photo", ErrType}
	// ErrDamaged is a file whose type is right but whose content is cut
	// short or broken.
	ErrDamaged = errors.New("file is damaged")
	// ErrNotImage is a PDF given where only a photo will do.
	ErrNotImage = errors.New("not a photo")
	// ErrNoPhotos is JoinPDF called with no photo.
	ErrNoPhotos = errors.New("no photos to join")
	// ErrTarget is a photo that cannot be shrunk to the target size
	// without becoming hard to read.
	ErrTarget = errors.New("cannot shrink to target size")
	// ErrMissing is a stored file that is not in the folder.
	ErrMissing = errors.New("stored file is missing")
	// ErrCorrupt is a stored file whose bytes no longer match its SHA-256.
	ErrCorrupt = errors.New("stored file does not match its checksum")
)

// reason is a reason that is a narrower case of another one.
type reason struct {
	text  string
	wider error
}

// Error returns the reason's text.
func (r *reason) Error() string { return r.text }

// Unwrap returns the wider reason, so errors.Is matches both.
func (r *reason) Unwrap() error { return r.wider }

// Error is a file the desk refuses or cannot use, told so that a volunteer
// can act: Key names a sentence in assets/lang/attach.*.json and Data fills
// its {{.Fields}}.
type Error struct {
	// Reason is one of the Err values of this package.
	Reason error
	// Key is the translation key of the message.
	Key string
	// Data fills the message's template; sizes carry their unit ("31 MB").
	Data map[string]string
	// Name is the file's name as given, for the screen to show beside the
	// message. It may name the citizen, so Error() leaves it out.
	Name string
	// Cause is the underlying error, if any.
	Cause error
}

// Error describes the problem for logs, without the file name.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Reason.Error())
	if len(e.Data) > 0 {
		b.WriteString(" (")
		for i, k := range slices.Sorted(maps.Keys(e.Data)) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strings.ToLower(k) + " " + e.Data[k])
		}
		b.WriteString(")")
	}
	if e.Cause != nil {
		b.WriteString(": " + e.Cause.Error())
	}
	return b.String()
}

// Unwrap returns the reason and the cause, so errors.Is matches either.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Reason}
	}
	return []error{e.Reason, e.Cause}
}

// refuse builds an *Error; kv lists Data as key, value, key, value...
func refuse(reason error, key, name string, cause error, kv ...string) *Error {
	e := &Error{Reason: reason, Key: key, Name: name, Cause: cause}
	if len(kv) > 0 {
		e.Data = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			e.Data[kv[i]] = kv[i+1]
		}
	}
	return e
}
