package vntext

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

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
	})
}

func FuzzFormatMoney(f *testing.F) {
	for _, n := range []int64{0, 15000, -15000, 1 << 62} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		out := FormatMoney(n)
		if !strings.HasSuffix(out, " ₫") || strings.Contains(out, "..") {
			t.Fatalf("FormatMoney(%d) = %q", n, out)
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
