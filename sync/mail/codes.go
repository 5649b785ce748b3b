package mail

import (
	"regexp"
	"strings"
)

// codePattern matches the shape of a dossier code: an agency id of two to
// five dot-separated parts of two or three letters or digits, the receipt
// date as yyMMdd and a daily sequence, e.g. 000.00.00.H49-250725-0001 or
// G12.18-260509-00037623.
var codePattern = regexp.MustCompile(
	`(?i)[0-9a-z]{2,3}(?:\.[0-9a-z]{2,3}){1,4}-[0-9]{6}-[0-9]{4,10}`)

// FindCodes returns the dossier codes (mã hồ sơ) in text, each once, in the
// order they first appear and exactly as written. Procedure codes, bare
// agency ids and codes inside links or URL parameters are not returned.
func FindCodes(text string) []string {
	var codes []string
	seen := map[string]bool{}
	for _, loc := range codePattern.FindAllStringIndex(text, -1) {
		start, end := loc[0], loc[1]
		code := text[start:end]
		if !codeBoundary(text, start, end) || !codeParts(code) || inURL(text, start, end) {
			continue
		}
		key := strings.ToUpper(code)
		if seen[key] {
			continue
		}
		seen[key] = true
		codes = append(codes, code)
	}
	return codes
}

// codeBoundary reports whether the match stands on its own: not glued to a
// longer token such as a procedure code, a path or a query parameter.
func codeBoundary(text string, start, end int) bool {
	if start > 0 && strings.IndexByte("._-/=?&#%+", text[start-1]) >= 0 {
		return false
	}
	if start > 0 && isASCIIAlnum(text[start-1]) {
		return false
	}
	if end < len(text) {
		c := text[end]
		if isASCIIAlnum(c) || c == '_' || c == '/' {
			return false
		}
		if (c == '-' || c == '.') && end+1 < len(text) && isASCIIAlnum(text[end+1]) {
			return false
		}
	}
	return true
}

// codeParts checks what the pattern cannot: the agency id holds a letter
// (the level letter, H for a province or G for a ministry) and the date is
// a real month and day.
func codeParts(code string) bool {
	agency, rest, _ := strings.Cut(code, "-")
	date, _, _ := strings.Cut(rest, "-")
	if !strings.ContainsFunc(agency, func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}) {
		return false
	}
	month := int(date[2]-'0')*10 + int(date[3]-'0')
	day := int(date[4]-'0')*10 + int(date[5]-'0')
	return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

// inURL reports whether the match sits in a link, such as a tracking URL
// whose query carries the code.
func inURL(text string, start, end int) bool {
	from := strings.LastIndexAny(text[:start], " \t\r\n<>\"'(") + 1
	to := strings.IndexAny(text[end:], " \t\r\n<>\"')")
	if to < 0 {
		to = len(text)
	} else {
		to += end
	}
	token := strings.ToLower(text[from:to])
	return strings.Contains(token, "://") || strings.HasPrefix(token, "www.")
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
