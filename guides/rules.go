package guides

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Size limits of a guide file.
const (
	maxFileBytes = 256 << 10
	maxSteps     = 12
	maxBranches  = 4
	maxIDLen     = 64
)

// limit is a readability limit on one text field, in each language.
type limit struct {
	// chars is the most characters (Unicode code points) allowed.
	chars int
	// wordsVI and wordsEN are the most space-separated words allowed, or
	// 0 for no limit; Vietnamese is written one syllable per word.
	wordsVI, wordsEN int
	// sentences is the most sentences allowed, or 0 for no limit.
	sentences int
}

// The readability limits, chosen so that a step fits one phone screen in
// large text and holds one action; README.md explains them.
var (
	titleLimit   = limit{chars: 60}
	summaryLimit = limit{chars: 160, sentences: 1}
	textLimit    = limit{chars: 280, wordsVI: 60, wordsEN: 40, sentences: 3}
	problemLimit = limit{chars: 100, sentences: 1}
	fixLimit     = textLimit
	sourceLimit  = limit{chars: 200}
	noteLimit    = limit{chars: 500}
)

var (
	idPattern      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	picturePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*\.(svg|png)$`)
)

// validID reports whether s is a well-formed guide or step id.
func validID(s string) bool {
	return len(s) <= maxIDLen && idPattern.MatchString(s)
}

// validPictureName reports whether s is a well-formed picture file name.
func validPictureName(s string) bool {
	return len(s) <= maxIDLen+4 && picturePattern.MatchString(s)
}

// charProblem says what is wrong with the characters of s, or "".
func charProblem(s string) string {
	switch {
	case !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError):
		return "contains U+FFFD, a character lost to a broken encoding"
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "contains a line break or control character"
	case strings.IndexFunc(s, isInvisible) >= 0:
		r := []rune(s)[slices.IndexFunc([]rune(s), isInvisible)]
		return fmt.Sprintf("contains an invisible character (%U); delete it", r)
	case strings.IndexFunc(s, isLetterOrDigit) < 0:
		return "has no letters or digits"
	case !norm.NFC.IsNormalString(s):
		return "is not in Unicode NFC form (accents typed as separate marks); " +
			"retype it or convert it to NFC"
	}
	return ""
}

// isInvisible reports whether r is a format character such as a zero-width
// space, which pasted text brings along and no reader can see.
func isInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r)
}

// isLetterOrDigit reports whether r is a letter or a digit.
func isLetterOrDigit(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// readabilityProblems lists the ways s breaks lim, written in lang.
func readabilityProblems(s string, lim limit, lang string) []string {
	var out []string
	if n := utf8.RuneCountInString(s); lim.chars > 0 && n > lim.chars {
		out = append(out, fmt.Sprintf("is %d characters long, at most %d", n, lim.chars))
	}
	words := lim.wordsVI
	if lang == "en" {
		words = lim.wordsEN
	}
	if n := len(strings.Fields(s)); words > 0 && n > words {
		out = append(out, fmt.Sprintf("has %d words, at most %d", n, words))
	}
	if n := countSentences(s); lim.sentences > 0 && n > lim.sentences {
		out = append(out, fmt.Sprintf("has %d sentences, at most %d", n, lim.sentences))
	}
	return out
}

// countSentences counts the sentences in s: runs of . ! ? or … that end the
// text or are followed by a space each end one.
func countSentences(s string) int {
	count := 0
	rs := []rune(s)
	for i, r := range rs {
		if !isSentenceEnd(r) {
			continue
		}
		last := i == len(rs)-1
		if last || unicode.IsSpace(rs[i+1]) {
			count++
		}
	}
	if strings.TrimSpace(s) != "" && !endsSentence(rs) {
		// Text without a final full stop is still a sentence.
		count++
	}
	return count
}

// isSentenceEnd reports whether r can end a sentence.
func isSentenceEnd(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// endsSentence reports whether rs, without trailing spaces, ends with a
// sentence end mark.
func endsSentence(rs []rune) bool {
	for i := len(rs) - 1; i >= 0; i-- {
		if !unicode.IsSpace(rs[i]) {
			return isSentenceEnd(rs[i])
		}
	}
	return false
}

// urlProblem says what is wrong with a source address, or "".
func urlProblem(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		strings.ContainsAny(s, " \t") {
		return fmt.Sprintf("%q is not a web address starting with https://", s)
	}
	return ""
}
