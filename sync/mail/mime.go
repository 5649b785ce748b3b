package mail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
)

const (
	// maxText bounds the text kept from one text part.
	maxText = 1 << 20
	// maxForwarded bounds a forwarded mail read into memory.
	maxForwarded = 32 << 20
)

// content is the readable part of a MIME tree: its text, and the mails
// forwarded inside it as message/rfc822 parts.
type content struct {
	text      string
	forwarded []Message
}

// walk reads the body of an entity with header h, choosing by media type.
func walk(h textproto.Header, body []byte, depth int) (content, []error) {
	if depth > maxDepth {
		return content{}, []error{errors.New("parts nested too deeply")}
	}
	var errs []error
	mediaType, params, err := contentType(h)
	if err != nil {
		errs = append(errs, err)
	}

	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		c, mErrs := walkMultipart(mediaType, params["boundary"], body, depth)
		return c, append(errs, mErrs...)
	case mediaType == "message/rfc822" || mediaType == "message/global":
		raw, err := readBody(h, bytes.NewReader(body), maxForwarded)
		if err != nil {
			errs = append(errs, err)
		}
		inner, innerErrs := parseEntity(raw, depth+1)
		return content{forwarded: []Message{inner}}, append(errs, innerErrs...)
	case mediaType == "text/plain" || mediaType == "text/html":
		text, err := readText(h, mediaType, params["charset"], bytes.NewReader(body))
		if err != nil {
			errs = append(errs, err)
		}
		return content{text: text}, errs
	}
	return content{}, errs
}

// contentType reads the media type, defaulting to text/plain when the field
// is missing or unreadable, as RFC 2045 asks. Parameters that break the
// syntax, such as a trailing semicolon, are read loosely instead.
func contentType(h textproto.Header) (string, map[string]string, error) {
	v := h.Get("Content-Type")
	if strings.TrimSpace(v) == "" {
		return "text/plain", map[string]string{}, nil
	}
	t, params, err := mime.ParseMediaType(v)
	if err == nil && strings.Contains(t, "/") {
		return t, params, nil
	}
	t, _, _ = strings.Cut(v, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	if !strings.Contains(t, "/") {
		return "text/plain", map[string]string{}, fmt.Errorf("content type %q not a media type",
			t)
	}
	params = map[string]string{}
	for _, m := range looseParam.FindAllStringSubmatch(v, -1) {
		params[strings.ToLower(m[1])] = m[2] + m[3]
	}
	return t, params, nil
}

// looseParam finds a charset or boundary parameter in a damaged field.
var looseParam = regexp.MustCompile(`(?i)\b(charset|boundary)\s*=\s*(?:"([^"]*)"|([^";\s]+))`)

// walkMultipart reads each part; of alternatives it keeps the plain text
// when there is some, and otherwise the last (richest) one with text.
func walkMultipart(mediaType, boundary string, body []byte, depth int) (content, []error) {
	if boundary == "" {
		return fallbackText(body), []error{errors.New("multipart without boundary")}
	}
	var errs []error
	var parts []content
	var plain []bool
	mr := textproto.NewMultipartReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("multipart: %w", err))
			break
		}
		if attachment(p.Header) {
			continue
		}
		partBody, err := io.ReadAll(io.LimitReader(p, maxForwarded))
		if err != nil {
			errs = append(errs, fmt.Errorf("read part: %w", err))
		}
		c, partErrs := walk(p.Header, partBody, depth+1)
		errs = append(errs, partErrs...)
		t, _, _ := contentType(p.Header)
		parts = append(parts, c)
		plain = append(plain, t == "text/plain")
	}
	if len(parts) == 0 && len(errs) > 0 {
		return fallbackText(body), errs
	}
	if mediaType == "multipart/alternative" {
		return pickAlternative(parts, plain), errs
	}
	var out content
	var texts []string
	for _, c := range parts {
		if strings.TrimSpace(c.text) != "" {
			texts = append(texts, c.text)
		}
		out.forwarded = append(out.forwarded, c.forwarded...)
	}
	out.text = strings.Join(texts, "\n")
	return out, errs
}

func pickAlternative(parts []content, plain []bool) content {
	for i, c := range parts {
		if plain[i] && strings.TrimSpace(c.text) != "" {
			return c
		}
	}
	for i := len(parts) - 1; i >= 0; i-- {
		if strings.TrimSpace(parts[i].text) != "" || len(parts[i].forwarded) > 0 {
			return parts[i]
		}
	}
	return content{}
}

// attachment reports whether a part is a file to skip unread: anything
// marked as an attachment, or not text, multipart or a forwarded mail.
func attachment(h textproto.Header) bool {
	t, _, _ := contentType(h)
	if strings.HasPrefix(t, "multipart/") || t == "message/rfc822" || t == "message/global" {
		return false
	}
	disp, _, _ := strings.Cut(h.Get("Content-Disposition"), ";")
	if strings.EqualFold(strings.TrimSpace(disp), "attachment") {
		return true
	}
	return t != "text/plain" && t != "text/html"
}

// fallbackText keeps the text of a body whose MIME structure is broken, so
// that its dossier codes and status words can still be read.
func fallbackText(body []byte) content {
	if len(body) > maxText {
		body = body[:maxText]
	}
	text := decodeCharset("", body)
	return content{text: text}
}

// readBody undoes the transfer encoding of a body, reading at most limit bytes.
func readBody(h textproto.Header, body io.Reader, limit int64) ([]byte, error) {
	bare := textproto.Header{}
	if enc := h.Get("Content-Transfer-Encoding"); enc != "" {
		bare.Set("Content-Transfer-Encoding", enc)
	}
	var errs []error
	e, err := message.New(message.Header{Header: bare}, body)
	if err != nil {
		// The entity is still readable, as is, when the encoding is unknown.
		errs = append(errs, fmt.Errorf("transfer encoding: %w", err))
	}
	b, err := io.ReadAll(io.LimitReader(e.Body, limit))
	if err != nil {
		errs = append(errs, fmt.Errorf("decode body: %w", err))
	}
	return b, errors.Join(errs...)
}

// readText decodes a text part to UTF-8 and, for HTML, to plain text.
func readText(h textproto.Header, mediaType, label string, body io.Reader) (string, error) {
	b, err := readBody(h, body, maxText)
	text := decodeCharset(label, b)
	if mediaType == "text/html" {
		text = htmlToText(text)
	}
	return strings.ReplaceAll(text, "\r\n", "\n"), err
}
