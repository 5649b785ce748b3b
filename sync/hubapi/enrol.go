package hubapi

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// CodeAlphabet is the alphabet of enrolment codes: capital letters and
// digits without the look-alikes 0/O, 1/I/L.
const CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLength is the number of characters of an enrolment code.
const CodeLength = 10

// InfoResponse is the body of GET /v1/info, which needs no token.
type InfoResponse struct {
	// Protocol is the version the hub speaks.
	Protocol string `json:"protocol"`
	// Hub names the software, for logs.
	Hub string `json:"hub"`
	// HubTime is the hub's clock, so a desk can show how far off its own is.
	HubTime time.Time `json:"hub_time"`
}

// EnrolRequest is the body of POST /v1/enrol.
type EnrolRequest struct {
	// Protocol is the version the desk speaks.
	Protocol string `json:"protocol"`
	// Code is the one-time enrolment code the hub admin printed; spaces,
	// dashes and lower case are accepted.
	Code string `json:"code"`
}

// EnrolResponse answers a successful enrolment.
type EnrolResponse struct {
	// Protocol is the version the hub speaks.
	Protocol string `json:"protocol"`
	// DeskID is the hub's id of this desk.
	DeskID string `json:"desk_id"`
	// DeskName is the name the admin gave the desk, e.g. "Bàn 2".
	DeskName string `json:"desk_name"`
	// Commune is the commune or ward the desk belongs to; the desk sees and
	// changes only this commune's drafts.
	Commune string `json:"commune"`
	// Token is the desk's secret for every later request, sent as
	// "Authorization: Bearer TOKEN". The hub keeps only its hash and never
	// shows it again; the desk must keep it encrypted.
	Token string `json:"token"`
}

// NormaliseCode turns a typed enrolment code into its canonical form (upper
// case, no spaces or dashes) or says why it cannot be one.
func NormaliseCode(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		if !strings.ContainsRune(CodeAlphabet, r) {
			return "", fmt.Errorf("enrolment code: %q is not one of its letters", r)
		}
		if b.Len() >= CodeLength {
			return "", fmt.Errorf("enrolment code: longer than %d letters", CodeLength)
		}
		b.WriteRune(r)
	}
	if b.Len() != CodeLength {
		return "", fmt.Errorf("enrolment code: want %d letters, got %d", CodeLength, b.Len())
	}
	return b.String(), nil
}

// FormatCode writes a canonical code in two groups of five, easier to read
// aloud: "ABCDE-FGH23".
func FormatCode(code string) string {
	if len(code) != CodeLength {
		return code
	}
	return code[:5] + "-" + code[5:]
}

// EnrolLink is what the enrolment QR code carries: the code and, when the
// admin knows them, the hub's address and certificate fingerprint.
type EnrolLink struct {
	// Code is the canonical enrolment code.
	Code string
	// Hub is the hub's base URL, e.g. "https://10.0.0.5:8443"; may be empty.
	Hub string
	// Fingerprint is the SHA-256 fingerprint of the hub's certificate, as
	// Fingerprint returns it; may be empty.
	Fingerprint string
}

// enrolScheme is the URL scheme of an EnrolLink.
const enrolScheme = "tiepsuc-enrol"

// String writes the link as "tiepsuc-enrol:CODE?hub=URL&fp=FINGERPRINT".
func (l EnrolLink) String() string {
	q := url.Values{}
	if l.Hub != "" {
		q.Set("hub", l.Hub)
	}
	if l.Fingerprint != "" {
		q.Set("fp", l.Fingerprint)
	}
	s := enrolScheme + ":" + l.Code
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}

// ParseEnrolLink reads a scanned QR code: a link written by EnrolLink.String
// or a bare code.
func ParseEnrolLink(s string) (EnrolLink, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(strings.ToLower(s), enrolScheme+":") {
		code, err := NormaliseCode(s)
		if err != nil {
			return EnrolLink{}, err
		}
		return EnrolLink{Code: code}, nil
	}
	rest := s[len(enrolScheme)+1:]
	rawCode, rawQuery, _ := strings.Cut(rest, "?")
	code, err := NormaliseCode(rawCode)
	if err != nil {
		return EnrolLink{}, err
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return EnrolLink{}, fmt.Errorf("enrolment link: %w", err)
	}
	l := EnrolLink{Code: code, Hub: q.Get("hub"), Fingerprint: q.Get("fp")}
	if l.Hub != "" {
		u, err := url.Parse(l.Hub)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return EnrolLink{}, errors.New("enrolment link: hub must be an https:// address")
		}
	}
	if l.Fingerprint != "" {
		if _, err := ParseFingerprint(l.Fingerprint); err != nil {
			return EnrolLink{}, fmt.Errorf("enrolment link: %w", err)
		}
	}
	return l, nil
}
