package takehome

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"tiepsuc/guides"
)

// codeAlphabet holds the 32 symbols of a guide code: digits and upper-case
// letters without 0, 1, I and O, which are easily misread for each other.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// codeLen is the number of symbols in a guide code: 20 bits, so a library
// of 50 guides has about one chance in a thousand of two sharing a code
// (a test checks the built-in guides never do).
const codeLen = 4

// maxCodeStep is the largest step number a short code may carry.
const maxCodeStep = 99

// ErrShortCode is wrapped by ParseShortCode's errors: the text is not a
// guide code as printed on a take-home card.
var ErrShortCode = errors.New("not a guide code")

// GuideCode returns the 4-symbol code of the guide with id guideID. It
// depends on nothing but the id, so every desk computes the same code.
func GuideCode(guideID string) string {
	sum := sha256.Sum256([]byte(guideID))
	v := binary.BigEndian.Uint32(sum[:4]) >> (32 - 5*codeLen)
	var b [codeLen]byte
	for i := codeLen - 1; i >= 0; i-- {
		b[i] = codeAlphabet[v&31]
		v >>= 5
	}
	return string(b[:])
}

// GuideLink returns what a take-home card points back with: shortCode is
// "K7QM-N", the guide's code and the step number (step is kept within the
// guide's steps), printed on every card; qrText is the guide's official
// page, the first source that is an https address on a gov.vn site, or
// shortCode when the guide has no such source.
func GuideLink(g guides.Guide, step int) (qrText, shortCode string) {
	step = min(max(step, 1), max(len(g.Steps), 1))
	shortCode = GuideCode(g.ID) + "-" + strconv.Itoa(step)
	if page := officialPage(g); page != "" {
		return page, shortCode
	}
	return shortCode, shortCode
}

// officialPage returns the first source address of g that is https on
// gov.vn or one of its subdomains, or "".
func officialPage(g guides.Guide) string {
	for _, s := range g.Sources {
		u, err := url.Parse(s.URL)
		if err != nil || u.Scheme != "https" || u.User != nil {
			continue
		}
		host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
		if host == "gov.vn" || strings.HasSuffix(host, ".gov.vn") {
			return s.URL
		}
	}
	return ""
}

// ParseShortCode reads a short code as a volunteer types it from a card,
// or as a scanner reads it from the card's QR code: four code symbols in
// either case, then a dash, a space or nothing, then the step number,
// such as "K7QM-3", "k7qm 3" or "K7QM3". Spaces around it are ignored.
// The code is returned in upper case. Errors wrap ErrShortCode.
func ParseShortCode(s string) (code string, step int, err error) {
	s = strings.TrimSpace(s)
	rs := []rune(strings.ToUpper(s))
	if len(rs) < codeLen+1 {
		return "", 0, fmt.Errorf("%w: %q is too short", ErrShortCode, s)
	}
	for _, r := range rs[:codeLen] {
		if !strings.ContainsRune(codeAlphabet, r) {
			return "", 0, fmt.Errorf("%w: %q has %q, which no code uses", ErrShortCode, s, r)
		}
	}
	code = string(rs[:codeLen])

	rest := rs[codeLen:]
	if rest[0] == '-' || rest[0] == ' ' || rest[0] == '–' {
		rest = rest[1:]
	}
	if len(rest) == 0 || len(rest) > 2 || !allDigits(rest) {
		return "", 0, fmt.Errorf("%w: %q does not end with a step number", ErrShortCode, s)
	}
	step, _ = strconv.Atoi(string(rest))
	if step < 1 || step > maxCodeStep {
		return "", 0, fmt.Errorf("%w: %q has no step %d", ErrShortCode, s, step)
	}
	return code, step, nil
}

// allDigits reports whether every rune of rs is an ASCII digit.
func allDigits(rs []rune) bool {
	for _, r := range rs {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// FindByShortCode returns the guide of lib whose code is code (as
// ParseShortCode returns it; case does not matter).
func FindByShortCode(lib *guides.Library, code string) (guides.Guide, bool) {
	if lib == nil {
		return guides.Guide{}, false
	}
	code = strings.ToUpper(code)
	for _, g := range lib.Guides() {
		if GuideCode(g.ID) == code {
			return g, true
		}
	}
	return guides.Guide{}, false
}
