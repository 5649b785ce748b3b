package mail

import (
	"regexp"
	"strings"
)

// forwardMarker matches the line that mail programs put above a message
// forwarded inline, in English and in Vietnamese.
var forwardMarker = regexp.MustCompile(`(?im)^[ \t>]*(?:-{2,}[ \t]*(?:forwarded message|` +
	`original message|thư đã chuyển tiếp|thư chuyển tiếp|` +
	`tin nhắn đã chuyển tiếp)[ \t]*-{2,}|` +
	`begin forwarded message:)[ \t]*$`)

// headerLine matches a "Key: value" line of a forwarded message's header.
var headerLine = regexp.MustCompile(`^[ \t>]*([\p{L} -]{2,20}?)[ \t]*:[ \t]*(.*)$`)

// headerKeys are the keys of a forwarded header, true for those that hold
// the subject. The header ends at the first line with another key, since
// text made from HTML has no blank line after it.
var headerKeys = map[string]bool{
	"subject": true, "tiêu đề": true, "chủ đề": true,
	"from": false, "từ": false, "người gửi": false, "date": false, "sent": false,
	"ngày": false, "đã gửi": false, "thời gian": false, "to": false, "tới": false,
	"đến": false, "người nhận": false, "cc": false, "bcc": false, "reply-to": false,
}

// TODO(mail-replies): a citizen's reply that quotes the system's mail ("> "
// lines under "On ... wrote:") is read whole, so the citizen's words count
// as the system's; keeping only the quoted part needs real reply samples.

// inlineForward finds a message forwarded inside the text of another: it
// returns the forwarded subject and body, dropping the forwarder's own
// words above the marker. Forwards of forwards yield the innermost message.
func inlineForward(text string, depth int) (subject, body string, ok bool) {
	loc := forwardMarker.FindStringIndex(text)
	if loc == nil || depth > maxDepth {
		return "", "", false
	}
	lines := strings.Split(text[loc[1]:], "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	for ; i < len(lines); i++ {
		m := headerLine.FindStringSubmatch(lines[i])
		if m == nil {
			break
		}
		isSubject, known := headerKeys[strings.ToLower(strings.TrimSpace(m[1]))]
		if !known {
			break
		}
		if isSubject {
			subject = strings.TrimSpace(m[2])
		}
	}
	body = strings.TrimSpace(strings.Join(lines[i:], "\n"))
	if s, b, ok := inlineForward(body, depth+1); ok {
		return s, b, true
	}
	return subject, body, true
}
