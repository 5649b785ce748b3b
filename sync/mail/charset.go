package mail

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// decodeCharset turns text in the labelled charset into UTF-8, trusting the
// bytes over the label: valid UTF-8 with non-ASCII letters is read as UTF-8
// whatever the label says, and text that is not what its label claims, or
// whose label is unknown, is read as windows-1258, the Vietnamese code page.
func decodeCharset(label string, b []byte) string {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if label, _, ok := strings.Cut(label, "*"); ok {
		return decodeCharset(label, b)
	}
	if utf8.Valid(b) && (!wide(label) || isASCII(b)) {
		return string(b)
	}
	switch label {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		return windows1258(b)
	}
	r, err := charset.Reader(label, bytes.NewReader(b))
	if err != nil {
		return windows1258(b)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return windows1258(b)
	}
	return string(out)
}

// wide reports whether a charset uses more than one byte per letter in a
// way that valid UTF-8 could be mistaken for.
func wide(label string) bool {
	return strings.HasPrefix(label, "utf-16") || strings.HasPrefix(label, "utf-32") ||
		strings.HasPrefix(label, "ucs")
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func windows1258(b []byte) string {
	out, err := charmap.Windows1258.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

// encodedWord matches one RFC 2047 encoded word: =?charset?B|Q?text?=.
var encodedWord = regexp.MustCompile(`=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=`)

// decodeHeader decodes a header value made of RFC 2047 encoded words and
// plain text. Adjacent words in one charset are joined before their charset
// is decoded, so a letter or a dossier code cut across two words comes out
// whole; the white space between encoded words is dropped, as RFC 2047 asks.
// The result is NFC-normalised.
func decodeHeader(v string) string {
	var out strings.Builder
	var pending []byte
	pendingCharset := ""
	flush := func() {
		if pending != nil {
			out.WriteString(decodeCharset(pendingCharset, pending))
			pending = nil
		}
	}

	last := 0
	for _, m := range encodedWord.FindAllStringSubmatchIndex(v, -1) {
		between := v[last:m[0]]
		if pending == nil || strings.TrimSpace(between) != "" {
			flush()
			out.WriteString(decodeCharset("", []byte(between)))
		}
		label := strings.ToLower(v[m[2]:m[3]])
		if pending != nil && label != pendingCharset {
			flush()
		}
		pendingCharset = label
		pending = append(pending, decodeWord(v[m[4]:m[5]], v[m[6]:m[7]])...)
		if pending == nil {
			pending = []byte{}
		}
		last = m[1]
	}
	flush()
	out.WriteString(decodeCharset("", []byte(v[last:])))
	return norm.NFC.String(strings.TrimSpace(out.String()))
}

// decodeWord decodes the text of one encoded word, keeping what it can of
// a damaged one.
func decodeWord(enc, text string) []byte {
	if enc == "b" || enc == "B" {
		text = strings.TrimRight(text, "=")
		b, err := base64.RawStdEncoding.DecodeString(text)
		if err != nil {
			return []byte(text)
		}
		return b
	}
	var out []byte
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '_':
			out = append(out, ' ')
		case c == '=' && i+2 < len(text):
			if b, err := hex.DecodeString(text[i+1 : i+3]); err == nil {
				out = append(out, b[0])
				i += 2
				continue
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}
