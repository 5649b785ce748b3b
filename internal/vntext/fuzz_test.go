package vntext

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Shapes of what the formatters show.
var (
	phoneShape = regexp.MustCompile(`^0\d{9}$`)
	shownPhone = regexp.MustCompile(`^0\d{3} \d{3} \d{3}$`)
	shownMoney = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})* ₫$`)
)

// toneless returns s in NFC with every tone mark taken off.
func toneless(s string) string {
	return NFC(strings.Map(func(r rune) rune {
		if isToneMark(r) {
			return -1
		}
		return r
	}, norm.NFD.String(s)))
}

// tonesOf returns the tone marks of s in the order they appear.
func tonesOf(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if isToneMark(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isToneMark(r rune) bool {
	return r == toneGrave || r == toneAcute || r == toneTilde || r == toneHook || r == toneDot
}

// fuzzSeeds are strings in every form the package meets: Unicode, decomposed, TCVN3, VNI.
var fuzzSeeds = []string{
	"", "Nguyễn Văn An", "hòa hoà thúy khỏe", "NguyÔn V¨n", "Nguyeãn Vaên", "ÐỖ",
	"Nguye\u0302\u0303n", "Nguy\xd4n", "0912345678", "José Müller", "Tröôøng Ñaïi hoïc",
	"Céng hoµ x· héi chñ nghÜa ViÖt Nam", "\xff\xfe", "e\u0301\u0323",
}

func FuzzNFC(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := NFC(s)
		if NFC(once) != once {
			t.Fatalf("NFC not idempotent on %q", s)
		}
		if utf8.ValidString(s) && (!utf8.ValidString(once) || !norm.NFC.IsNormalString(once)) {
			t.Fatalf("NFC(%q) = %q is not valid NFC", s, once)
		}
		// (x/text leaves a letter after a stray byte undecomposed, so only valid text.)
		if utf8.ValidString(s) && norm.NFD.String(once) != norm.NFD.String(s) {
			t.Fatalf("NFC(%q) = %q changed the text, not only its form", s, once)
		}
	})
}

func FuzzFixLookalikes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, changed := FixLookalikes(s)
		if changed == (out == s) {
			t.Fatalf("changed=%v but %q -> %q", changed, s, out)
		}
		if again, more := FixLookalikes(out); more || again != out {
			t.Fatalf("second pass changed %q to %q", out, again)
		}
		// Letters are replaced one for one; text stays valid; Ð and its kin are gone.
		if utf8.RuneCountInString(out) != utf8.RuneCountInString(s) {
			t.Fatalf("FixLookalikes(%q) = %q changed the length", s, out)
		}
		if utf8.ValidString(s) != utf8.ValidString(out) {
			t.Fatalf("FixLookalikes(%q) = %q changed UTF-8 validity", s, out)
		}
		if strings.ContainsAny(out, "\u00D0\u00F0\u0189\u0131") {
			t.Fatalf("FixLookalikes(%q) = %q kept a look-alike", s, out)
		}
	})
}

func FuzzToneKey(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key := ToneKey(s)
		if ToneKey(key) != key {
			t.Fatalf("ToneKey not idempotent: %q -> %q -> %q", s, key, ToneKey(key))
		}
		if utf8.ValidString(s) && !utf8.ValidString(key) {
			t.Fatalf("ToneKey(%q) gave invalid UTF-8", s)
		}
		// Only tone marks move: the letters and the tones used stay the same.
		if utf8.ValidString(s) && toneless(key) != toneless(NFC(s)) {
			t.Fatalf("ToneKey(%q) = %q changed more than tone placement", s, key)
		}
		if utf8.ValidString(s) && tonesOf(key) != tonesOf(NFC(s)) {
			t.Fatalf("ToneKey(%q) = %q changed the tones", s, key)
		}
	})
}

func FuzzDetect(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, conf := Detect(s)
		if conf < 0 || conf > 1 {
			t.Fatalf("Detect(%q) confidence %v", s, conf)
		}
		if enc != Unicode && enc != TCVN3 && enc != VNIWindows {
			t.Fatalf("Detect(%q) = %v", s, enc)
		}
		// Plain ASCII and text with a letter only Unicode has are never legacy.
		ascii := strings.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) < 0
		if (ascii || strings.ContainsAny(s, "ơưăđĐỄễ")) && (enc != Unicode || conf != 1) {
			t.Fatalf("Detect(%q) = %v, %v; want Unicode, 1", s, enc, conf)
		}
	})
}

func FuzzConvert(f *testing.F) {
	for _, s := range fuzzSeeds {
		for e := range 3 {
			f.Add(s, e)
		}
	}
	f.Fuzz(func(t *testing.T, s string, e int) {
		from := Encoding(e)
		out, err := Convert(s, from)
		if err != nil {
			if e >= 0 && e <= 2 {
				t.Fatalf("Convert(%q, %v): %v", s, from, err)
			}
			return
		}
		if !utf8.ValidString(out) || NFC(out) != out {
			t.Fatalf("Convert(%q, %v) = %q, not valid NFC", s, from, out)
		}
		// Once converted from the encoding Detect saw, the text reads as Unicode.
		if got, _ := Detect(s); got == from && from != Unicode {
			if again, _ := Detect(out); again != Unicode {
				t.Fatalf("Detect(Convert(%q, %v)) = %v", s, from, again)
			}
		}
	})
}

func FuzzFormatPhone(f *testing.F) {
	for _, s := range []string{"0912345678", "+84912345678", "", "0912 345 678", "09\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		out := FormatPhone(p)
		if strings.ReplaceAll(out, " ", "") != strings.ReplaceAll(p, " ", "") {
			t.Fatalf("FormatPhone(%q) = %q changed the digits", p, out)
		}
		if phoneShape.MatchString(p) && !shownPhone.MatchString(out) {
			t.Fatalf("FormatPhone(%q) = %q, not grouped 4-3-3", p, out)
		}
		if FormatPhone(out) != out {
			t.Fatalf("FormatPhone not idempotent: %q -> %q -> %q", p, out, FormatPhone(out))
		}
	})
}

func FuzzFormatMoney(f *testing.F) {
	for _, n := range []int64{0, 15000, -15000, 1 << 62} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		out := FormatMoney(n)
		if !shownMoney.MatchString(out) {
			t.Fatalf("FormatMoney(%d) = %q", n, out)
		}
		digits := strings.ReplaceAll(strings.TrimSuffix(out, " ₫"), ".", "")
		if back, err := strconv.ParseInt(digits, 10, 64); err != nil || back != n {
			t.Fatalf("FormatMoney(%d) = %q reads back as %d (%v)", n, out, back, err)
		}
	})
}

func FuzzFormatDate(f *testing.F) {
	f.Add(int64(0))
	f.Add(int64(1e10))
	f.Fuzz(func(t *testing.T, sec int64) {
		tm := time.Unix(sec, 0).UTC()
		out := FormatDate(tm)
		back, err := time.Parse("02/01/2006", out)
		if tm.Year() >= 1 && tm.Year() <= 9999 && (err != nil || back.Day() != tm.Day()) {
			t.Fatalf("FormatDate(%v) = %q does not read back: %v", tm, out, err)
		}
	})
}

// FuzzConvertRoundTrip writes Unicode text in a legacy encoding and reads it back.
func FuzzConvertRoundTrip(f *testing.F) {
	for _, s := range append(fuzzSeeds, names...) {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, tcvn bool) {
		if !utf8.ValidString(s) {
			return
		}
		enc := VNIWindows
		if tcvn {
			enc = TCVN3
		}
		u := NFC(s)
		legacy, err := encodeLegacy(u, enc)
		if err != nil {
			return // a letter the encoding cannot write, such as Ỗ in TCVN3
		}
		out, err := Convert(legacy, enc)
		if err != nil {
			t.Fatalf("Convert(%q, %v): %v", legacy, enc, err)
		}
		if enc == TCVN3 && capitalsFontWord(u) {
			// TCVN3 shows a word of capitals with lower-case codes, read back in capitals.
			if !strings.EqualFold(out, u) {
				t.Fatalf("%q -> %q -> %q", u, legacy, out)
			}
			return
		}
		if out != u {
			t.Fatalf("%q written in %v as %q reads back as %q", u, enc, legacy, out)
		}
	})
}

// capitalsFontWord reports whether a word of s is one that decodeTCVN3 writes in capitals.
func capitalsFontWord(s string) bool {
	for _, w := range splitTokens(s) {
		if capitalWord(w) != w {
			return true
		}
	}
	return false
}

func FuzzNeedsMarks(f *testing.F) {
	for _, s := range []string{"Nguyen", "Duc", "Lan", "Smith", "nghieng", "a", "qua", "gi"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if !NeedsMarks(w) {
			return
		}
		if len(w) > longestSyllable || strings.IndexFunc(w, func(r rune) bool {
			return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z')
		}) >= 0 {
			t.Fatalf("NeedsMarks(%q) for a word that is not plain ASCII letters", w)
		}
		if validSyllable(strings.ToLower(w)) {
			t.Fatalf("NeedsMarks(%q) but it is a syllable as it stands", w)
		}
	})
}
