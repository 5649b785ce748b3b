// Package mail reads the status mails that the provincial one-stop system
// sends to a service center's mailbox: it fetches new mails over IMAP, finds
// the dossier codes and status words in them and hands each status to a
// Recorder, listing the mails it cannot match for a person to look at.
package mail

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/unicode/norm"
)

// maxDepth bounds how deeply multipart and forwarded parts may nest.
const maxDepth = 12

// Message is what Parse reads from one mail.
type Message struct {
	// Subject is the decoded subject of the mail as received.
	Subject string
	// From is the sender's address, or the raw From field if it cannot be parsed.
	From string
	// Date is the Date field, or the zero time when it is missing or unreadable.
	Date time.Time
	// MessageID is the Message-ID without angle brackets.
	MessageID string
	// Forwarded is true when the system's mail was found forwarded inside this one.
	Forwarded bool
	// SystemSubject is the subject of the system's own mail: Subject, or the
	// subject of the forwarded mail.
	SystemSubject string
	// Text is the system's own text: plain text (HTML turned into text),
	// NFC-normalised, without the words of whoever forwarded it.
	Text string
	// Findings are the dossier codes found with their status and payment state.
	Findings []Finding
}

// Parse reads a raw RFC 5322 mail. It never panics on broken input: when
// the MIME structure is damaged it returns what could be read together with
// an error describing the damage.
func Parse(raw []byte) (Message, error) {
	m, errs := parseEntity(raw, 0)
	if len(errs) > 0 {
		return m, fmt.Errorf("parse mail: %w", errors.Join(errs...))
	}
	return m, nil
}

// parseEntity reads one message: the top-level mail or a forwarded one.
func parseEntity(raw []byte, depth int) (Message, []error) {
	var errs []error
	r := bytes.NewReader(raw)
	br := bufio.NewReader(r)
	h, err := textproto.ReadHeader(br)
	if err != nil {
		errs = append(errs, fmt.Errorf("header: %w", err))
	}
	body := raw[len(raw)-r.Len()-br.Buffered():]
	if err != nil && h.Len() == 0 {
		// Not a header at all: read the whole mail as text.
		body = raw
	}

	m := readHeader(h)
	c, walkErrs := walk(h, body, depth)
	errs = append(errs, walkErrs...)

	// The system's own words are those of the innermost forwarded mail; the
	// forwarder's text around it is left out.
	if len(c.forwarded) > 0 {
		m.Forwarded = true
		var texts []string
		for _, inner := range c.forwarded {
			m.Findings = append(m.Findings, forwardedFindings(inner)...)
			texts = append(texts, inner.Text)
		}
		m.SystemSubject = c.forwarded[0].SystemSubject
		m.Text = strings.Join(texts, "\n")
		return m, errs
	}

	text := norm.NFC.String(strings.TrimSpace(c.text))
	if subject, inner, ok := inlineForward(text, 0); ok {
		m.Forwarded = true
		m.SystemSubject = subject
		m.Text = inner
		m.Findings = findings(subject, inner, true)
		return m, errs
	}
	m.SystemSubject = m.Subject
	m.Text = text
	m.Findings = findings(m.Subject, text, false)
	return m, errs
}

// forwardedFindings marks the findings of a forwarded mail as coming from
// the forwarded part, unless it already says so.
func forwardedFindings(inner Message) []Finding {
	if inner.Forwarded {
		return inner.Findings
	}
	out := make([]Finding, len(inner.Findings))
	for i, f := range inner.Findings {
		switch f.Where {
		case WhereSubject:
			f.Where = WhereForwardedSubject
		case WhereBody:
			f.Where = WhereForwardedBody
		}
		out[i] = f
	}
	return out
}

// readHeader fills the header fields of a Message, keeping the raw value
// wherever a field cannot be parsed.
func readHeader(th textproto.Header) Message {
	h := gomail.Header{}
	h.Header.Header = th
	m := Message{Subject: decodeHeader(th.Get("Subject"))}
	if list, err := h.AddressList("From"); err == nil && len(list) > 0 {
		m.From = list[0].Address
	} else {
		m.From = decodeHeader(th.Get("From"))
	}
	if d, err := h.Date(); err == nil {
		m.Date = d
	}
	if id, err := h.MessageID(); err == nil {
		m.MessageID = id
	} else {
		m.MessageID = strings.Trim(strings.TrimSpace(th.Get("Message-Id")), "<>")
	}
	return m
}
