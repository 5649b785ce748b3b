package mail

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// blockTags end a line of text when they open or close.
var blockTags = map[string]bool{
	"address": true, "article": true, "blockquote": true, "br": true, "dd": true,
	"div": true, "dl": true, "dt": true, "footer": true, "form": true, "h1": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true,
	"hr": true, "li": true, "ol": true, "p": true, "pre": true, "section": true,
	"table": true, "tbody": true, "thead": true, "tr": true, "ul": true,
}

// htmlToText turns an HTML mail into plain text: entities decoded, scripts,
// styles and the title left out, one line per block and table row, and
// table cells kept apart by a space.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyLines(b.String())
		case html.TextToken:
			if !skip {
				// Runs of white space, line ends and no-break spaces
				// included, are one space in HTML; tidyLines collapses them.
				b.WriteString(strings.Map(spaceToSpace, string(z.Text())))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch {
			case tag == "script" || tag == "style" || tag == "title":
				skip = tt == html.StartTagToken
			case blockTags[tag]:
				b.WriteByte('\n')
			case tag == "td" || tag == "th":
				b.WriteByte(' ')
			}
		}
	}
}

func spaceToSpace(r rune) rune {
	if unicode.IsSpace(r) {
		return ' '
	}
	return r
}

// tidyLines trims each line, collapses its spaces and drops empty lines.
func tidyLines(s string) string {
	var out []string
	for line := range strings.Lines(s) {
		line = strings.Join(strings.Fields(line), " ")
		if line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
