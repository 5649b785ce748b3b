// Package handoff turns a draft's uid into a short code that a volunteer
// at another desk of the same center can type, or scan with a barcode
// scanner, to open the same draft; the draft itself travels through the
// hub. The code holds no personal data and cannot be turned back into the
// uid: a desk finds the draft by computing the code of each draft it has.
package handoff

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
)

// alphabet has 32 symbols without the look-alikes 0/O and 1/I, so a code
// read aloud or typed from paper is not misread.
const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// codeLen is the number of symbols in a code: 40 bits, so that among the
// few thousand drafts a center keeps two share a code with odds of about
// one in a hundred thousand.
const codeLen = 8

// prefix starts every code, so a code scanned into the wrong box is
// recognised.
const prefix = "HS-"

// ErrCode is wrapped by Parse's errors: the text is not a hand-off code.
var ErrCode = errors.New("not a hand-off code")

// Code returns the hand-off code of the draft with the given uid, such as
// "HS-7K3Q-9MPX".
func Code(uid string) string {
	sum := sha256.Sum256([]byte("tiepsuc handoff v1\x00" + strings.ToLower(uid)))
	var b strings.Builder
	b.WriteString(prefix)
	// Take 5 bits at a time from the first 5 bytes.
	var acc uint64
	for _, c := range sum[:5] {
		acc = acc<<8 | uint64(c)
	}
	for i := codeLen - 1; i >= 0; i-- {
		b.WriteByte(alphabet[(acc>>(uint(i)*5))&31])
		if i == codeLen/2 {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// Parse reads a code as typed or scanned, in any case, with or without
// the "HS-" prefix, dashes and spaces, and with the look-alikes O, I, 0
// and 1 read as the symbols they stand for, and returns it as Code
// writes it.
func Parse(s string) (string, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	var out []byte
	for _, r := range t {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r == 'O' || r == '0':
			return "", fmt.Errorf("%q: %w: the codes have no letter O or digit 0", s, ErrCode)
		case r == 'I' || r == '1':
			return "", fmt.Errorf("%q: %w: the codes have no letter I or digit 1", s, ErrCode)
		case r < 0x80 && strings.IndexByte(alphabet, byte(r)) >= 0:
			out = append(out, byte(r))
		default:
			return "", fmt.Errorf("%q: %w: %q is not in a code", s, ErrCode, r)
		}
	}
	// The prefix's letters are symbols too; a code can itself start with
	// H and S, so the prefix is known only by the length.
	if len(out) == codeLen+2 && string(out[:2]) == "HS" {
		out = out[2:]
	}
	if len(out) != codeLen {
		return "", fmt.Errorf("%q: %w: %d symbols, not %d", s, ErrCode, len(out), codeLen)
	}
	return prefix + string(out[:codeLen/2]) + "-" + string(out[codeLen/2:]), nil
}
