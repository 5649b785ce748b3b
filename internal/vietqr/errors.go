package vietqr

import (
	"errors"
	"maps"
	"strconv"
)

// kind is one way a payload can be wrong. Each kind is an exported
// sentinel for errors.Is and names the translation key of its message.
type kind struct {
	key  string
	text string
}

// Error returns the kind's English description, for logs.
func (k *kind) Error() string { return k.text }

// The kinds of error Build and Parse return, each wrapped in an *Error
// that says which field. Test them with errors.Is.
var (
	// ErrNotEMV: the text does not start with a payload format indicator,
	// so it is not a payment code at all (a web link, a plain text).
	ErrNotEMV error = &kind{"vietqr.notemv", "not an EMVCo payment payload"}
	// ErrTruncated: a field's header or value runs past the end of the
	// payload or of the template that holds it.
	ErrTruncated error = &kind{"vietqr.truncated", "field runs past the end"}
	// ErrMalformed: where a field should start there is no two-digit id
	// and two-digit length, that is left-over bytes that are no field.
	ErrMalformed error = &kind{"vietqr.malformed", "not a field id and length"}
	// ErrEmpty: a field has length 00, which EMVCo does not allow.
	ErrEmpty error = &kind{"vietqr.empty", "empty field"}
	// ErrDuplicate: the same id appears twice in one template.
	ErrDuplicate error = &kind{"vietqr.duplicate", "field appears twice"}
	// ErrMissing: a field VietQR needs is absent.
	ErrMissing error = &kind{"vietqr.missing", "mandatory field missing"}
	// ErrCRC: the checksum field does not hold the CRC of the payload.
	ErrCRC error = &kind{"vietqr.crc", "checksum does not match"}
	// ErrCRCNotLast: bytes follow the checksum field.
	ErrCRCNotLast error = &kind{"vietqr.crc.notlast", "data after the checksum"}
	// ErrValue: a field with a fixed value (format, initiation method,
	// currency, country) holds something else.
	ErrValue error = &kind{"vietqr.value", "value not allowed"}
	// ErrNotVietQR: the merchant account template 38 is not NAPAS's.
	ErrNotVietQR error = &kind{"vietqr.guid", "merchant account is not NAPAS VietQR"}
	// ErrService: the service code is neither QRIBFTTA nor QRIBFTTC.
	ErrService error = &kind{"vietqr.service", "unknown service code"}
	// ErrBIN: the bank BIN is not six digits.
	ErrBIN error = &kind{"vietqr.bin", "bank BIN is not 6 digits"}
	// ErrNumber: the account or card number has a character it may not
	// hold or is too long.
	ErrNumber error = &kind{"vietqr.number", "bad account or card number"}
	// ErrAmount: the amount is not a positive whole number of đồng of at
	// most 13 digits.
	ErrAmount error = &kind{"vietqr.amount", "bad amount"}
	// ErrText: a text field holds a character outside the EMVCo set
	// (printable ASCII), after Vietnamese marks were taken off.
	ErrText error = &kind{"vietqr.text", "character not allowed"}
	// ErrTooLong: a text field is longer than its limit, in bytes.
	ErrTooLong error = &kind{"vietqr.toolong", "text too long"}
	// ErrUnsupported: the payload asks for a tip or a convenience fee
	// (fields 55 to 57), which would change what the payer pays.
	ErrUnsupported error = &kind{"vietqr.unsupported", "tip or fee fields not supported"}
)

// Error is what Build and Parse return: which kind of problem, in which
// field, with what to show the volunteer.
//
// Error() names the kind and the field only. The account number, the
// amount and the purpose (which may name a citizen) stay in Data, for the
// screen, so logging the error never logs them.
type Error struct {
	// Field is the field's path, such as "63" or "38.01.00"; empty for
	// the payload as a whole.
	Field string
	kind  *kind
	data  map[string]string
}

// newError returns an *Error of kind k for field, with data given as
// name, value pairs; "Field" is always added.
func newError(k error, field string, kv ...string) *Error {
	d := make(map[string]string, len(kv)/2+1)
	d["Field"] = field
	for i := 0; i+1 < len(kv); i += 2 {
		d[kv[i]] = kv[i+1]
	}
	return &Error{Field: field, kind: k.(*kind), data: d}
}

// atPos returns an *Error of kind k for field whose data also holds Pos,
// the 1-based byte position in the payload.
func atPos(k error, field string, pos int) *Error {
	return newError(k, field, "Pos", strconv.Itoa(pos+1))
}

// Error returns a message for logs: the kind and the field.
func (e *Error) Error() string {
	if e.Field == "" {
		return "vietqr: " + e.kind.text
	}
	return "vietqr: field " + e.Field + ": " + e.kind.text
}

// Unwrap returns the kind, so errors.Is(err, ErrCRC) works.
func (e *Error) Unwrap() error { return e.kind }

// Key returns the translation key of the message for the volunteer, in
// vietqr.vi.json and vietqr.en.json.
func (e *Error) Key() string { return e.kind.key }

// Data returns the values the message's template uses ({{.Field}},
// {{.Value}}...), as Fyne's lang.L takes them.
func (e *Error) Data() map[string]string { return maps.Clone(e.data) }

// AsError returns err's *Error, for the screen to show its message.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
