package textfold

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Nguyễn Văn A", "nguyen van a"},
		{"nguyen van a", "nguyen van a"},
		{"Đặng Thị Hoà", "dang thi hoa"},
		{"Đặng Thị Hòa", "dang thi hoa"},
		{"ÐINH VĂN ĐỨC", "dinh van duc"},
		{"  Trần\tVăn   Bình  ", "tran van binh"},
		// NFD input (as pasted from some sources) folds the same as NFC.
		{"Nguye\u0302\u0303n", "nguyen"},
		{"079203001234", "079203001234"},
		{"", ""},
		// Found by fuzzing: an invalid byte before a middle dot.
		{"0000\xf6·", "0000\ufffd·"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			assert.Equal(t, c.want, Fold(c.in))
		})
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn A", "ÐĐđ", "  a  b ", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) gave invalid UTF-8 %q", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold is not idempotent: %q then %q", got, again)
		}
	})
}
